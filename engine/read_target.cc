#include "engine/read_target.h"

#include <algorithm>

#include "engine/index_entries.h"
#include "engine/key_codec.h"

namespace ddb {
namespace {

QueriedKeys KeysOf(const TableDefinition& table, const KeySchema& schema) {
  QueriedKeys keys;
  for (const auto& k : schema) {
    Type type = table.AttributeType(k.attribute_name).value_or(Type::kS);
    (k.key_type == KeyType::kHash ? keys.hash : keys.range).push_back({k.attribute_name, type});
  }
  return keys;
}

void AddKeyAttributes(const KeySchema& schema, std::vector<std::string>& out) {
  for (const auto& k : schema) {
    if (std::find(out.begin(), out.end(), k.attribute_name) == out.end()) {
      out.push_back(k.attribute_name);
    }
  }
}

}  // namespace

Result<ReadTarget> ResolveTarget(const TableDefinition& table,
                                 const std::optional<std::string>& index_name,
                                 ReadOperation operation) {
  ReadTarget target;
  if (!index_name) {
    target.keys = KeysOf(table, table.key_schema);
    target.prefix = TablePrefix(table.table_id);
    AddKeyAttributes(table.key_schema, target.key_attributes);
    return target;
  }
  for (const auto& index : table.global_secondary_indexes) {
    if (index.index_name == *index_name) target.index = &index, target.global_index = true;
  }
  for (const auto& index : table.local_secondary_indexes) {
    if (index.index_name == *index_name) target.index = &index;
  }
  if (!target.index && table.FindVectorIndex(*index_name)) {
    return Error::Validation(VectorIndexRefusal(operation));
  }
  if (!target.index) {
    return Error::Validation("The table does not have the specified index: " + *index_name);
  }
  target.keys = KeysOf(table, target.index->key_schema);
  target.space = storage::Space::kIndexes;
  target.prefix = IndexPrefix(table.table_id, target.index->index_id);
  AddKeyAttributes(target.index->key_schema, target.key_attributes);
  AddKeyAttributes(table.key_schema, target.key_attributes);
  return target;
}

Result<Select> EffectiveSelect(const ReadRequest& request, const ReadTarget& target) {
  bool projected = request.expressions.projection_expression || request.attributes_to_get;
  std::string what = request.expressions.projection_expression ? "ProjectionExpression"
                                                               : "AttributesToGet";
  switch (request.select) {
    case Select::kDefault:
      if (projected) return Select::kSpecificAttributes;
      return target.index ? Select::kAllProjectedAttributes : Select::kAllAttributes;
    case Select::kSpecificAttributes:
      if (!projected) {
        return Error::Validation("Must specify the AttributesToGet or ProjectionExpression when "
                                 "choosing to get SPECIFIC_ATTRIBUTES");
      }
      return Select::kSpecificAttributes;
    case Select::kAllProjectedAttributes:
      if (!target.index) {
        return Error::Validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using "
                                 "an IndexName");
      }
      [[fallthrough]];
    case Select::kAllAttributes:
    case Select::kCount:
      if (projected) {
        const char* name = request.select == Select::kCount ? "only the Count"
                           : request.select == Select::kAllAttributes
                               ? "ALL_ATTRIBUTES"
                               : "ALL_PROJECTED_ATTRIBUTES";
        return Error::Validation("Cannot specify the " + what + " when choosing to get " +
                                 name);
      }
      if (request.select == Select::kAllAttributes && target.global_index &&
          target.index->projection.projection_type != "ALL") {
        return Error::InvalidParameter(
            "Select type ALL_ATTRIBUTES is not supported for global secondary index " +
            target.index->index_name + " because its projection type is not ALL");
      }
      return request.select;
  }
  return request.select;
}

bool NeedsTableFetch(Select select, const ReadRequest& request, const ReadTarget& target) {
  if (!target.index || target.global_index) return false;
  const Projection& p = target.index->projection;
  if (p.projection_type == "ALL") return false;
  if (select == Select::kAllAttributes) return true;
  if (select != Select::kSpecificAttributes) return false;
  // A projection that names an attribute the index does not hold.
  auto held = [&](const std::string& name) {
    return std::find(target.key_attributes.begin(), target.key_attributes.end(), name) !=
               target.key_attributes.end() ||
           std::find(p.non_key_attributes.begin(), p.non_key_attributes.end(), name) !=
               p.non_key_attributes.end();
  };
  if (request.attributes_to_get) {
    return !std::all_of(request.attributes_to_get->begin(), request.attributes_to_get->end(),
                        held);
  }
  return true;  // ProjectionExpression: decided per path by the caller's fetch
}

Result<std::string> StartKeyOf(const TableDefinition& table, const ReadTarget& target,
                               const Item& start, bool query) {
  // DynamoDB words a starting key with the wrong attributes differently in
  // a Scan of the table.
  const Error invalid = Error::Validation(
      query || target.index ? "The provided starting key is invalid"
            : "The provided starting key is invalid: The provided key element does not match "
              "the schema");
  if (start.size() != target.key_attributes.size()) return invalid;
  for (const auto& name : target.key_attributes) {
    auto it = start.find(name);
    if (it == start.end()) return invalid;
    if (it->second.type() != table.AttributeType(name).value_or(Type::kS)) {
      return Error::Validation("The provided key element does not match the schema");
    }
  }
  if (target.index) {
    auto key = IndexEntryKey(table, *target.index, start);
    if (!key) return invalid;
    return *std::move(key);
  }
  std::string key = target.prefix;
  for (const auto& k : table.key_schema) AppendKeyValue(start.at(k.attribute_name), key);
  return key;
}

std::string VectorIndexRefusal(ReadOperation operation) {
  // As recorded from DynamoDB: Query's message ends with a full stop, the
  // Scan one (seen through PartiQL, which scans) does not.
  return operation == ReadOperation::kQuery
             ? "Query operation not supported on this index type."
             : "Scan operation not supported on this index type";
}

Result<ResolvedRead> ResolveRead(const TableDefinition& table, const ReadRequest& request,
                                 ReadOperation operation) {
  auto target = ResolveTarget(table, request.index_name, operation);
  if (!target) return std::move(target).error();
  if (auto s = CheckConsistentRead(request, *target); !s) return std::move(s).error();
  auto select = EffectiveSelect(request, *target);
  if (!select) return std::move(select).error();
  return ResolvedRead{*std::move(target), *select};
}

Status CheckConsistentRead(const ReadRequest& request, const ReadTarget& target) {
  if (request.consistent_read && target.global_index) {
    return Error::Validation("Consistent reads are not supported on global secondary indexes");
  }
  return {};
}

}  // namespace ddb
