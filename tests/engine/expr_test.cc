// The expression language: parsing, evaluation and updates.
#include <gtest/gtest.h>

#include "engine/expr/eval.h"
#include "engine/expr/parser.h"

namespace ddb::expr {
namespace {

AttributeValue Num(std::string_view text) { return AttributeValue::N(*Number::Parse(text)); }
AttributeValue Str(std::string s) { return AttributeValue::S(std::move(s)); }

class ExprTest : public testing::Test {
 protected:
  Result<bool> Check(std::string_view condition, const Item& item) {
    Placeholders p{&names_, &values_, {}, {}};
    auto node = ParseCondition(condition, "ConditionExpression", p);
    if (!node) return std::move(node).error();
    return Evaluate(*node, item, "ConditionExpression");
  }
  bool Holds(std::string_view condition, const Item& item) {
    auto r = Check(condition, item);
    EXPECT_TRUE(r) << condition << ": " << (r ? "" : r.error().message);
    return r && *r;
  }
  std::string ErrorOf(std::string_view condition) {
    auto r = Check(condition, {});
    return r ? "" : r.error().message;
  }
  Result<Item> Update(std::string_view text, const Item& item) {
    Placeholders p{&names_, &values_, {}, {}};
    auto update = ParseUpdate(text, p);
    if (!update) return std::move(update).error();
    if (auto s = ValidateUpdate(*update); !s) return std::move(s).error();
    return ApplyUpdate(*update, item);
  }

