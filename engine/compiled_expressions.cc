#include "engine/compiled_expressions.h"

#include <set>

#include "engine/expr/eval.h"
#include "engine/expr/legacy.h"
#include "engine/expr/parser.h"

namespace ddb {

Result<CompiledExpressions> CompileExpressions(const Expressions& e,
                                               std::string_view absent_expressions) {
  bool any = e.condition_expression || e.projection_expression || e.update_expression ||
             e.key_condition_expression || e.filter_expression || e.search_condition_expression;
  if (e.expression_attribute_names) {
    if (!any) {
      return Error::Validation(
          "ExpressionAttributeNames can only be specified when using expressions" +
          (absent_expressions.empty() ? "" : ": " + std::string(absent_expressions)));
    }
    if (e.expression_attribute_names->empty()) {
      return Error::Validation("ExpressionAttributeNames must not be empty");
    }
  }
  if (e.expression_attribute_values) {
    if (!any) {
      return Error::Validation(
          "ExpressionAttributeValues can only be specified when using expressions: " +
          std::string(absent_expressions));
    }
    if (e.expression_attribute_values->empty()) {
      return Error::Validation("ExpressionAttributeValues must not be empty");
    }
  }
  expr::Placeholders placeholders;
  if (e.expression_attribute_names) placeholders.names = &*e.expression_attribute_names;
  if (e.expression_attribute_values) placeholders.values = &*e.expression_attribute_values;
  CompiledExpressions out;
  if (e.update_expression) {
    auto update = expr::ParseUpdate(*e.update_expression, placeholders);
    if (!update) return std::move(update).error();
    if (auto s = expr::ValidateUpdate(*update); !s) return std::move(s).error();
    out.update = *std::move(update);
  }
  if (e.condition_expression) {
    auto condition =
        expr::ParseCondition(*e.condition_expression, "ConditionExpression", placeholders);
    if (!condition) return std::move(condition).error();
    out.condition = *std::move(condition);
  }
  if (e.key_condition_expression) {
    auto condition = expr::ParseCondition(*e.key_condition_expression, "KeyConditionExpression",
                                          placeholders);
    if (!condition) return std::move(condition).error();
    out.key_condition = *std::move(condition);
  }
  if (e.search_condition_expression) {
    auto condition = expr::ParseCondition(*e.search_condition_expression,
                                          "SearchConditionExpression", placeholders);
    if (!condition) return std::move(condition).error();
    out.condition = *std::move(condition);
  }
  if (e.filter_expression) {
    auto filter = expr::ParseCondition(*e.filter_expression, "FilterExpression", placeholders);
    if (!filter) return std::move(filter).error();
    out.filter = *std::move(filter);
  }
  if (e.projection_expression) {
    auto projection = expr::ParseProjection(*e.projection_expression, placeholders);
    if (!projection) return std::move(projection).error();
    out.projection = *std::move(projection);
  }
  if (auto s = expr::CheckAllUsed(placeholders); !s) return std::move(s).error();
  if (e.expected && !e.expected->empty()) {
    auto condition = expr::TranslateExpected(*e.expected, e.conditional_operator);
    if (!condition) return std::move(condition).error();
    out.condition = *std::move(condition);
  }
  if (e.key_conditions && !e.key_conditions->empty()) {
    for (const auto& k : *e.key_conditions) {
      static const std::set<std::string> kIndexable = {"EQ", "LE", "LT", "GE", "GT",
                                                       "BEGINS_WITH", "BETWEEN"};
      if (k.comparison_operator && !kIndexable.count(*k.comparison_operator)) {
        return Error::Validation("Attempted conditional constraint is not an indexable "
                                 "operation");
      }
    }
    auto condition = expr::TranslateExpected(*e.key_conditions, std::nullopt);
    if (!condition) return std::move(condition).error();
    out.key_condition = *std::move(condition);
  }
  if (e.query_filter && !e.query_filter->empty()) {
    auto filter = expr::TranslateExpected(*e.query_filter, e.conditional_operator);
    if (!filter) return std::move(filter).error();
    out.filter = *std::move(filter);
  }
  if (e.attribute_updates && !e.attribute_updates->empty()) {
    auto update = expr::TranslateAttributeUpdates(*e.attribute_updates);
    if (!update) return std::move(update).error();
    out.update = *std::move(update);
  }
  return out;
}

Status CheckCondition(const CompiledExpressions& compiled, const std::optional<Item>& old,
                      bool return_old_item) {
  if (!compiled.condition) return {};
  static const Item kNoItem;
  auto holds = expr::Evaluate(*compiled.condition, old ? *old : kNoItem, "ConditionExpression");
  if (!holds) return std::move(holds).error();
  if (*holds) return {};
  return Error::ConditionalCheckFailed(return_old_item && old ? old : std::nullopt);
}

}  // namespace ddb
