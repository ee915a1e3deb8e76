// The stored stream record of a change: written straight from the items, it
// must be the item the format describes (engine/stream_records.h), so that
// records written before and after read back alike.
#include "engine/stream_records.h"

#include <gtest/gtest.h>

#include "model/item_codec.h"

namespace ddb {
namespace {

AttributeValue Num(std::string_view text) { return AttributeValue::N(*Number::Parse(text)); }

class StreamRecordsTest : public testing::Test {
 protected:
  void SetUp() override {
    table_.table_name = "tab";
    table_.key_schema = {{"pk", KeyType::kHash}, {"sk", KeyType::kRange}};
    table_.attribute_definitions = {{"pk", Type::kS}, {"sk", Type::kN}};
  }
  TableDefinition table_;
  Item old_{{"pk", AttributeValue::S("a")}, {"sk", Num("1")}, {"v", AttributeValue::S("old")}};
  Item new_{{"pk", AttributeValue::S("a")}, {"sk", Num("1")},
            {"v", AttributeValue::L({AttributeValue::S("new"), Num("2.5")})}};
  Item keys_{{"pk", AttributeValue::S("a")}, {"sk", Num("1")}};
};

TEST_F(StreamRecordsTest, BytesAreTheItemTheFormatDescribes) {
  auto bytes = EncodeStreamRecord(table_, "NEW_AND_OLD_IMAGES", old_, new_, 1700000000123, false);
  ASSERT_TRUE(bytes);
  Item expected{{"E", Num("2")},
                {"K", AttributeValue::M(keys_)},
                {"N", AttributeValue::M(new_)},
                {"O", AttributeValue::M(old_)},
                {"T", Num("1700000000123")}};
  EXPECT_EQ(*bytes, EncodeItem(expected));
}

TEST_F(StreamRecordsTest, EachViewTypeKeepsItsImages) {
  struct Case {
    const char* view_type;
    bool keeps_new, keeps_old;
  };
  for (Case c : {Case{"KEYS_ONLY", false, false}, Case{"NEW_IMAGE", true, false},
                 Case{"OLD_IMAGE", false, true}, Case{"NEW_AND_OLD_IMAGES", true, true}}) {
    auto bytes = EncodeStreamRecord(table_, c.view_type, old_, new_, 42, false);
    ASSERT_TRUE(bytes) << c.view_type;
    auto record = DecodeStreamRecord(*bytes);
    ASSERT_TRUE(record) << c.view_type;
    EXPECT_EQ(record->event, StreamEvent::kModify);
    EXPECT_EQ(record->time_ms, 42);
    EXPECT_EQ(record->keys, keys_);
    EXPECT_EQ(record->new_image, c.keeps_new ? std::optional<Item>(new_) : std::nullopt);
    EXPECT_EQ(record->old_image, c.keeps_old ? std::optional<Item>(old_) : std::nullopt);
    EXPECT_FALSE(record->by_ttl);
  }
}

TEST_F(StreamRecordsTest, InsertsRemovalsAndTtlDeletions) {
  auto insert = DecodeStreamRecord(*EncodeStreamRecord(table_, "NEW_AND_OLD_IMAGES",
                                                       std::nullopt, new_, 1, false));
  ASSERT_TRUE(insert);
  EXPECT_EQ(insert->event, StreamEvent::kInsert);
  EXPECT_EQ(insert->new_image, new_);
  EXPECT_FALSE(insert->old_image);
  auto removal = DecodeStreamRecord(*EncodeStreamRecord(table_, "NEW_AND_OLD_IMAGES", old_,
                                                        std::nullopt, 1, true));
  ASSERT_TRUE(removal);
  EXPECT_EQ(removal->event, StreamEvent::kRemove);
  EXPECT_EQ(removal->keys, keys_);
  EXPECT_EQ(removal->old_image, old_);
  EXPECT_FALSE(removal->new_image);
  EXPECT_TRUE(removal->by_ttl);
}

TEST_F(StreamRecordsTest, NothingChangedMakesNoRecord) {
  EXPECT_FALSE(EncodeStreamRecord(table_, "NEW_IMAGE", old_, old_, 1, false));
  EXPECT_FALSE(EncodeStreamRecord(table_, "NEW_IMAGE", std::nullopt, std::nullopt, 1, false));
}

}  // namespace
}  // namespace ddb
