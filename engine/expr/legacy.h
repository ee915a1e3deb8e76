// engine/expr/legacy.h
//
// The legacy (pre-expression) parameters, translated into the same trees
// the expression parser builds, so that one evaluator serves both:
// Expected + ConditionalOperator -> a condition, AttributeUpdates -> an
// update. Legacy attribute names are top-level names, never paths.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/expr/ast.h"
#include "model/error.h"
#include "model/item_requests.h"

namespace ddb::expr {

Result<Node> TranslateExpected(const std::vector<ExpectedAttribute>& expected,
                               const std::optional<std::string>& conditional_operator);

Result<Update> TranslateAttributeUpdates(const std::vector<AttributeUpdate>& updates);

}  // namespace ddb::expr
