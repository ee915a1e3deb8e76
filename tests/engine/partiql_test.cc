#include <gtest/gtest.h>

#include "engine/partiql/compile.h"
#include "engine/partiql/parser.h"

namespace ddb::partiql {
namespace {

TableDefinition Music() {
  TableDefinition t;
  t.table_name = "music";
  t.key_schema = {{"Artist", KeyType::kHash}, {"Song", KeyType::kRange}};
  return t;
}

TEST(PartiqlParserTest, SelectWithEveryClause) {
  auto st = Parse(
      "select a, \"b c\".d[2] FROM \"music\".\"idx\" WHERE Artist = ? AND NOT n BETWEEN 1 AND 2 "
      "OR x IS NOT MISSING ORDER BY Song DESC;");
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(st->kind, Statement::Kind::kSelect);
  EXPECT_EQ(st->table, "music");
  EXPECT_EQ(st->index, "idx");
  ASSERT_EQ(st->projection.size(), 2u);
  EXPECT_EQ(std::get<std::string>(st->projection[1].steps[0]), "b c");
  EXPECT_EQ(std::get<int64_t>(st->projection[1].steps[2]), 2);
  EXPECT_EQ(st->where->kind, Expr::Kind::kOr);
  ASSERT_EQ(st->order_by.size(), 1u);
  EXPECT_TRUE(st->order_by[0].descending);
  EXPECT_EQ(st->parameter_count, 1);
}

TEST(PartiqlParserTest, LiteralsAndQuotes) {
  auto st = Parse("INSERT INTO t VALUE {'k': 'it''s', 'n': -1.5e2, 'l': [TRUE, null], "
                  "'s': <<'a', 'b'>>, 'm': {}}");
  ASSERT_TRUE(st) << st.error().message;
  auto item = CompileWrite(*st, {}, [] {
    TableDefinition t;
    t.key_schema = {{"k", KeyType::kHash}};
    return t;
  }());
  ASSERT_TRUE(item) << item.error().message;
  const Item& i = item->action.item;
  EXPECT_EQ(i.at("k").s(), "it's");
  EXPECT_EQ(i.at("n").n().ToString(), "-150");
  EXPECT_EQ(i.at("l").l().size(), 2u);
  EXPECT_EQ(i.at("s").type(), Type::kSS);
  EXPECT_EQ(i.at("m").m().size(), 0u);
}

TEST(PartiqlParserTest, SyntaxErrors) {
  for (const char* text : {"SELEC * FROM t", "SELECT * FROM", "SELECT * FROM t WHERE",
                           "INSERT INTO t VALUES ('a')", "UPDATE t WHERE a = 1",
                           "SELECT * FROM t WHERE a = 'unterminated", "DELETE FROM t"}) {
    auto st = Parse(text);
    ASSERT_FALSE(st) << text;
    EXPECT_EQ(st.error().message.rfind("Statement wasn't well formed, can't be processed: ", 0), 0u)
        << text << ": " << st.error().message;
  }
}

TEST(PartiqlParserTest, DeepNestingIsRefusedNotOverflowed) {
  std::string text = "SELECT * FROM t WHERE " + std::string(5000, '(') + "a = 1" +
                     std::string(5000, ')');
  EXPECT_FALSE(Parse(text));
}

TEST(PartiqlCompileTest, PartitionEqualityIsAQueryWithSortKeyCondition) {
  auto st = Parse("SELECT * FROM music WHERE Artist = 'A' AND Song > 's' AND n = 1");
  ASSERT_TRUE(st);
  auto read = CompileRead(*st, {}, Music());
  ASSERT_TRUE(read) << read.error().message;
  ASSERT_FALSE(read->scan);
  ASSERT_EQ(read->queries.size(), 1u);
  const Expressions& e = read->queries[0].expressions;
  EXPECT_EQ(*e.key_condition_expression, "#n0 = :v0 AND #n1 > :v1");
  EXPECT_EQ(*e.filter_expression, "(#n2 = :v2)");
}

TEST(PartiqlCompileTest, InOnThePartitionKeyIsOneQueryPerValue) {
  auto st = Parse("SELECT * FROM music WHERE Artist IN ['A', 'B', 'C']");
  ASSERT_TRUE(st);
  auto read = CompileRead(*st, {}, Music());
  ASSERT_TRUE(read);
  EXPECT_EQ(read->queries.size(), 3u);
}

TEST(PartiqlCompileTest, AnythingElseIsAScan) {
  auto st = Parse("SELECT * FROM music WHERE Artist > 'A' OR n = 1");
  ASSERT_TRUE(st);
  auto read = CompileRead(*st, {}, Music());
  ASSERT_TRUE(read);
  EXPECT_TRUE(read->scan);
}

TEST(PartiqlCompileTest, UpdateNeedsTheWholeKey) {
  auto st = Parse("UPDATE music SET n = 1 WHERE Artist = 'A'");
  ASSERT_TRUE(st);
  auto write = CompileWrite(*st, {}, Music());
  ASSERT_FALSE(write);
  EXPECT_EQ(write.error().message,
            "Where clause does not contain a mandatory equality on all key attributes");
}

TEST(PartiqlCompileTest, UpdateBecomesConditionalUpdateExpression) {
  auto st = Parse("UPDATE music SET n = n + 1, s = set_add(s, <<'x'>>) REMOVE old "
                  "WHERE Artist = 'A' AND Song = 'b' AND n < 10");
  ASSERT_TRUE(st);
  auto write = CompileWrite(*st, {}, Music());
  ASSERT_TRUE(write) << write.error().message;
  const Expressions& e = write->action.expressions;
  EXPECT_EQ(*e.update_expression, "SET #n0 = #n0 + :v1 ADD #n1 :v2 REMOVE #n2");
  EXPECT_EQ(*e.condition_expression, "attribute_exists(#n3) AND (#n0 < :v0)");
  EXPECT_EQ(write->action.item.size(), 2u);
}

TEST(PartiqlCompileTest, NestedProjectionIsFlattened) {
  Item item{{"a", AttributeValue::M({{"b", AttributeValue::L({AttributeValue::S("x")})}})},
            {"c", AttributeValue::S("y")}};
  auto st = Parse("SELECT a.b[0], c, missing FROM music");
  ASSERT_TRUE(st);
  Item shown = Present(item, st->projection);
  EXPECT_EQ(shown.size(), 2u);
  EXPECT_EQ(shown.at("b[0]").s(), "x");
  EXPECT_EQ(shown.at("c").s(), "y");
}

}  // namespace
}  // namespace ddb::partiql
