// Query, Scan <-> JSON.
#include "protocol/attribute_value_json.h"
#include "protocol/operations.h"
#include "protocol/request_json.h"

namespace ddb::protocol {
namespace {

constexpr std::string_view kSelect =
    "[SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]";

Select ToSelect(const std::optional<std::string>& text) {
  if (text == "ALL_ATTRIBUTES") return Select::kAllAttributes;
  if (text == "ALL_PROJECTED_ATTRIBUTES") return Select::kAllProjectedAttributes;
  if (text == "SPECIFIC_ATTRIBUTES") return Select::kSpecificAttributes;
  if (text == "COUNT") return Select::kCount;
  return Select::kDefault;
}

// The members Query and Scan share; `filter_member` is QueryFilter or
// ScanFilter.
Status DecodeRead(JsonObject request, Constraints& c, std::string_view filter_member,
                  ReadRequest& out) {
  if (auto s = DecodeCommon(request, c, out); !s) return s;
  DDB_ASSIGN(out.index_name, OptString(request, "IndexName"));
  if (out.index_name) c.IndexName(out.index_name, "indexName");
  std::optional<std::string> select;
  DDB_ASSIGN(select, OptString(request, "Select"));
  c.Enum(select, "select", kSelect);
  out.select = ToSelect(select);
  DDB_ASSIGN(out.limit, OptInteger(request, "Limit"));
  std::optional<bool> consistent;
  DDB_ASSIGN(consistent, OptBool(request, "ConsistentRead"));
  out.consistent_read = consistent.value_or(false);
  if (auto start = Member(request, "ExclusiveStartKey")) {
    DDB_ASSIGN(out.exclusive_start_key, DecodeItem(*start));
  }
  DDB_ASSIGN(out.attributes_to_get, OptStringList(request, "AttributesToGet"));
  if (out.attributes_to_get && out.attributes_to_get->empty()) {
    c.Add("'[]'", "attributesToGet", "Member must have length greater than or equal to 1");
  }
  Expressions& e = out.expressions;
  DDB_ASSIGN(e.projection_expression, OptString(request, "ProjectionExpression"));
  DDB_ASSIGN(e.filter_expression, OptString(request, "FilterExpression"));
  DDB_ASSIGN(e.expression_attribute_names, DecodeNames(request));
  DDB_ASSIGN(e.expression_attribute_values, DecodeValues(request));
  DDB_ASSIGN(e.conditional_operator, OptString(request, "ConditionalOperator"));
  c.Enum(e.conditional_operator, "conditionalOperator", "[AND, OR]");
  std::string path(filter_member);
  path[0] = static_cast<char>(path[0] - 'A' + 'a');
  DDB_ASSIGN(e.query_filter, DecodeConditions(request, filter_member, path, c));
  return {};
}

// DynamoDB checks Query's numeric members first, in its newer wording --
// unless the request has no TableName, when an older layer reports them with
// the rest, as it does for Scan (observed by other tools and by an outside
// conformance suite against DynamoDB, 2026).
Status FinishRead(JsonObject request, Constraints& c, const ReadRequest& out, bool newer_layer,
                  std::optional<int64_t> segment = {}, std::optional<int64_t> total = {}) {
  if (!Member(request, "TableName") || !newer_layer) {
    c.Range(segment, "segment", 0, 999999);
    c.Range(total, "totalSegments", 1, 1000000);
    c.Range(out.limit, "limit", 1, INT32_MAX);
  } else {
    Constraints numbers;
    numbers.RangeUnvalued(out.limit, "Limit", 1, INT32_MAX);
    numbers.RangeUnvalued(segment, "Segment", 0, 999999);
    numbers.RangeUnvalued(total, "TotalSegments", 1, 1000000);
    if (auto s = numbers.Finish(); !s) return s;
  }
  if (auto s = c.Finish(); !s) return s;
  return CheckLegacy(request, out.expressions);
}

}  // namespace

Result<QueryRequest> DecodeQuery(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  QueryRequest out;
  if (auto s = DecodeRead(request, c, "QueryFilter", out); !s) return std::move(s).error();
  std::optional<bool> forward;
  DDB_ASSIGN(forward, OptBool(request, "ScanIndexForward"));
  out.scan_index_forward = forward.value_or(true);
  Expressions& e = out.expressions;
  DDB_ASSIGN(e.key_condition_expression, OptString(request, "KeyConditionExpression"));
  DDB_ASSIGN(e.key_conditions, DecodeConditions(request, "KeyConditions", "keyConditions", c));
  if (auto s = FinishRead(request, c, out, true); !s) return std::move(s).error();
  return out;
}

Result<ScanRequest> DecodeScan(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  ScanRequest out;
  if (auto s = DecodeRead(request, c, "ScanFilter", out); !s) return std::move(s).error();
  DDB_ASSIGN(out.segment, OptInteger(request, "Segment"));
  DDB_ASSIGN(out.total_segments, OptInteger(request, "TotalSegments"));
  if (auto s = FinishRead(request, c, out, false, out.segment, out.total_segments); !s) {
    return std::move(s).error();
  }
  return out;
}

Result<std::string> EncodeRead(const ReadResponse& response) {
  JsonWriter out;
  // Stored items grow by about a third as JSON.
  const std::size_t stored_bytes = response.stored_items.bytes();
  out.Reserve(256 + response.items.size() * 256 + stored_bytes + stored_bytes / 2);
  out.BeginObject();
  if (!response.count_only) {
    out.Key("Items").BeginArray();
    for (const Item& item : response.items) EncodeItem(item, out);
    for (std::string_view stored : response.stored_items) {
      if (!EncodeStoredItem(stored, out)) return Error::Internal("corrupt item record");
    }
    out.EndArray();
  }
  out.Key("Count").Int(response.count);
  out.Key("ScannedCount").Int(response.scanned_count);
  if (response.last_evaluated_key) {
    out.Key("LastEvaluatedKey");
    EncodeItem(*response.last_evaluated_key, out);
  }
  WriteConsumedCapacity(response.consumed_capacity, out);
  out.EndObject();
  return std::move(out).Take();
}

}  // namespace ddb::protocol
