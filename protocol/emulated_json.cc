// Contributor Insights and Kinesis streaming destinations <-> JSON.
#include "protocol/operations.h"
#include "protocol/request_json.h"

namespace ddb::protocol {
namespace {

constexpr std::string_view kModes = "[ACCESSED_AND_THROTTLED_KEYS, THROTTLED_KEYS]";
constexpr std::string_view kPrecisions = "[MILLISECOND, MICROSECOND]";

void WriteSummary(const ContributorInsightsSummary& s, bool describe, JsonWriter& out) {
  out.BeginObject();
  out.Key("TableName").String(s.table_name);
  if (s.index_name) out.Key("IndexName").String(*s.index_name);
  if (describe) {
    out.Key("ContributorInsightsRuleList").BeginArray();
    for (const auto& rule : s.rules) out.String(rule);
    out.EndArray();
  }
  out.Key("ContributorInsightsStatus").String(s.status);
  if (s.mode) out.Key("ContributorInsightsMode").String(*s.mode);
  if (describe && s.last_update > 0) out.Key("LastUpdateDateTime").EpochSeconds(s.last_update);
  out.EndObject();
}

// TableName and the stream's ARN, and a precision from `configuration`.
Result<KinesisDestinationRequest> DecodeKinesis(std::string_view body, bool needs_stream,
                                                std::string_view configuration) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  KinesisDestinationRequest out;
  std::optional<std::string> table, stream;
  DDB_ASSIGN(table, OptString(request, "TableName"));
  c.TableName(table, "tableName");
  out.table_name = table.value_or("");
  if (needs_stream) {
    DDB_ASSIGN(stream, OptString(request, "StreamArn"));
    c.Required(stream.has_value(), "streamArn");
    if (stream) c.Length(*stream, "streamArn", 37, 1024);
    out.stream_arn = stream.value_or("");
  }
  if (!configuration.empty()) {
    std::optional<JsonObject> config;
    DDB_ASSIGN(config, OptObject(request, configuration));
    if (config) {
      DDB_ASSIGN(out.precision, OptString(*config, "ApproximateCreationDateTimePrecision"));
      c.Enum(out.precision, "approximateCreationDateTimePrecision", kPrecisions);
    }
  }
  if (auto s = c.Finish(); !s) return std::move(s).error();
  return out;
}

}  // namespace

Result<ContributorInsightsRequest> DecodeContributorInsights(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  ContributorInsightsRequest out;
  std::optional<std::string> table;
  DDB_ASSIGN(table, OptString(request, "TableName"));
  c.TableName(table, "tableName");
  out.table_name = table.value_or("");
  DDB_ASSIGN(out.index_name, OptString(request, "IndexName"));
  if (out.index_name) c.IndexName(out.index_name, "indexName");
  DDB_ASSIGN(out.action, OptString(request, "ContributorInsightsAction"));
  c.Enum(out.action, "contributorInsightsAction", "[ENABLE, DISABLE]");
  DDB_ASSIGN(out.mode, OptString(request, "ContributorInsightsMode"));
  c.Enum(out.mode, "contributorInsightsMode", kModes);
  if (auto s = c.Finish(); !s) return std::move(s).error();
  return out;
}

Result<ContributorInsightsRequest> DecodeUpdateContributorInsights(std::string_view body) {
  auto out = DecodeContributorInsights(body);
  if (out && !out->action) {
    return Error::Validation(
        "1 validation error detected: Value null at 'contributorInsightsAction' failed to "
        "satisfy constraint: Member must not be null");
  }
  return out;
}

Result<ListContributorInsightsRequest> DecodeListContributorInsights(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  ListContributorInsightsRequest out;
  DDB_ASSIGN(out.table_name, OptString(request, "TableName"));
  if (out.table_name) c.TableName(out.table_name, "tableName");
  DDB_ASSIGN(out.next_token, OptString(request, "NextToken"));
  DDB_ASSIGN(out.max_results, OptInteger(request, "MaxResults"));
  c.Range(out.max_results, "maxResults", 0, 100);
  if (auto s = c.Finish(); !s) return std::move(s).error();
  return out;
}

Result<KinesisDestinationRequest> DecodeDescribeKinesisStreamingDestination(std::string_view body) {
  return DecodeKinesis(body, false, "");
}
Result<KinesisDestinationRequest> DecodeEnableKinesisStreamingDestination(std::string_view body) {
  return DecodeKinesis(body, true, "EnableKinesisStreamingConfiguration");
}
Result<KinesisDestinationRequest> DecodeUpdateKinesisStreamingDestination(std::string_view body) {
  return DecodeKinesis(body, true, "UpdateKinesisStreamingConfiguration");
}

std::string EncodeDescribeContributorInsights(const ContributorInsightsSummary& summary) {
  JsonWriter out;
  WriteSummary(summary, true, out);
  return std::move(out).Take();
}

std::string EncodeUpdateContributorInsights(const ContributorInsightsSummary& summary) {
  JsonWriter out;
  WriteSummary(summary, false, out);
  return std::move(out).Take();
}

std::string EncodeListContributorInsights(const ListContributorInsightsResponse& response) {
  JsonWriter out;
  out.BeginObject();
  out.Key("ContributorInsightsSummaries").BeginArray();
  for (const auto& s : response.summaries) WriteSummary(s, false, out);
  out.EndArray();
  if (response.next_token) out.Key("NextToken").String(*response.next_token);
  out.EndObject();
  return std::move(out).Take();
}

std::string EncodeKinesisDestination(const KinesisDestinationResponse& r) {
  using Kind = KinesisDestinationResponse::Kind;
  JsonWriter out;
  out.BeginObject();
  out.Key("TableName").String(r.table_name);
  if (r.kind == Kind::kDescribe) {
    out.Key("KinesisDataStreamDestinations").BeginArray();
    for (const auto& d : r.destinations) {
      out.BeginObject();
      out.Key("StreamArn").String(d.stream_arn);
      out.Key("DestinationStatus").String(d.status);
      out.Key("ApproximateCreationDateTimePrecision").String(d.precision);
      out.EndObject();
    }
    out.EndArray();
  } else {
    out.Key("StreamArn").String(r.stream_arn);
    out.Key("DestinationStatus").String(r.status);
    if (r.precision) {
      out.Key(r.kind == Kind::kUpdate ? "UpdateKinesisStreamingConfiguration"
                                      : "EnableKinesisStreamingConfiguration")
          .BeginObject();
      out.Key("ApproximateCreationDateTimePrecision").String(*r.precision);
      out.EndObject();
    }
  }
  out.EndObject();
  return std::move(out).Take();
}

}  // namespace ddb::protocol
