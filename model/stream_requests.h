// model/stream_requests.h
//
// The DynamoDB Streams API (DynamoDBStreams_20120810.*): ListStreams,
// DescribeStream, GetShardIterator, GetRecords. Member names follow the API.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/attribute_value.h"
#include "model/table.h"

namespace ddb {

struct ListStreamsRequest {
  std::optional<std::string> table_name{};
  std::optional<int64_t> limit{};
  std::optional<std::string> exclusive_start_stream_arn{};
};

struct StreamSummary {
  std::string stream_arn;
  std::string table_name;
  std::string stream_label;
};

struct ListStreamsResponse {
  std::vector<StreamSummary> streams{};
  std::optional<std::string> last_evaluated_stream_arn{};
};

struct DescribeStreamRequest {
  std::string stream_arn{};
  std::optional<int64_t> limit{};
  std::optional<std::string> exclusive_start_shard_id{};
};

struct Shard {
  std::string shard_id;
  std::string starting_sequence_number;
  std::optional<std::string> ending_sequence_number{};
  std::optional<std::string> parent_shard_id{};
};

struct StreamDescription {
  std::string stream_arn;
  std::string stream_label;
  std::string stream_status;  // ENABLED, DISABLED
  std::string stream_view_type;
  double creation_request_date_time = 0;  // epoch seconds
  std::string table_name;
  KeySchema key_schema;
  std::vector<Shard> shards;
  std::optional<std::string> last_evaluated_shard_id{};
};

struct DescribeStreamResponse {
  StreamDescription stream_description{};
};

struct GetShardIteratorRequest {
  std::string stream_arn{};
  std::string shard_id{};
  std::string shard_iterator_type{};  // TRIM_HORIZON, LATEST, AT_/AFTER_SEQUENCE_NUMBER
  std::optional<std::string> sequence_number{};
};

struct GetShardIteratorResponse {
  std::string shard_iterator;
};

struct GetRecordsRequest {
  std::string shard_iterator{};
  std::optional<int64_t> limit{};
};

// One record as GetRecords returns it.
struct StreamRecord {
  std::string event_id;
  std::string event_name;  // INSERT, MODIFY, REMOVE
  std::string aws_region;
  double approximate_creation_date_time = 0;  // epoch seconds
  Item keys;
  std::optional<Item> new_image{};
  std::optional<Item> old_image{};
  std::string sequence_number;
  uint64_t size_bytes = 0;
  std::string stream_view_type;
  bool by_ttl = false;  // userIdentity: the TTL service deleted the item
};

struct GetRecordsResponse {
  std::vector<StreamRecord> records{};
  std::optional<std::string> next_shard_iterator{};
};

}  // namespace ddb
