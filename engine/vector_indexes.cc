// Vector index definitions and the write-time checks of the attributes they
// index. Messages are DynamoDB's as recorded against the service
// (/COMPATIBILITY.md says which could not be confirmed).
#include "engine/vector_indexes.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <set>
#include <string>

#include "engine/table_validation.h"
#include "model/item_codec.h"

namespace ddb {
namespace {

Error Limit(std::string message) {
  return {ErrorCode::kLimitExceededException, std::move(message), {}, {}};
}

// The envelope DynamoDB puts around an item's vector index violations.
Error ItemInvalid(const std::string& detail, const VectorIndex& index) {
  return Error::Validation(
      "One or more parameter values are not valid. One or more parameter values were invalid . " +
      detail + ". IndexName: " + index.index_name);
}

Status ValidateOne(const TableDefinition& table, const VectorIndex& index) {
  if (index.dimensions < 1 || index.dimensions > kMaxVectorDimensions) {
    return Error::InvalidParameter("Number of dimensions must be between 1 and 4096 inclusive.");
  }
  std::size_t hashes = 0, filters = 0;
  for (const auto& e : index.search_schema) {
    if (!table.AttributeType(e.attribute_name)) {
      return Error::InvalidParameter(
          "One element in SearchSchema is not defined in attribute definitions");
    }
    (e.element_type == "HASH" ? hashes : filters)++;
  }
  if (hashes > 1) {
    return Error::InvalidParameter("Value '" + std::to_string(hashes) +
                                   "' at 'SearchSchema' failed to satisfy constraint: Member must "
                                   "have HASH count less than or equal to 1");
  }
  if (filters > kMaxInlineFilters) {
    return Error::InvalidParameter("Value '" + std::to_string(filters) +
                                   "' at 'SearchSchema' failed to satisfy constraint: Member must "
                                   "have INLINE_FILTER count less than or equal to 18");
  }
  if (table.AttributeType(index.vector_attribute)) {
    return Error::InvalidParameter("Conflicting attribute definition for '" +
                                   index.vector_attribute +
                                   "'. An attribute cannot be defined in AttributeDefinitions when "
                                   "used as a VectorAttribute.");
  }
  return ValidateProjection(index.projection);
}

// Whether a number fits a 32-bit float (DynamoDB stores vectors so).
bool FitsFloat(double v) {
  return std::isfinite(v) && std::fabs(v) <= std::numeric_limits<float>::max();
}

std::optional<double> NumberValue(const AttributeValue& v) {
  if (v.type() != Type::kN) return std::nullopt;
  return std::strtod(v.n().ToString().c_str(), nullptr);
}

Status CheckVector(const VectorIndex& index, const AttributeValue& value) {
  const std::string& name = index.vector_attribute;
  if (value.type() != Type::kL) {
    return ItemInvalid("Invalid type for parameter " + name + ", Expected: L, Actual: " +
                           std::string(TypeName(value.type())),
                       index);
  }
  const List& list = value.l();
  if (static_cast<int64_t>(list.size()) != index.dimensions) {
    return ItemInvalid("Invalid size for parameter " + name + ", Expected: " +
                           std::to_string(index.dimensions) + ", Actual: " +
                           std::to_string(list.size()),
                       index);
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    std::string element = name + "[" + std::to_string(i) + "]";
    std::optional<double> v = NumberValue(list[i]);
    if (!v) {
      return ItemInvalid("Invalid type for parameter " + element +
                             ", Expected: 32-bit floating point number, Actual: " +
                             std::string(TypeName(list[i].type())),
                         index);
    }
    if (!FitsFloat(*v)) {
      return ItemInvalid("Invalid value for parameter " + element + ", Value: " +
                             list[i].n().ToString() +
                             " is outside valid range [-3.4028235E38, 3.4028235E38]",
                         index);
    }
  }
  return {};
}

}  // namespace

Status ValidateVectorIndexes(const TableDefinition& table) {
  if (table.vector_indexes.empty()) return {};
  if (table.billing_mode != "PAY_PER_REQUEST") {
    return Error::InvalidParameter("Vector indexes are only supported for PAY_PER_REQUEST tables");
  }
  if (table.vector_indexes.size() > kMaxVectorIndexes) {
    return Error::InvalidParameter("VectorIndex count exceeds the per-table limit of 5");
  }
  std::set<std::string> names;
  for (const auto* index : table.AllIndexes()) names.insert(index->index_name);
  std::map<std::string, int64_t> dimensions;  // vector attribute -> its dimensions
  for (const auto& index : table.vector_indexes) {
    if (!names.insert(index.index_name).second) {
      return Error::InvalidParameter("Duplicate index name: " + index.index_name);
    }
    if (auto s = ValidateOne(table, index); !s) return s;
    auto [it, fresh] = dimensions.emplace(index.vector_attribute, index.dimensions);
    if (!fresh && it->second != index.dimensions) {
      return Error::InvalidParameter("Conflicting attribute definition for '" +
                                     index.vector_attribute +
                                     "'. All VectorIndexes on the same vector attribute must use "
                                     "the same dimensions.");
    }
  }
  return {};
}

Status ApplyVectorIndexUpdates(const std::vector<VectorIndexUpdate>& updates,
                               const std::vector<AttributeDefinition>& definitions,
                               TableDefinition& table) {
  if (updates.size() > 1) {
    return Limit("Subscriber limit exceeded: Only 1 online index can be created or deleted "
                 "simultaneously per table");
  }
  for (const auto& update : updates) {
    auto& indexes = table.vector_indexes;
    auto it = std::find_if(indexes.begin(), indexes.end(), [&](const VectorIndex& v) {
      return v.index_name == update.index.index_name;
    });
    if (!update.create) {
      if (it == indexes.end()) {
        return Error::ResourceNotFound("Requested resource not found: Index: " +
                                       update.index.index_name + " not found");
      }
      indexes.erase(it);
      continue;
    }
    if (it != indexes.end()) {
      return Error::Validation("Attempting to create an index which already exists");
    }
    if (indexes.size() >= kMaxVectorIndexes) {
      return Limit("Subscriber limit exceeded: Number of vector secondary indexes exceeds "
                   "per-table limit of 5");
    }
    // The search schema's attributes come with this request's definitions.
    for (const auto& d : definitions) {
      bool known = table.AttributeType(d.attribute_name).has_value();
      if (!known) table.attribute_definitions.push_back(d);
    }
    indexes.push_back(update.index);
  }
  return {};
}

Status CheckVectorAttributes(const TableDefinition& table, const Item& item) {
  for (const auto& index : table.vector_indexes) {
    auto vector = item.find(index.vector_attribute);
    if (vector != item.end()) {
      if (auto s = CheckVector(index, vector->second); !s) return s;
    }
    for (const auto& e : index.search_schema) {
      auto it = item.find(e.attribute_name);
      if (it == item.end()) continue;
      Type declared = table.AttributeType(e.attribute_name).value_or(Type::kS);
      if (it->second.type() != declared) {
        return ItemInvalid("Attribute '" + e.attribute_name + "' type mismatch. Expected: " +
                               std::string(TypeName(declared)) + ", Actual: " +
                               std::string(TypeName(it->second.type())),
                           index);
      }
      bool empty = (declared == Type::kS && it->second.s().empty()) ||
                   (declared == Type::kB && it->second.b().bytes.empty());
      if (e.element_type == "HASH" && empty) {
        return Error::Validation(
            "One or more parameter values are not valid. A value specified for a secondary index "
            "key is not supported. The AttributeValue for a key attribute cannot contain an "
            "empty " + std::string(declared == Type::kB ? "binary" : "string") +
            " value. IndexName: " + index.index_name + ", IndexKey: " + e.attribute_name);
      }
    }
  }
  return {};
}

Item VectorIndexEntry(const TableDefinition& table, const VectorIndex& index, const Item& item,
                      bool with_vector) {
  std::set<std::string> kept;
  for (const auto& k : table.key_schema) kept.insert(k.attribute_name);
  for (const auto& e : index.search_schema) kept.insert(e.attribute_name);
  for (const auto& a : index.projection.non_key_attributes) kept.insert(a);
  const bool all = index.projection.projection_type == "ALL";
  Item entry;
  for (const auto& [name, value] : item) {
    if (name == index.vector_attribute ? with_vector : all || kept.count(name)) {
      entry.emplace(name, value);
    }
  }
  return entry;
}

std::optional<double> VectorWriteBytes(const TableDefinition& table, const VectorIndex& index,
                                       const std::optional<Item>& old,
                                       const std::optional<Item>& now) {
  auto entry = [&](const std::optional<Item>& item) -> std::optional<Item> {
    if (!item || !IndexedVector(index, *item)) return std::nullopt;
    return VectorIndexEntry(table, index, *item, true);
  };
  std::optional<Item> before = entry(old);
  std::optional<Item> after = entry(now);
  if (before == after) return std::nullopt;
  Item written = after ? *std::move(after) : *std::move(before);
  written.erase(index.vector_attribute);
  const double bytes = static_cast<double>(ItemSize(written) + index.vector_attribute.size()) +
                       4.0 * static_cast<double>(index.dimensions);
  return std::max(1024.0, bytes);
}

std::optional<std::vector<float>> IndexedVector(const VectorIndex& index, const Item& item) {
  auto it = item.find(index.vector_attribute);
  if (it == item.end() || it->second.type() != Type::kL) return std::nullopt;
  if (const SearchSchemaElement* hash = index.Hash(); hash && !item.count(hash->attribute_name)) {
    return std::nullopt;  // written, but not in the index (DynamoDB skips it too)
  }
  const List& list = it->second.l();
  if (static_cast<int64_t>(list.size()) != index.dimensions) return std::nullopt;
  std::vector<float> vector;
  vector.reserve(list.size());
  for (const auto& element : list) {
    std::optional<double> v = NumberValue(element);
    if (!v || !FitsFloat(*v)) return std::nullopt;
    vector.push_back(static_cast<float>(*v));
  }
  return vector;
}

double VectorScore(const std::string& function, const std::vector<float>& q,
             const std::vector<float>& s) {
  double dot = 0, qq = 0, ss = 0, distance = 0;
  for (std::size_t i = 0; i < q.size(); ++i) {
    dot += double(q[i]) * s[i];
    qq += double(q[i]) * q[i];
    ss += double(s[i]) * s[i];
    distance += (double(q[i]) - s[i]) * (double(q[i]) - s[i]);
  }
  double score;
  if (function == "DOT_PRODUCT") {
    score = dot;
  } else if (function == "EUCLIDEAN") {
    score = std::sqrt(distance);
  } else {
    score = qq == 0 || ss == 0 ? 1.0 : 1.0 - dot / (std::sqrt(qq) * std::sqrt(ss));
  }
  const double most = std::numeric_limits<float>::max();
  return std::clamp(score, -most, most);
}

}  // namespace ddb
