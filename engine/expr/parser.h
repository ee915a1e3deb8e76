// engine/expr/parser.h
//
// A hand-written recursive-descent parser for DynamoDB's expression
// language. Every error is DynamoDB's ValidationException and message:
//   Invalid ConditionExpression: Syntax error; token: "x", near: "a x b"
// Placeholders are resolved against ExpressionAttributeNames/Values while
// parsing; Placeholders records which ones were used, so that the caller
// can reject unused ones once every expression of a request is parsed.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "engine/expr/ast.h"
#include "model/error.h"

namespace ddb::expr {

struct Placeholders {
  const std::map<std::string, std::string>* names = nullptr;     // "#n" -> "name"
  const std::map<std::string, AttributeValue>* values = nullptr;  // ":v" -> value
  std::set<std::string> used_names;
  std::set<std::string> used_values;
};

// `kind` names the parameter in messages: "ConditionExpression", ...
Result<Node> ParseCondition(std::string_view text, std::string_view kind,
                            Placeholders& placeholders);
Result<std::vector<Path>> ParseProjection(std::string_view text, Placeholders& placeholders);
Result<Update> ParseUpdate(std::string_view text, Placeholders& placeholders);

// Rejects names and values that no expression used, as DynamoDB does.
Status CheckAllUsed(const Placeholders& placeholders);

}  // namespace ddb::expr
