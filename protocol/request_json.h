// protocol/request_json.h
//
// The members that many operations share, decoded and encoded one way:
// TableName and the Return* enums, ConsumedCapacity, the expression
// parameters and their legacy counterparts. Internal to protocol/.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/item_requests.h"
#include "model/table.h"
#include "protocol/constraints.h"
#include "protocol/json_reader.h"
#include "protocol/json_writer.h"

namespace ddb::protocol {

inline constexpr std::string_view kReturnConsumedCapacity = "[INDEXES, TOTAL, NONE]";
inline constexpr std::string_view kReturnItemCollectionMetrics = "[SIZE, NONE]";

ReturnConsumedCapacity ToReturnConsumedCapacity(const std::optional<std::string>& text);

// ReturnConsumedCapacity, and ReturnItemCollectionMetrics when the request
// has that member.
template <typename Request>
Status DecodeReturns(JsonObject request, Constraints& c, Request& out) {
  std::optional<std::string> consumed, metrics;
  DDB_ASSIGN(consumed, OptString(request, "ReturnConsumedCapacity"));
  c.Enum(consumed, "returnConsumedCapacity", kReturnConsumedCapacity);
  out.return_consumed_capacity = ToReturnConsumedCapacity(consumed);
  if constexpr (requires { out.return_item_collection_metrics; }) {
    DDB_ASSIGN(metrics, OptString(request, "ReturnItemCollectionMetrics"));
    c.Enum(metrics, "returnItemCollectionMetrics", kReturnItemCollectionMetrics);
    out.return_item_collection_metrics = metrics == "SIZE";
  }
  return {};
}

// TableName and the Return* enums of an item operation.
template <typename Request>
Status DecodeCommon(JsonObject request, Constraints& c, Request& out) {
  std::optional<std::string> name;
  DDB_ASSIGN(name, OptString(request, "TableName"));
  c.TableName(name, "tableName");
  out.table_name = name.value_or("");
  return DecodeReturns(request, c, out);
}

// {"ConsumedCapacity": {...}} when present; the members alone (for lists).
void WriteConsumedCapacity(const std::optional<ConsumedCapacity>& consumed, JsonWriter& out);
void WriteConsumedCapacityBody(const ConsumedCapacity& consumed, JsonWriter& out);
// {"ConsumedCapacity": [...]} of the operations on many tables; nothing when empty.
void WriteConsumedCapacities(const std::vector<ConsumedCapacity>& list, JsonWriter& out);
// ItemCollectionKey and SizeEstimateRangeGB.
void WriteItemCollectionMetricsBody(const ItemCollectionMetrics& metrics, JsonWriter& out);
// {"ItemCollectionMetrics": {table: [...]}}; nothing when empty.
void WriteItemCollectionMetricsMap(
    const std::vector<std::pair<std::string, std::vector<ItemCollectionMetrics>>>& by_table,
    JsonWriter& out);

// A legacy map of attribute name -> condition: Expected (`member` "Expected",
// `path` "expected"), KeyConditions, QueryFilter, ScanFilter.
Result<std::optional<std::vector<ExpectedAttribute>>> DecodeConditions(JsonObject request,
                                                                      std::string_view member,
                                                                      std::string_view path,
                                                                      Constraints& c);

// An epoch-seconds timestamp member (SDKs send a JSON number, maybe with a
// fraction).
Result<std::optional<double>> OptTime(JsonObject object, std::string_view name);

Result<std::optional<std::map<std::string, std::string>>> DecodeNames(JsonObject request);
Result<std::optional<std::map<std::string, AttributeValue>>> DecodeValues(JsonObject request);

// Refuses legacy parameters mixed with expressions, with DynamoDB's message.
Status CheckLegacy(JsonObject request, const Expressions& e);

// [{"AttributeName": ..., "KeyType": "HASH"|"RANGE"}, ...]
void WriteKeySchema(const KeySchema& schema, JsonWriter& out);
// "Responses": [{"Item": ...} or {}, ...] of TransactGetItems and a read
// ExecuteTransaction.
void WriteItemResponses(const std::vector<std::optional<Item>>& items, JsonWriter& out);

// {"ProjectionType": ..., "NonKeyAttributes": [...]}
void WriteProjection(const Projection& p, JsonWriter& out);
// A vector index's definition members (VectorIndexInfo: IndexName,
// SearchSchema, Projection, VectorAttribute, Dimensions, DistanceFunction),
// into an object the caller opened.
void WriteVectorIndexInfo(const VectorIndex& index, JsonWriter& out);
// "VectorIndexes": [VectorIndexInfo...] when there are any (a backup's
// source features, an import's TableCreationParameters).
void WriteVectorIndexInfos(const std::vector<VectorIndex>& indexes, JsonWriter& out);
// {"ReadCapacityUnits": ..., "WriteCapacityUnits": ..., ...}
void WriteThroughput(const ProvisionedThroughput& t, double last_increase, double last_decrease,
                     JsonWriter& out);
// A list of index definitions (CreateTable's GlobalSecondaryIndexes, ...),
// validated as CreateTable validates them; `path` names it in messages.
Result<std::vector<SecondaryIndex>> DecodeSecondaryIndexes(JsonObject request,
                                                           std::string_view member,
                                                           std::string_view path, Constraints& c,
                                                           std::size_t max_keys);
// A list of vector index definitions (CreateTable's VectorIndexes, a
// restore's VectorIndexOverride), each checked as CreateTable checks it.
Result<std::vector<VectorIndex>> DecodeVectorIndexes(JsonObject request, std::string_view member,
                                                    std::string_view path, Constraints& c);

}  // namespace ddb::protocol