  std::map<std::string, std::string> names_ = {{"#s", "status"}, {"#dot", "a.b"}};
  std::map<std::string, AttributeValue> values_ = {
      {":one", Num("1")}, {":two", Num("2")}, {":a", Str("a")}, {":ab", Str("ab")},
      {":list", AttributeValue::L({Str("z")})}, {":ss", AttributeValue::SS({"x", "y"})},
      {":x", AttributeValue::SS({"x"})}, {":type", Str("N")}};
  Item item_ = {{"n", Num("1.5")},
                {"s", Str("abc")},
                {"status", Str("on")},
                {"a.b", Num("7")},
                {"tags", AttributeValue::SS({"x", "y"})},
                {"l", AttributeValue::L({Str("p"), Str("q")})},
                {"m", AttributeValue::M({{"nested", AttributeValue::M({{"deep", Num("3")}})}})}};
};

TEST_F(ExprTest, ComparisonsFollowDynamoDbTypeRules) {
  EXPECT_TRUE(Holds("n > :one", item_));
  EXPECT_TRUE(Holds("n < :two", item_));
  EXPECT_FALSE(Holds("s > :one", item_));     // string vs number: false, not an error
  EXPECT_TRUE(Holds("s <> :one", item_));
  EXPECT_TRUE(Holds("absent <> :one", item_));
  EXPECT_FALSE(Holds("absent = :one", item_));
  EXPECT_TRUE(Holds("s > :ab", item_));        // bytewise
  EXPECT_TRUE(Holds("n BETWEEN :one AND :two", item_));
  EXPECT_FALSE(Holds("s IN (:a, :ab, n)", item_));
  EXPECT_TRUE(Holds(":ab IN (:a, :ab)", item_));
  EXPECT_TRUE(Holds("m.nested.deep > n", item_));
  EXPECT_TRUE(Holds("l[1] <> l[0] AND #s <> s AND #dot = :one OR n > :one", item_));
}

TEST_F(ExprTest, PrecedenceIsNotThenAndThenOr) {
  // NOT binds tighter than AND, AND tighter than OR.
  EXPECT_TRUE(Holds("n = :one AND n = :two OR n > :one", item_));
  EXPECT_FALSE(Holds("n = :one AND (n = :two OR n > :one)", item_));
  EXPECT_TRUE(Holds("NOT n = :one AND n > :one", item_));
  EXPECT_FALSE(Holds("NOT (n = :one OR n > :one)", item_));
}

TEST_F(ExprTest, Functions) {
  EXPECT_TRUE(Holds("attribute_exists(m.nested.deep)", item_));
  EXPECT_TRUE(Holds("attribute_not_exists(m.nested.nope)", item_));
  EXPECT_TRUE(Holds("attribute_type(n, :type)", item_));
  EXPECT_TRUE(Holds("begins_with(s, :ab)", item_));
  EXPECT_TRUE(Holds("contains(s, :a)", item_));
  EXPECT_FALSE(Holds("contains(tags, :a)", item_));
  EXPECT_TRUE(Holds("size(l) = :two", item_));
  EXPECT_TRUE(Holds("size(tags) > :one", item_));
}

TEST_F(ExprTest, ErrorsCarryDynamoDbMessages) {
  EXPECT_EQ(ErrorOf("status = :a"),
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved "
            "keyword: status");
  EXPECT_EQ(ErrorOf("a = :nope"),
            "Invalid ConditionExpression: An expression attribute value used in expression is "
            "not defined; attribute value: :nope");
  EXPECT_EQ(ErrorOf("#nope = :a"),
            "Invalid ConditionExpression: An expression attribute name used in the document "
            "path is not defined; attribute name: #nope");
  EXPECT_EQ(ErrorOf("a = = :a"),
            "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = :a\"");
  EXPECT_EQ(ErrorOf("a = :a AND"),
            "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\"");
  EXPECT_EQ(ErrorOf("frob(a)"), "Invalid ConditionExpression: Invalid function name; function: frob");
  EXPECT_EQ(ErrorOf(""), "Invalid ConditionExpression: The expression can not be empty;");
  EXPECT_EQ(ErrorOf("a < :list"),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: <, operand type: L");
  EXPECT_EQ(ErrorOf("a BETWEEN :one AND :list"),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: BETWEEN, operand type: L");
  EXPECT_EQ(ErrorOf("a BETWEEN :two AND :one"),
            "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater "
            "than or equal to lower bound; lower bound operand: AttributeValue: {N:2}, upper "
            "bound operand: AttributeValue: {N:1}");
  EXPECT_EQ(ErrorOf("a BETWEEN :one AND :type"),
            "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower "
            "and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: "
            "AttributeValue: {S:N}");
  EXPECT_EQ(ErrorOf("a BETWEEN :one AND :one"), "");  // equal bounds are a one-value range
  EXPECT_EQ(ErrorOf("attribute_exists(a, b)"),
            "Invalid ConditionExpression: Incorrect number of operands for operator or "
            "function; operator or function: attribute_exists, number of operands: 2");
}

TEST_F(ExprTest, MisusedFunctionsParenthesesAndSamePaths) {
  const std::string misused = "Invalid ConditionExpression: The function is not allowed to be "
                              "used this way in an expression; function: ";
  EXPECT_EQ(ErrorOf("size(s)"), misused + "size");
  EXPECT_EQ(ErrorOf("n = :one AND size(s)"), misused + "size");
  EXPECT_EQ(ErrorOf("attribute_exists(s) = :one"), misused + "attribute_exists");
  EXPECT_EQ(ErrorOf("((n = :one))"),
            "Invalid ConditionExpression: The expression has redundant parentheses;");
  EXPECT_EQ(ErrorOf("(n = :one) AND ((n = :one) OR (n = :two))"), "");
  EXPECT_EQ(ErrorOf("m.x = m.x"),
            "Invalid ConditionExpression: The first operand must be distinct from the "
            "remaining operands for this operator or function; operator: =, first operand: "
            "[m, x]");
  EXPECT_EQ(ErrorOf("contains(l[0], l[0])"),
            "Invalid ConditionExpression: The first operand must be distinct from the "
            "remaining operands for this operator or function; operator: contains, first "
            "operand: [l, [0]]");
  EXPECT_EQ(ErrorOf("attribute_type(n, :ab)"),
            "Invalid ConditionExpression: Invalid attribute type name found; type: ab, valid "
            "types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}");
  EXPECT_EQ(ErrorOf("size(:one) = :one"),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: size, operand type: N");
  EXPECT_TRUE(Holds("size(:ab) = :two", item_));
}

TEST_F(ExprTest, ExpressionLimits) {
  std::string long_text = "a = :one AND " + std::string(4090, ' ') + "b = :one";
  EXPECT_EQ(ErrorOf(long_text),
            "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; "
            "expression size: " + std::to_string(long_text.size()));
  std::string many = "a = :one";
  for (int i = 0; i < 150; ++i) many += " AND a = :one";
  EXPECT_EQ(ErrorOf(many),
            "Invalid ConditionExpression: The expression contains too many operators; operator "
            "count: 301");
  std::string at_limit = "a = :one";
  for (int i = 0; i < 149; ++i) at_limit += " AND a = :one";
  EXPECT_EQ(ErrorOf(at_limit), "");
}

TEST_F(ExprTest, UnusedPlaceholdersAreReported) {
  Placeholders p{&names_, &values_, {}, {}};
  ASSERT_TRUE(ParseCondition("n = :one", "ConditionExpression", p));
  auto s = CheckAllUsed(p);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message,
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#dot, #s}");
}

TEST_F(ExprTest, SetRemoveAddDelete) {
  auto r = Update("SET n = n + :one, l = list_append(l, :list), m.nested.x = :a, "
                  "c = if_not_exists(c, :two) REMOVE s ADD tally :one, tags :x DELETE #s :x",
                  item_);
  ASSERT_FALSE(r);  // #s is a string, not a set: DELETE needs a set operand type match
  r = Update("SET n = n + :one, l = list_append(l, :list), m.nested.x = :a, "
             "c = if_not_exists(c, :two) REMOVE s ADD tally :one DELETE tags :x",
             item_);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->at("n"), Num("2.5"));
  EXPECT_EQ(r->at("l").l().size(), 3u);
  EXPECT_EQ(r->at("m").m().at("nested").m().at("x"), Str("a"));
  EXPECT_EQ(r->at("c"), Num("2"));
  EXPECT_EQ(r->count("s"), 0u);
  EXPECT_EQ(r->at("tally"), Num("1"));
  EXPECT_EQ(r->at("tags"), AttributeValue::SS({"y"}));
}

TEST_F(ExprTest, RemovingAListElementShiftsTheRest) {
  auto r = Update("REMOVE l[0]", item_);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->at("l"), AttributeValue::L({Str("q")}));
}

TEST_F(ExprTest, DeletingTheLastMemberRemovesTheSet) {
  auto r = Update("DELETE tags :ss", item_);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->count("tags"), 0u);
}

TEST_F(ExprTest, UpdateErrors) {
  auto overlap = Update("SET m.nested = :a REMOVE m", item_);
  ASSERT_FALSE(overlap);
  EXPECT_EQ(overlap.error().message,
            "Invalid UpdateExpression: Two document paths overlap with each other; must remove "
            "or rewrite one of these paths; path one: [m, nested], path two: [m]");
  auto twice = Update("SET a = :a SET b = :a", item_);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().message,
            "Invalid UpdateExpression: The \"SET\" section can only be used once in an update "
            "expression;");
  auto arithmetic = Update("SET s = s + :one", item_);
  ASSERT_FALSE(arithmetic);
  EXPECT_EQ(arithmetic.error().message,
            "An operand in the update expression has an incorrect data type");
  auto add_string = Update("ADD n :a", item_);
  ASSERT_FALSE(add_string);
  EXPECT_EQ(add_string.error().message,
            "Invalid UpdateExpression: Incorrect operand type for operator or function; "
            "operator: ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND");
  auto bad_path = Update("SET nope.x = :a", item_);
  ASSERT_FALSE(bad_path);
  EXPECT_EQ(bad_path.error().message,
            "The document path provided in the update expression is invalid for update");
}

TEST_F(ExprTest, ProjectionKeepsNesting) {
  Placeholders p{&names_, &values_, {}, {}};
  auto paths = ParseProjection("m.nested.deep, l[1], #s", p);
  ASSERT_TRUE(paths);
  Item projected = Project(item_, *paths);
  EXPECT_EQ(projected.at("m"), AttributeValue::M({{"nested", AttributeValue::M({{"deep", Num("3")}})}}));
  EXPECT_EQ(projected.at("l"), AttributeValue::L({Str("q")}));
  EXPECT_EQ(projected.at("status"), Str("on"));
  EXPECT_EQ(projected.size(), 3u);
}

TEST_F(ExprTest, ProjectionPathsMustNotOverlapOrConflict) {
  auto error_of = [&](std::string_view text) {
    Placeholders p{&names_, &values_, {}, {}};
    auto paths = ParseProjection(text, p);
    return paths ? std::string() : paths.error().message;
  };
  const std::string prefix = "Invalid ProjectionExpression: Two document paths ";
  const std::string rest = " with each other; must remove or rewrite one of these paths; ";
  EXPECT_EQ(error_of("m, m.nested"),
            prefix + "overlap" + rest + "path one: [m], path two: [m, nested]");
  EXPECT_EQ(error_of("s, #s, s"), prefix + "overlap" + rest + "path one: [s], path two: [s]");
  EXPECT_EQ(error_of("m.a, m[0]"),
            prefix + "conflict" + rest + "path one: [m, a], path two: [m, [0]]");
  EXPECT_EQ(error_of("m.a, m.b, l[0], l[1]"), "");
}

}  // namespace
}  // namespace ddb::expr
