#include "engine/table_validation.h"
#include "engine/vector_indexes.h"

#include <algorithm>
#include <set>

namespace ddb {
namespace {

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out = "[";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += names[i];
  }
  return out + "]";
}

Status ValidateKeySchema(const KeySchema& schema) {
  if (schema.empty()) return Error::Validation("Invalid KeySchema: Some index key attribute have no definition");
  if (schema[0].key_type != KeyType::kHash) {
    return Error::Validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  }
  if (schema.size() == 2) {
    if (schema[1].key_type != KeyType::kRange) {
      return Error::Validation(
          "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
    }
    if (schema[0].attribute_name == schema[1].attribute_name) {
      // Sic: DynamoDB's own wording for a key schema naming one attribute twice.
      return Error::Validation("Invalid KeySchema: Some index key attribute have no definition");
    }
  }
  return {};
}

// A global index's key: one to four HASH attributes, then up to four RANGE
// attributes (multi-attribute keys), all distinct.
constexpr int kMaxKeyAttributesPerType = 4;

Status ValidateGlobalKeySchema(const KeySchema& schema) {
  if (schema.empty() || schema[0].key_type != KeyType::kHash) {
    return ValidateKeySchema(schema);
  }
  if (schema.size() == 2 && schema[0].attribute_name == schema[1].attribute_name) {
    return Error::Validation(
        "Both the Hash Key and the Range Key element in the KeySchema have the same name");
  }
  std::set<std::string> names;
  for (const auto& k : schema) {
    if (!names.insert(k.attribute_name).second) {
      return Error::Validation("The KeySchema contains multiple key attributes with the same "
                               "name");
    }
  }
  int hash = 0, range = 0;
  for (const auto& k : schema) {
    if (k.key_type == KeyType::kHash && range > 0) {
      return Error::InvalidParameter(
          "All HASH key attributes must precede RANGE key attributes in the KeySchema");
    }
    ++(k.key_type == KeyType::kHash ? hash : range);
  }
  for (auto [count, type] : {std::pair{hash, "HASH"}, std::pair{range, "RANGE"}}) {
    if (count > kMaxKeyAttributesPerType) {
      return Error::InvalidParameter(std::string("The KeySchema exceeds the maximum allowed "
                                                 "number of ") + type + " key attributes");
    }
  }
  return {};
}

}  // namespace

