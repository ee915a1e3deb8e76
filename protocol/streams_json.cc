// ListStreams, DescribeStream, GetShardIterator, GetRecords <-> JSON
// (DynamoDBStreams_20120810.*). Member constraints as the Streams API model
// states them; the limits' own messages are DynamoDB Local's.
#include <limits>

#include "protocol/attribute_value_json.h"
#include "protocol/operations.h"
#include "protocol/request_json.h"

namespace ddb::protocol {
namespace {

constexpr int64_t kNoMax = std::numeric_limits<int64_t>::max();

// Limit >= 1 through the model's constraint; past `max`, DynamoDB's message.
Status CheckLimit(const std::optional<int64_t>& limit, int64_t max, std::string_view too_many,
                  Constraints& c) {
  c.Range(limit, "limit", 1, kNoMax);
  if (auto s = c.Finish(); !s) return s;
  if (limit && *limit > max) return Error::InvalidParameter(too_many);
  return {};
}

void LengthIfPresent(const std::optional<std::string>& value, std::string_view path,
                     std::size_t min, std::size_t max, Constraints& c) {
  if (value) c.Length(*value, path, min, max);
}

}  // namespace

Result<ListStreamsRequest> DecodeListStreams(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  ListStreamsRequest out;
  DDB_ASSIGN(out.table_name, OptString(request, "TableName"));
  DDB_ASSIGN(out.exclusive_start_stream_arn, OptString(request, "ExclusiveStartStreamArn"));
  LengthIfPresent(out.exclusive_start_stream_arn, "exclusiveStartStreamArn", 37, 1024, c);
  DDB_ASSIGN(out.limit, OptInteger(request, "Limit"));
  if (auto s = CheckLimit(out.limit, 100, "Limit cannot be greater than the maximum allowed "
                          "size: 100", c); !s) {
    return std::move(s).error();
  }
  return out;
}

Result<DescribeStreamRequest> DecodeDescribeStream(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  DescribeStreamRequest out;
  std::optional<std::string> arn;
  DDB_ASSIGN(arn, OptString(request, "StreamArn"));
  c.Required(arn.has_value(), "streamArn");
  LengthIfPresent(arn, "streamArn", 37, 1024, c);
  out.stream_arn = arn.value_or("");
  DDB_ASSIGN(out.exclusive_start_shard_id, OptString(request, "ExclusiveStartShardId"));
  LengthIfPresent(out.exclusive_start_shard_id, "exclusiveStartShardId", 28, 65, c);
  DDB_ASSIGN(out.limit, OptInteger(request, "Limit"));
  if (auto s = CheckLimit(out.limit, 100, "Limit cannot be greater than the maximum: 100", c);
      !s) {
    return std::move(s).error();
  }
  return out;
}

Result<GetShardIteratorRequest> DecodeGetShardIterator(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  GetShardIteratorRequest out;
  std::optional<std::string> arn, shard, type;
  DDB_ASSIGN(arn, OptString(request, "StreamArn"));
  DDB_ASSIGN(shard, OptString(request, "ShardId"));
  DDB_ASSIGN(type, OptString(request, "ShardIteratorType"));
  DDB_ASSIGN(out.sequence_number, OptString(request, "SequenceNumber"));
  c.Required(arn.has_value(), "streamArn");
  LengthIfPresent(arn, "streamArn", 37, 1024, c);
  c.Required(shard.has_value(), "shardId");
  LengthIfPresent(shard, "shardId", 28, 65, c);
  c.Required(type.has_value(), "shardIteratorType");
  c.Enum(type, "shardIteratorType",
         "[TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]");
  LengthIfPresent(out.sequence_number, "sequenceNumber", 21, 40, c);
  if (auto s = c.Finish(); !s) return std::move(s).error();
  out.stream_arn = *arn;
  out.shard_id = *shard;
  out.shard_iterator_type = *type;
  return out;
}

Result<GetRecordsRequest> DecodeGetRecords(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  GetRecordsRequest out;
  std::optional<std::string> iterator;
  DDB_ASSIGN(iterator, OptString(request, "ShardIterator"));
  c.Required(iterator.has_value(), "shardIterator");
  LengthIfPresent(iterator, "shardIterator", 1, 2048, c);
  out.shard_iterator = iterator.value_or("");
  DDB_ASSIGN(out.limit, OptInteger(request, "Limit"));
  if (auto s = CheckLimit(out.limit, 1000, "Limit should be less than or equal to 1000", c);
      !s) {
    return std::move(s).error();
  }
  return out;
}

std::string EncodeListStreams(const ListStreamsResponse& response) {
  JsonWriter out;
  out.BeginObject();
  if (response.last_evaluated_stream_arn) {
    out.PlainKey("LastEvaluatedStreamArn").String(*response.last_evaluated_stream_arn);
  }
  out.PlainKey("Streams").BeginArray();
  for (const StreamSummary& s : response.streams) {
    out.BeginObject();
    out.PlainKey("StreamArn").String(s.stream_arn);
    out.PlainKey("StreamLabel").String(s.stream_label);
    out.PlainKey("TableName").String(s.table_name);
    out.EndObject();
  }
  out.EndArray();
  out.EndObject();
  return std::move(out).Take();
}

std::string EncodeDescribeStream(const DescribeStreamResponse& response) {
  const StreamDescription& d = response.stream_description;
  JsonWriter out;
  out.BeginObject();
  out.PlainKey("StreamDescription").BeginObject();
  out.PlainKey("StreamArn").String(d.stream_arn);
  out.PlainKey("StreamLabel").String(d.stream_label);
  out.PlainKey("StreamStatus").String(d.stream_status);
  out.PlainKey("StreamViewType").String(d.stream_view_type);
  out.PlainKey("CreationRequestDateTime").EpochSeconds(d.creation_request_date_time);
  out.PlainKey("TableName").String(d.table_name);
  out.PlainKey("KeySchema");
  WriteKeySchema(d.key_schema, out);
  out.PlainKey("Shards").BeginArray();
  for (const Shard& shard : d.shards) {
    out.BeginObject();
    out.PlainKey("ShardId").String(shard.shard_id);
    out.PlainKey("SequenceNumberRange").BeginObject();
    out.PlainKey("StartingSequenceNumber").String(shard.starting_sequence_number);
    if (shard.ending_sequence_number) {
      out.PlainKey("EndingSequenceNumber").String(*shard.ending_sequence_number);
    }
    out.EndObject();
    if (shard.parent_shard_id) out.PlainKey("ParentShardId").String(*shard.parent_shard_id);
    out.EndObject();
  }
  out.EndArray();
  if (d.last_evaluated_shard_id) {
    out.PlainKey("LastEvaluatedShardId").String(*d.last_evaluated_shard_id);
  }
  out.EndObject();
  out.EndObject();
  return std::move(out).Take();
}

std::string EncodeGetShardIterator(const GetShardIteratorResponse& response) {
  JsonWriter out;
  out.BeginObject();
  out.PlainKey("ShardIterator").String(response.shard_iterator);
  out.EndObject();
  return std::move(out).Take();
}

// As GetRecords returns a record; or (lambda_arn not empty) as AWS Lambda
// passes it to a function, with eventSourceARN and userIdentity's members
// spelled the Lambda way.
void WriteStreamRecord(const StreamRecord& r, const std::string& lambda_arn, JsonWriter& out) {
  out.BeginObject();
  out.PlainKey("eventID").String(r.event_id);
  out.PlainKey("eventName").String(r.event_name);
  out.PlainKey("eventVersion").String("1.1");
  out.PlainKey("eventSource").String("aws:dynamodb");
  out.PlainKey("awsRegion").String(r.aws_region);
  out.PlainKey("dynamodb").BeginObject();
  out.PlainKey("ApproximateCreationDateTime").EpochSeconds(r.approximate_creation_date_time);
  out.PlainKey("Keys");
  EncodeItem(r.keys, out);
  if (r.new_image) {
    out.PlainKey("NewImage");
    EncodeItem(*r.new_image, out);
  }
  if (r.old_image) {
    out.PlainKey("OldImage");
    EncodeItem(*r.old_image, out);
  }
  out.PlainKey("SequenceNumber").String(r.sequence_number);
  out.PlainKey("SizeBytes").Int(static_cast<int64_t>(r.size_bytes));
  out.PlainKey("StreamViewType").String(r.stream_view_type);
  out.EndObject();
  if (r.by_ttl) {
    const bool lambda = !lambda_arn.empty();
    out.PlainKey("userIdentity").BeginObject();
    out.PlainKey(lambda ? "principalId" : "PrincipalId").String("dynamodb.amazonaws.com");
    out.PlainKey(lambda ? "type" : "Type").String("Service");
    out.EndObject();
  }
  if (!lambda_arn.empty()) out.PlainKey("eventSourceARN").String(lambda_arn);
  out.EndObject();
}

std::string EncodeGetRecords(const GetRecordsResponse& response) {
  JsonWriter out;
  out.BeginObject();
  if (response.next_shard_iterator) {
    out.PlainKey("NextShardIterator").String(*response.next_shard_iterator);
  }
  out.PlainKey("Records").BeginArray();
  for (const StreamRecord& r : response.records) WriteStreamRecord(r, {}, out);
  out.EndArray();
  out.EndObject();
  return std::move(out).Take();
}

std::string EncodeLambdaEvent(const std::vector<StreamRecord>& records,
                              const std::string& stream_arn) {
  JsonWriter out;
  out.BeginObject();
  out.PlainKey("Records").BeginArray();
  for (const StreamRecord& r : records) WriteStreamRecord(r, stream_arn, out);
  out.EndArray();
  out.EndObject();
  return std::move(out).Take();
}

}  // namespace ddb::protocol
