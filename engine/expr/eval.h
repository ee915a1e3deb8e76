// engine/expr/eval.h
//
// Evaluating parsed expressions against items, with DynamoDB's semantics:
// a comparison between values of different types is false (not an error),
// numbers compare numerically, strings and binaries bytewise; a missing
// attribute makes every comparison false except <>.
#pragma once

#include <optional>
#include <vector>

#include "engine/expr/ast.h"
#include "model/error.h"

namespace ddb::expr {

// <0, 0, >0 as DynamoDB orders two values; REQUIRES: the same type, S, N or B.
int CompareScalars(const AttributeValue& a, const AttributeValue& b);

// The value at `path` in `item`, or nullptr.
const AttributeValue* Resolve(const Item& item, const Path& path);

// Whether `item` (an empty item when there is none) satisfies `condition`.
// ValidationException for operands whose type no item could make valid.
Result<bool> Evaluate(const Node& condition, const Item& item, std::string_view kind);

// The parts of `item` named by `paths`, nested as in the item.
Item Project(const Item& item, const std::vector<Path>& paths);

// Checks an update before it runs: no two paths overlap, operand types of
// ADD and DELETE are possible.
Status ValidateUpdate(const Update& update);

// Applies `update` to `item` (empty when absent), evaluating every value
// against the item as it was before the update.
Result<Item> ApplyUpdate(const Update& update, const Item& item);

}  // namespace ddb::expr
