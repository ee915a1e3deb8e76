// Stream time limits, with the engine's clock moved by hand: iterators expire
// after 15 minutes, records are trimmed after 24 hours, and a disabled stream
// is forgotten 24 hours after it was disabled. Also TTL expiry by Sweep().
#include <gtest/gtest.h>

#include "engine/engine.h"
#include "engine/item_io.h"
#include "storage/memory_store.h"

namespace ddb {
namespace {

constexpr double kHour = 3600;

AttributeValue Num(std::string_view text) { return AttributeValue::N(*Number::Parse(text)); }

class StreamsTest : public testing::Test {
 protected:
  void SetUp() override {
    engine_.clock = [this] { return now_; };
    ASSERT_TRUE(engine_.Open());
    CreateTableRequest request;
    request.table.table_name = "tab";
    request.table.key_schema = {{"pk", KeyType::kHash}};
    request.table.attribute_definitions = {{"pk", Type::kS}};
    request.table.billing_mode = "PAY_PER_REQUEST";
    request.table.stream_specification = StreamSpecification{true, "NEW_IMAGE"};
    auto created = engine_.CreateTable(context_, request);
    ASSERT_TRUE(created);
    arn_ = created->table.latest_stream_arn;
  }

  void Put(const std::string& pk, std::optional<std::string> expires = std::nullopt) {
    Item item{{"pk", AttributeValue::S(pk)}};
    if (expires) item["exp"] = Num(*expires);
    ASSERT_TRUE(engine_.PutItem(context_, {.table_name = "tab", .item = std::move(item)}));
  }
  Result<std::string> Iterator(const std::string& type) {
    auto stream = engine_.DescribeStream(context_, {.stream_arn = arn_});
    if (!stream) return std::move(stream).error();
    auto it = engine_.GetShardIterator(
        context_, {.stream_arn = arn_,
                   .shard_id = stream->stream_description.shards.at(0).shard_id,
                   .shard_iterator_type = type});
    if (!it) return std::move(it).error();
    return it->shard_iterator;
  }
  std::vector<std::string> Keys(const std::string& iterator) {
    auto records = engine_.GetRecords(context_, {.shard_iterator = iterator});
    EXPECT_TRUE(records);
    std::vector<std::string> keys;
    if (records) {
      for (const auto& r : records->records) keys.push_back(r.keys.at("pk").s());
    }
    return keys;
  }

  double now_ = 1'700'000'000;
  storage::MemoryStore store_;
  Engine engine_{store_};
  RequestContext context_{.database = "db", .region = "us-east-1"};
  std::string arn_;
};

TEST_F(StreamsTest, AnIteratorExpiresAfterFifteenMinutes) {
  Put("a");
  auto it = Iterator("TRIM_HORIZON");
  ASSERT_TRUE(it);
  now_ += 14 * 60;
  EXPECT_EQ(Keys(*it), std::vector<std::string>{"a"});
  now_ += 2 * 60;
  auto late = engine_.GetRecords(context_, {.shard_iterator = *it});
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kExpiredIteratorException);
}

TEST_F(StreamsTest, RecordsOlderThanADayAreTrimmed) {
  Put("old");
  auto before = Iterator("TRIM_HORIZON");
  ASSERT_TRUE(before);
  now_ += 20 * kHour;
  Put("new");
  now_ += 5 * kHour;  // "old" is 25 hours old, "new" 5
  engine_.Sweep();
  auto it = Iterator("TRIM_HORIZON");
  ASSERT_TRUE(it);
  EXPECT_EQ(Keys(*it), std::vector<std::string>{"new"});
  // A position before the trim horizon is gone.
  now_ -= 25 * kHour;  // (so that the old iterator has not expired)
  auto trimmed = engine_.GetRecords(context_, {.shard_iterator = *before});
  ASSERT_FALSE(trimmed);
  EXPECT_EQ(trimmed.error().code, ErrorCode::kTrimmedDataAccessException);
}

TEST_F(StreamsTest, ADisabledStreamIsKeptForADay) {
  Put("a");
  UpdateTableRequest disable;
  disable.table_name = "tab";
  disable.stream_specification = StreamSpecification{false, ""};
  ASSERT_TRUE(engine_.UpdateTable(context_, disable));
  now_ += 23 * kHour;
  auto described = engine_.DescribeStream(context_, {.stream_arn = arn_});
  ASSERT_TRUE(described);
  EXPECT_EQ(described->stream_description.stream_status, "DISABLED");
  EXPECT_EQ(engine_.ListStreams(context_, {})->streams.size(), 1u);
  now_ += 2 * kHour;
  auto gone = engine_.DescribeStream(context_, {.stream_arn = arn_});
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, ErrorCode::kResourceNotFoundException);
  EXPECT_TRUE(engine_.ListStreams(context_, {})->streams.empty());
}

