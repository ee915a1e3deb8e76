// A Query or Scan page ends once it has read 1 MB of items (by DynamoDB's
// item size). engine/read_pages.cc sizes items passed on whole only when it
// must; the page must end at the same item whether or not capacity is asked
// for, whether items are returned or only counted, as the sizes dictate.
#include <gtest/gtest.h>

#include "engine/engine.h"
#include "storage/memory_store.h"

namespace ddb {
namespace {

constexpr std::size_t kPageBytes = 1024 * 1024;

class PageSizeTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(engine_.Open());
    CreateTableRequest request;
    request.table.table_name = "big";
    request.table.key_schema = {{"pk", KeyType::kHash}, {"sk", KeyType::kRange}};
    request.table.attribute_definitions = {{"pk", Type::kS}, {"sk", Type::kN}};
    request.table.billing_mode = "PAY_PER_REQUEST";
    ASSERT_TRUE(engine_.CreateTable(context_, request));
    // Items of 20-60 KB, their sizes unlike their stored bytes: a list of
    // NULLs is twice as large as it is stored.
    for (int i = 0; i < 60; ++i) {
      Item item{{"pk", AttributeValue::S("p")},
                {"sk", AttributeValue::N(*Number::Parse(std::to_string(i)))},
                {"body", AttributeValue::S(std::string(20000 + (i * 7919) % 20000, 'x'))},
                {"nulls", AttributeValue::L(List((i * 104729) % 10000, AttributeValue::Null()))}};
      sizes_.push_back(ItemSize(item));
      ASSERT_TRUE(engine_.PutItem(context_, {.table_name = "big", .item = std::move(item)}));
    }
  }

  // How many items the first page must hold: up to the one that reaches 1 MB.
  int64_t Expected() const {
    std::size_t total = 0;
    for (std::size_t i = 0; i < sizes_.size(); ++i) {
      total += sizes_[i];
      if (total >= kPageBytes) return static_cast<int64_t>(i + 1);
    }
    return static_cast<int64_t>(sizes_.size());
  }

  QueryRequest Query() const {
    QueryRequest request;
    request.table_name = "big";
    request.expressions.key_condition_expression = "pk = :p";
    request.expressions.expression_attribute_values =
        std::map<std::string, AttributeValue>{{":p", AttributeValue::S("p")}};
    return request;
  }

  storage::MemoryStore store_;
  Engine engine_{store_};
  RequestContext context_{.database = "db", .region = "us-east-1"};
  std::vector<std::size_t> sizes_;
};

TEST_F(PageSizeTest, PagesEndWhereTheItemSizesReachOneMegabyte) {
  ASSERT_LT(Expected(), 60);
  QueryRequest plain = Query();
  QueryRequest with_capacity = Query();
  with_capacity.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  QueryRequest counted = Query();
  counted.select = Select::kCount;
  for (const QueryRequest& request : {plain, with_capacity, counted}) {
    auto page = engine_.Query(context_, request);
    ASSERT_TRUE(page) << page.error().message;
    EXPECT_EQ(page->count, Expected());
    ASSERT_TRUE(page->last_evaluated_key);
    EXPECT_EQ(page->last_evaluated_key->at("sk").n().ToString(), std::to_string(Expected() - 1));
  }
  auto page = engine_.Query(context_, with_capacity);
  ASSERT_TRUE(page && page->consumed_capacity);
  std::size_t bytes = 0;
  for (int64_t i = 0; i < Expected(); ++i) bytes += sizes_[i];
  // Eventually consistent: half a unit per 4 KB, rounded up.
  EXPECT_DOUBLE_EQ(page->consumed_capacity->capacity_units,
                   static_cast<double>((bytes + 4095) / 4096) / 2);
}

}  // namespace
}  // namespace ddb
