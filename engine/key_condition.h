// engine/key_condition.h
//
// A Query's key condition: equality on the partition key and at most one
// condition on the sort key, taken from a parsed KeyConditionExpression (or
// translated KeyConditions) and checked against the key schema being
// queried, with DynamoDB's messages for everything else.
//
// A global index may have multi-attribute keys (up to four HASH and four
// RANGE attributes): then every HASH attribute needs equality, and the RANGE
// attributes are constrained left to right -- equality on each but the last
// one named, any sort key condition on that one.
#pragma once

#include <optional>
#include <string>
#include <vector>

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
  std::vector<AttributeValue> partition;   // one value per HASH attribute
  std::vector<AttributeValue> sort_equal;  // leading RANGE attributes compared with =
  std::optional<SortKeyCondition> sort;    // the next RANGE attribute, if constrained
};

struct KeyAttribute {
  std::string name;
  Type type = Type::kS;
};

// The key attributes being queried: the table's or an index's, in key
// schema order.
struct QueriedKeys {
  std::vector<KeyAttribute> hash;   // at least one
  std::vector<KeyAttribute> range;  // none or more
  bool multi() const { return hash.size() > 1 || range.size() > 1; }
  bool Has(const std::string& name) const;
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
