// Query: the items of one partition of the table or of an index, in sort key
// order, within the key condition's range.
#include <algorithm>

#include "engine/compiled_expressions.h"
#include "engine/engine.h"
#include "engine/key_codec.h"
#include "engine/read_range.h"

namespace ddb {
namespace {

// Keys are chosen by the key condition; a filter on them is a mistake
// DynamoDB refuses.
Status CheckFilterAvoidsKeys(const expr::Node& node, const QueriedKeys& keys,
                             const char* parameter) {
  if (node.kind == expr::Node::Kind::kPath) {
    const std::string& name = node.path[0].name;
    if (keys.Has(name)) {
      return Error::Validation(std::string(parameter) + " can only contain non-primary key "
                               "attributes: Primary key attribute: " + name);
    }
  }
  for (const auto& child : node.children) {
    if (auto s = CheckFilterAvoidsKeys(child, keys, parameter); !s) return s;
  }
  return {};
}

}  // namespace

Result<QueryResponse> Engine::Query(const RequestContext& context, const QueryRequest& request) {
  auto compiled = CompileExpressions(
      request.expressions, "KeyConditionExpression, FilterExpression and ProjectionExpression "
                           "are null");
  if (!compiled) return std::move(compiled).error();
  if (!compiled->key_condition) {
    return Error::Validation("Either the KeyConditions or KeyConditionExpression parameter must "
                             "be specified in the request.");
  }
  auto table = FindTable(context, request.table_name);
  if (!table) return std::move(table).error();
  auto read = ResolveRead(**table, request, ReadOperation::kQuery);
  if (!read) return std::move(read).error();
  const ReadTarget* target = &read->target;
  const Select* select = &read->select;
  auto key = ExtractKeyCondition(*compiled->key_condition, target->keys);
  if (!key) return std::move(key).error();
  if (compiled->filter) {
    const char* parameter =
        request.expressions.filter_expression ? "Filter Expression" : "QueryFilter";
    if (auto s = CheckFilterAvoidsKeys(*compiled->filter, target->keys, parameter); !s) {
      return std::move(s).error();
    }
  }
  std::string partition = target->prefix;
  for (const auto& value : key->partition) AppendKeyValue(value, partition);
  for (const auto& value : key->sort_equal) AppendKeyValue(value, partition);
  KeyRange range = SortKeyRange(partition, key->sort);
  PagePlan plan;
  plan.lower = std::move(range.lower);
  plan.upper = std::move(range.upper);
  plan.forward = request.scan_index_forward;
  plan.key_condition = &*key;
  return ReadRange(store_, **table, request, *target, *compiled, *select, std::move(plan));
}

}  // namespace ddb
