#include "engine/item_key.h"

#include "engine/key_codec.h"
#include "engine/vector_indexes.h"

namespace ddb {
namespace {

// DynamoDB's limits on key values (developer guide, "Service quotas").
constexpr std::size_t kMaxPartitionKeyBytes = 2048;
constexpr std::size_t kMaxSortKeyBytes = 1024;

bool IsEmptyKeyValue(const AttributeValue& value) {
  return (value.type() == Type::kS && value.s().empty()) ||
         (value.type() == Type::kB && value.b().bytes.empty());
}

Error EmptyKey(const std::string& name) {
  return Error::Validation(
      "One or more parameter values are not valid. The AttributeValue for a key attribute "
      "cannot contain an empty string value. Key: " + name);
}

Status CheckKeySize(KeyType role, const AttributeValue& value) {
  std::size_t size = AttributeSize(value);
  if (role == KeyType::kHash && size > kMaxPartitionKeyBytes) {
    return Error::InvalidParameter(
        "Size of hashkey has exceeded the maximum size limit of2048 bytes");
  }
  if (role == KeyType::kRange && size > kMaxSortKeyBytes) {
    return Error::InvalidParameter(
        "Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
  }
  return {};
}

Status CheckIndexKeys(const TableDefinition& table, const std::vector<SecondaryIndex>& indexes,
                      const Item& item, KeyWrite write) {
  for (const auto& index : indexes) {
    for (const auto& k : index.key_schema) {
      auto it = item.find(k.attribute_name);
      if (it == item.end()) continue;
      Type declared = table.AttributeType(k.attribute_name).value_or(Type::kS);
      if (it->second.type() != declared) {
        return Error::InvalidParameter(
            "Type mismatch for Index Key " + k.attribute_name + " Expected: " +
            std::string(TypeName(declared)) + " Actual: " +
            std::string(TypeName(it->second.type())) + " IndexName: " + index.index_name);
      }
      std::size_t size = AttributeSize(it->second);
      std::size_t max = k.key_type == KeyType::kHash ? kMaxPartitionKeyBytes : kMaxSortKeyBytes;
      if (size > max) {
        return Error::InvalidParameter(
            "Size limit exceeded for Index Key " + k.attribute_name + " Actual Size: " +
            std::to_string(size) + " bytes Max Size: " + std::to_string(max) +
            " bytes IndexName: " + index.index_name);
      }
      const char* kind = declared == Type::kB ? "binary" : "string";
      if (IsEmptyKeyValue(it->second) && write == KeyWrite::kUpdate) {
        return Error::Validation(
            "One or more parameter values are not valid. The update expression attempted to "
            "update a secondary index key to a value that is not supported. The AttributeValue "
            "for a key attribute cannot contain an empty " + std::string(kind) + " value.");
      }
      if (IsEmptyKeyValue(it->second)) {
        return Error::Validation(
            "One or more parameter values are not valid. A value specified for a secondary "
            "index key is not supported. The AttributeValue for a key attribute cannot contain "
            "an empty " + std::string(declared == Type::kB ? "binary" : "string") +
            " value. IndexName: " + index.index_name + ", IndexKey: " + k.attribute_name);
      }
    }
  }
  return {};
}

}  // namespace

Result<std::string> ItemKeyOfItem(const TableDefinition& table, const Item& item,
                                  KeyWrite write) {
  std::string key = TablePrefix(table.table_id);
  for (const auto& k : table.key_schema) {
    auto it = item.find(k.attribute_name);
    if (it == item.end()) {
      return Error::InvalidParameter("Missing the key " + k.attribute_name + " in the item");
    }
    Type declared = table.AttributeType(k.attribute_name).value_or(Type::kS);
    if (it->second.type() != declared) {
      return Error::InvalidParameter("Type mismatch for key " + k.attribute_name +
                                     " expected: " + std::string(TypeName(declared)) +
                                     " actual: " + std::string(TypeName(it->second.type())));
    }
    if (IsEmptyKeyValue(it->second)) return EmptyKey(k.attribute_name);
    if (auto s = CheckKeySize(k.key_type, it->second); !s) return std::move(s).error();
    AppendKeyValue(it->second, key);
  }
  if (auto s = CheckIndexKeys(table, table.global_secondary_indexes, item, write); !s) {
    return std::move(s).error();
  }
  if (auto s = CheckIndexKeys(table, table.local_secondary_indexes, item, write); !s) {
    return std::move(s).error();
  }
  if (auto s = CheckVectorAttributes(table, item); !s) return std::move(s).error();
  return key;
}

Result<std::string> ItemKeyOfKey(const TableDefinition& table, const Item& key) {
  const Error mismatch = Error::Validation("The provided key element does not match the schema");
  if (key.size() != table.key_schema.size()) return mismatch;
  std::string out = TablePrefix(table.table_id);
  for (const auto& k : table.key_schema) {
    auto it = key.find(k.attribute_name);
    if (it == key.end()) return mismatch;
    if (it->second.type() != table.AttributeType(k.attribute_name).value_or(Type::kS)) {
      return mismatch;
    }
    if (IsEmptyKeyValue(it->second)) return EmptyKey(k.attribute_name);
    if (auto s = CheckKeySize(k.key_type, it->second); !s) return std::move(s).error();
    AppendKeyValue(it->second, out);
  }
  return out;
}

Item KeyOf(const TableDefinition& table, const Item& item) {
  Item key;
  for (const auto& k : table.key_schema) {
    auto it = item.find(k.attribute_name);
    if (it != item.end()) key.emplace(it->first, it->second);
  }
  return key;
}

}  // namespace ddb