TEST_F(StreamsTest, ADeletedTablesStreamIsReadableForADayThenForgotten) {
  Put("a");
  auto before = Iterator("TRIM_HORIZON");
  ASSERT_TRUE(before);
  ASSERT_TRUE(engine_.DeleteTable(context_, {.table_name = "tab"}));
  auto described = engine_.DescribeStream(context_, {.stream_arn = arn_});
  ASSERT_TRUE(described);
  EXPECT_EQ(described->stream_description.stream_status, "DISABLED");
  EXPECT_TRUE(described->stream_description.shards.at(0).ending_sequence_number.has_value());
  EXPECT_EQ(Keys(*before), std::vector<std::string>{"a"});
  auto listed = engine_.ListStreams(context_, {.table_name = "tab"});
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->streams.size(), 1u);
  EXPECT_EQ(listed->streams[0].stream_arn, arn_);
  // A new table of the same name has its own stream; the old one is listed too.
  CreateTableRequest again;
  again.table.table_name = "tab";
  again.table.key_schema = {{"pk", KeyType::kHash}};
  again.table.attribute_definitions = {{"pk", Type::kS}};
  again.table.billing_mode = "PAY_PER_REQUEST";
  again.table.stream_specification = StreamSpecification{true, "KEYS_ONLY"};
  now_ += 1;
  ASSERT_TRUE(engine_.CreateTable(context_, again));
  EXPECT_EQ(engine_.ListStreams(context_, {.table_name = "tab"})->streams.size(), 2u);
  now_ += 25 * kHour;
  engine_.Sweep();
  EXPECT_FALSE(engine_.DescribeStream(context_, {.stream_arn = arn_}));
  EXPECT_EQ(engine_.ListStreams(context_, {.table_name = "tab"})->streams.size(), 1u);
}

TEST_F(StreamsTest, SweepDeletesExpiredItemsWithATtlRecord) {
  UpdateTimeToLiveRequest ttl;
  ttl.table_name = "tab";
  ttl.specification.attribute_name = "exp";
  ttl.specification.enabled = true;
  ASSERT_TRUE(engine_.UpdateTimeToLive(context_, ttl));
  Put("expired", "1699999999");
  Put("later", "1700000100");
  Put("ancient", "1500000000");  // more than five years ago: left alone
  auto it = Iterator("LATEST");
  ASSERT_TRUE(it);
  engine_.Sweep();
  auto records = engine_.GetRecords(context_, {.shard_iterator = *it});
  ASSERT_TRUE(records);
  ASSERT_EQ(records->records.size(), 1u);
  EXPECT_EQ(records->records[0].event_name, "REMOVE");
  EXPECT_TRUE(records->records[0].by_ttl);
  EXPECT_EQ(records->records[0].keys.at("pk").s(), "expired");
  now_ += 200;
  engine_.Sweep();
  for (const char* pk : {"expired", "later", "ancient"}) {
    auto got = engine_.GetItem(context_, {.table_name = "tab",
                                          .key = {{"pk", AttributeValue::S(pk)}}});
    ASSERT_TRUE(got);
    EXPECT_EQ(FoundItem(*got).has_value(), std::string(pk) == "ancient") << pk;
  }
}

}  // namespace
}  // namespace ddb
