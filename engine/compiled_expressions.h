// engine/compiled_expressions.h
//
// All expressions of one request, parsed and checked together before any
// lock is taken: each expression's syntax, every placeholder defined, none
// unused, the names and values maps non-empty and given only with an
// expression.
#pragma once

#include <optional>
#include <vector>

#include "engine/expr/ast.h"
#include "model/error.h"
#include "model/item_requests.h"
#include "model/table.h"

namespace ddb {

struct CompiledExpressions {
  std::optional<expr::Node> condition;
  std::optional<std::vector<expr::Path>> projection;
  std::optional<expr::Update> update;
  std::optional<expr::Node> key_condition;  // Query: KeyConditionExpression or KeyConditions
  std::optional<expr::Node> filter;         // Query, Scan: FilterExpression or Query/ScanFilter
};

// `absent_expressions` ends DynamoDB's message when names or values come
// without any expression: "ConditionExpression is null" for PutItem, ...
// (nothing when empty: BatchGetItem's message ends without it)
Result<CompiledExpressions> CompileExpressions(const Expressions& expressions,
                                               std::string_view absent_expressions);

// An UpdateExpression may not touch the table's key attributes
// (update_item.cc).
Status CheckKeyNotUpdated(const TableDefinition& table, const expr::Update& update);

// Whether the condition (if any) holds for the item (empty when absent);
// ConditionalCheckFailedException otherwise, carrying the old item when
// the request asked for it.
Status CheckCondition(const CompiledExpressions& compiled, const std::optional<Item>& old,
                      bool return_old_item);

}  // namespace ddb
