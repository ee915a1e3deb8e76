// libFuzzer target: the expression parser and evaluator, and the PartiQL
// parser. Any input, parsed as a condition, a projection, an update and a
// PartiQL statement, must give a result or a ValidationException -- never a
// crash, a hang or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/expr/eval.h"
#include "engine/expr/parser.h"
#include "engine/partiql/parser.h"

namespace {

using namespace ddb;

const std::map<std::string, std::string>& Names() {
  static const auto* names = new std::map<std::string, std::string>{
      {"#a", "a"}, {"#b", "b.c"}, {"#s", "status"}};
  return *names;
}

const std::map<std::string, AttributeValue>& Values() {
  static const auto* values = new std::map<std::string, AttributeValue>{
      {":n", AttributeValue::N(*Number::Parse("1.5"))},
      {":s", AttributeValue::S("ab")},
      {":l", AttributeValue::L({AttributeValue::S("x")})},
      {":ss", AttributeValue::SS({"x", "y"})},
      {":m", AttributeValue::M({{"k", AttributeValue::Bool(true)}})}};
  return *values;
}

const Item& SampleItem() {
  static const auto* item = new Item{
      {"a", AttributeValue::N(*Number::Parse("7"))},
      {"s", AttributeValue::S("abc")},
      {"l", AttributeValue::L({AttributeValue::S("p"), AttributeValue::M({})})},
      {"m", AttributeValue::M({{"n", AttributeValue::L({})}})},
      {"tags", AttributeValue::SS({"x"})}};
  return *item;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  expr::Placeholders placeholders{&Names(), &Values(), {}, {}};
  if (auto condition = expr::ParseCondition(text, "ConditionExpression", placeholders)) {
    (void)expr::Evaluate(*condition, SampleItem(), "ConditionExpression");
  }
  if (auto paths = expr::ParseProjection(text, placeholders)) {
    (void)expr::Project(SampleItem(), *paths);
  }
  if (auto update = expr::ParseUpdate(text, placeholders)) {
    if (expr::ValidateUpdate(*update)) (void)expr::ApplyUpdate(*update, SampleItem());
  }
  (void)expr::CheckAllUsed(placeholders);
  (void)partiql::Parse(text);  // the same text as a PartiQL statement
  return 0;
}
