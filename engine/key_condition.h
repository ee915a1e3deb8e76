// engine/key_condition.h
//
// A Query's key condition: equality on the partition key and at most one
// condition on the sort key, taken from a parsed KeyConditionExpression (or
// translated KeyConditions) and checked against the key schema being
// queried, with DynamoDB's messages for everything else.
#pragma once

#include <optional>
#include <string>

#include "engine/expr/ast.h"
#include "model/error.h"
#include "model/table.h"

namespace ddb {

struct SortKeyCondition {
  enum class Op { kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };
  Op op = Op::kEq;
  AttributeValue value;  // the bound; BETWEEN's lower bound
  AttributeValue upper;  // BETWEEN's upper bound
};

struct KeyCondition {
  AttributeValue partition;
  std::optional<SortKeyCondition> sort;
};

// The key attributes being queried: the table's or an index's.
struct QueriedKeys {
  std::string hash;
  Type hash_type = Type::kS;
  std::optional<std::string> range;
  Type range_type = Type::kS;
};

Result<KeyCondition> ExtractKeyCondition(const expr::Node& condition, const QueriedKeys& keys);

// Whether a sort key value satisfies the condition. REQUIRES: value has the
// key's type.
bool SortKeyMatches(const SortKeyCondition& sort, const AttributeValue& value);

// The encoded bounds of a sort key condition within a partition whose items'
// storage keys all start with `partition_prefix`: [lower, upper), where an
// empty upper means the end of the partition.
struct KeyRange {
  std::string lower;
  std::string upper;
};
KeyRange SortKeyRange(const std::string& partition_prefix,
                      const std::optional<SortKeyCondition>& sort);

}  // namespace ddb