Status ValidateProjection(const Projection& p) {
  if (p.projection_type.empty()) {
    return Error::InvalidParameter("Unknown ProjectionType: null");
  }
  if (p.projection_type == "INCLUDE" && p.non_key_attributes.empty()) {
    return Error::InvalidParameter(
        "ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
  }
  if (p.projection_type != "INCLUDE" && !p.non_key_attributes.empty()) {
    return Error::InvalidParameter("ProjectionType is " + p.projection_type +
                                   ", but NonKeyAttributes is specified");
  }
  return {};
}

namespace {

Status ValidateLocalIndex(const TableDefinition& table, const SecondaryIndex& index) {
  const KeySchemaElement* table_range = table.Key(KeyType::kRange);
  if (!table_range) {
    return Error::InvalidParameter(
        "Table KeySchema does not have a range key, which is required when specifying a "
        "LocalSecondaryIndex");
  }
  if (index.key_schema.size() != 2) {
    return Error::InvalidParameter("Index KeySchema does not have a range key for index: " +
                                   index.index_name);
  }
  const std::string& table_hash = table.Key(KeyType::kHash)->attribute_name;
  if (index.key_schema[0].attribute_name != table_hash) {
    return Error::InvalidParameter(
        "Index KeySchema does not have the same leading hash key as table KeySchema for "
        "index: " + index.index_name + ". index hash key: " +
        index.key_schema[0].attribute_name + ", table hash key: " + table_hash);
  }
  return {};
}

Status ValidateIndexThroughput(const TableDefinition& table, const SecondaryIndex& index) {
  bool provisioned = table.billing_mode == "PROVISIONED";
  if (provisioned && !index.provisioned_throughput) {
    return Error::InvalidParameter("ProvisionedThroughput must be specified for index: " +
                                   index.index_name);
  }
  if (!provisioned && index.provisioned_throughput) {
    return Error::InvalidParameter("ProvisionedThroughput should not be specified for index: " +
                                   index.index_name + " when BillingMode is PAY_PER_REQUEST");
  }
  return {};
}

// DynamoDB's per-table limits.
constexpr std::size_t kMaxLocalIndexes = 5;
constexpr std::size_t kMaxGlobalIndexes = 20;

Status ValidateIndexes(const TableDefinition& table) {
  if (table.local_secondary_indexes.size() > kMaxLocalIndexes) {
    return Error::InvalidParameter("Number of LocalSecondaryIndexes exceeds per-table limit of " +
                                   std::to_string(kMaxLocalIndexes));
  }
  if (table.global_secondary_indexes.size() > kMaxGlobalIndexes) {
    return Error::InvalidParameter("GlobalSecondaryIndex count exceeds the per-table limit of " +
                                   std::to_string(kMaxGlobalIndexes));
  }
  std::set<std::string> names;
  for (const auto& index : table.local_secondary_indexes) {
    if (auto s = ValidateKeySchema(index.key_schema); !s) return s;
    if (auto s = ValidateLocalIndex(table, index); !s) return s;
    if (auto s = ValidateProjection(index.projection); !s) return s;
    if (!names.insert(index.index_name).second) {
      return Error::InvalidParameter("Duplicate index name: " + index.index_name);
    }
  }
  for (const auto& index : table.global_secondary_indexes) {
    if (auto s = ValidateGlobalKeySchema(index.key_schema); !s) return s;
    if (auto s = ValidateProjection(index.projection); !s) return s;
    if (auto s = ValidateIndexThroughput(table, index); !s) return s;
    if (!names.insert(index.index_name).second) {
      return Error::InvalidParameter("Duplicate index name: " + index.index_name);
    }
  }
  return {};
}

// Every key attribute of the table and its indexes is defined, and nothing
// else is. DynamoDB names the table's keys, or one index's, when some are
// missing.
Status ValidateAttributeDefinitions(const TableDefinition& table) {
  std::vector<std::string> defined;
  std::set<std::string> unique;
  for (const auto& d : table.attribute_definitions) {
    defined.push_back(d.attribute_name);
    unique.insert(d.attribute_name);
  }
  std::vector<std::string> used;
  auto check = [&](const KeySchema& schema) -> Status {
    std::vector<std::string> keys;
    for (const auto& k : schema) keys.push_back(k.attribute_name);
    for (const auto& k : keys) {
      if (!unique.count(k)) {
        return Error::InvalidParameter(
            "Some index key attributes are not defined in AttributeDefinitions. Keys: " +
            JoinNames(keys) + ", AttributeDefinitions: " + JoinNames(defined));
      }
      if (std::find(used.begin(), used.end(), k) == used.end()) used.push_back(k);
    }
    return {};
  };
  if (auto s = check(table.key_schema); !s) return s;
  for (const auto& index : table.local_secondary_indexes) {
    if (auto s = check(index.key_schema); !s) return s;
  }
  for (const auto& index : table.global_secondary_indexes) {
    if (auto s = check(index.key_schema); !s) return s;
  }
  // A vector index's search schema uses its attributes too (ValidateVectorIndexes
  // reports one that is not defined).
  for (const auto& index : table.vector_indexes) {
    for (const auto& e : index.search_schema) {
      if (unique.count(e.attribute_name) &&
          std::find(used.begin(), used.end(), e.attribute_name) == used.end()) {
        used.push_back(e.attribute_name);
      }
    }
  }
  if (unique.size() != defined.size()) {
    return Error::InvalidParameter("Duplicate AttributeName attributes in AttributeDefinitions");
  }
  if (defined.size() == used.size()) return {};
  if (table.AllIndexes().empty()) {
    return Error::InvalidParameter(
        "Number of attributes in KeySchema does not exactly match number of attributes "
        "defined in AttributeDefinitions");
  }
  return Error::InvalidParameter("Some AttributeDefinitions are not used. AttributeDefinitions: " +
                                 JoinNames(defined) + ", keys used: " + JoinNames(used));
}

}  // namespace

Status ValidateNewTable(const TableDefinition& table, bool has_provisioned_throughput) {
  if (table.billing_mode == "PAY_PER_REQUEST" && has_provisioned_throughput) {
    return Error::InvalidParameter(
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
        "PAY_PER_REQUEST");
  }
  if (table.billing_mode == "PROVISIONED" && !has_provisioned_throughput) {
    return Error::InvalidParameter(
        "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is "
        "PROVISIONED");
  }
  if (auto s = ValidateKeySchema(table.key_schema); !s) return s;
  if (auto s = ValidateTableIndexes(table); !s) return s;
  return ValidateTags(table.tags);
}

Status ValidateTableIndexes(const TableDefinition& table) {
  if (auto s = ValidateVectorIndexes(table); !s) return s;
  if (auto s = ValidateAttributeDefinitions(table); !s) return s;
  return ValidateIndexes(table);
}

}  // namespace ddb
