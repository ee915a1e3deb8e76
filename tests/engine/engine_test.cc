// Engine semantics on the in-memory store.
#include "engine/engine.h"
#include "engine/item_io.h"

#include <gtest/gtest.h>

#include "storage/memory_store.h"

namespace ddb {
namespace {

AttributeValue Num(std::string_view text) { return AttributeValue::N(*Number::Parse(text)); }

class EngineTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(engine_.Open());
    CreateTableRequest request;
    request.table.table_name = "tab";
    request.table.key_schema = {{"pk", KeyType::kHash}, {"sk", KeyType::kRange}};
    request.table.attribute_definitions = {{"pk", Type::kS}, {"sk", Type::kN}};
    request.table.billing_mode = "PAY_PER_REQUEST";
    ASSERT_TRUE(engine_.CreateTable(context_, request));
  }

  Result<PutItemResponse> Put(Item item, ReturnValues rv = ReturnValues::kNone) {
    return engine_.PutItem(context_, {.table_name = "tab", .item = std::move(item),
                                      .return_values = rv});
  }
  std::optional<Item> Get(Item key) {
    auto r = engine_.GetItem(context_, {.table_name = "tab", .key = std::move(key)});
    EXPECT_TRUE(r);
    return r ? FoundItem(*r) : std::nullopt;
  }

  storage::MemoryStore store_;
  Engine engine_{store_};
  RequestContext context_{.database = "db", .region = "us-east-1"};
};

TEST_F(EngineTest, PutThenGetFindsTheItemByNumericallyEqualKey) {
  ASSERT_TRUE(Put({{"pk", AttributeValue::S("a")}, {"sk", Num("1.0")}, {"v", Num("7")}}));
  auto item = Get({{"pk", AttributeValue::S("a")}, {"sk", Num("1")}});
  ASSERT_TRUE(item);
  EXPECT_EQ(item->at("v"), Num("7"));
}

TEST_F(EngineTest, GetItemPassesTheStoredItemOnUnlessItIsProjected) {
  Item item{{"pk", AttributeValue::S("a")}, {"sk", Num("1")}, {"v", AttributeValue::S("x")}};
  ASSERT_TRUE(Put(item));
  Item key{{"pk", AttributeValue::S("a")}, {"sk", Num("1")}};
  auto whole = engine_.GetItem(context_, {.table_name = "tab", .key = key,
                                          .return_consumed_capacity = ReturnConsumedCapacity::kTotal});
  ASSERT_TRUE(whole);
  ASSERT_TRUE(whole->stored_item);
  EXPECT_FALSE(whole->item);
  EXPECT_EQ(FoundItem(*whole), item);
  ASSERT_TRUE(whole->consumed_capacity);
  EXPECT_EQ(whole->consumed_capacity->capacity_units, 0.5);
  auto projected = engine_.GetItem(
      context_, {.table_name = "tab", .key = key, .attributes_to_get = std::vector<std::string>{"v"}});
  ASSERT_TRUE(projected);
  EXPECT_FALSE(projected->stored_item);
  EXPECT_EQ(projected->item, (Item{{"v", AttributeValue::S("x")}}));
  auto missing = engine_.GetItem(context_, {.table_name = "tab",
                                            .key = {{"pk", AttributeValue::S("b")}, {"sk", Num("1")}}});
  ASSERT_TRUE(missing);
  EXPECT_FALSE(missing->stored_item || missing->item);
}

TEST_F(EngineTest, PutWithAllOldReturnsTheReplacedItem) {
  ASSERT_TRUE(Put({{"pk", AttributeValue::S("a")}, {"sk", Num("1")}, {"v", Num("1")}}));
  auto r = Put({{"pk", AttributeValue::S("a")}, {"sk", Num("1")}, {"v", Num("2")}},
               ReturnValues::kAllOld);
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->attributes);
  EXPECT_EQ(r->attributes->at("v"), Num("1"));
}

TEST_F(EngineTest, KeyOfTheWrongTypeIsAValidationError) {
  auto r = Put({{"pk", Num("1")}, {"sk", Num("1")}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kValidationException);
  EXPECT_EQ(r.error().message,
            "One or more parameter values were invalid: Type mismatch for key pk expected: S "
            "actual: N");
}

TEST_F(EngineTest, MissingTableIsResourceNotFound) {
  auto r = engine_.GetItem(context_, {.table_name = "nope", .key = {}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kResourceNotFoundException);
}

TEST_F(EngineTest, DatabasesAreSeparate) {
  RequestContext other{.database = "other", .region = "us-east-1"};
  auto r = engine_.DescribeTable(other, {.table_name = "tab"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kResourceNotFoundException);
}

TEST_F(EngineTest, RecreatedTableStartsEmpty) {
  ASSERT_TRUE(Put({{"pk", AttributeValue::S("a")}, {"sk", Num("1")}}));
  ASSERT_TRUE(engine_.DeleteTable(context_, {.table_name = "tab"}));
  SetUp();
  EXPECT_FALSE(Get({{"pk", AttributeValue::S("a")}, {"sk", Num("1")}}));
  auto d = engine_.DescribeTable(context_, {.table_name = "tab"});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->table.item_count, 0);
}

TEST_F(EngineTest, CatalogSurvivesReopeningTheEngine) {
  ASSERT_TRUE(Put({{"pk", AttributeValue::S("a")}, {"sk", Num("1")}}));
  Engine reopened(store_);
  ASSERT_TRUE(reopened.Open());
  auto d = reopened.DescribeTable(context_, {.table_name = "tab"});
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->table.item_count, 1);
  EXPECT_EQ(d->table.definition.key_schema.size(), 2u);
}

TEST_F(EngineTest, DeletionProtectionRefusesDeleteTable) {
  UpdateTableRequest update;
  update.table_name = "tab";
  update.deletion_protection_enabled = true;
  ASSERT_TRUE(engine_.UpdateTable(context_, update));
  auto r = engine_.DeleteTable(context_, {.table_name = "tab"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kValidationException);
}

}  // namespace
}  // namespace ddb
