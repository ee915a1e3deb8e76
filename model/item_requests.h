// model/item_requests.h
//
// Requests and responses of the single-item operations: PutItem, GetItem,
// DeleteItem. Plain data; protocol/item_json.h fills and reads them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/attribute_value.h"

namespace ddb {

enum class ReturnValues : uint8_t { kNone, kAllOld, kUpdatedOld, kAllNew, kUpdatedNew };

enum class ReturnConsumedCapacity : uint8_t { kNone, kTotal, kIndexes };

// What an operation consumed, in DynamoDB's capacity units: reads 4 KB per
// unit (halved when eventually consistent), writes 1 KB per unit.
struct ConsumedCapacity {
  std::string table_name{};
  double capacity_units = 0;  // the total
  bool by_index = false;      // ReturnConsumedCapacity INDEXES: also break it down
  double table_units = 0;     // the table's share
  std::map<std::string, double> global_indexes{};  // index name -> units
  std::map<std::string, double> local_indexes{};
  // Vector indexes: index name -> VectorWriteRequestBytes (writes only).
  std::map<std::string, double> vector_indexes{};
};

// One entry of the legacy Expected parameter (a condition on one attribute).
struct ExpectedAttribute {
  std::string name{};
  std::optional<bool> exists{};
  std::optional<AttributeValue> value{};
  std::optional<std::string> comparison_operator{};
  std::vector<AttributeValue> attribute_value_list{};
};

// One entry of the legacy AttributeUpdates parameter of UpdateItem.
struct AttributeUpdate {
  std::string name{};
  std::string action = "PUT";  // PUT, ADD or DELETE
  std::optional<AttributeValue> value{};
};

// The expression parameters a request may carry, as sent; engine/expr
// parses them (and translates the legacy ones into the same trees).
// Names and values maps are nullopt when absent.
struct Expressions {
  std::optional<std::string> condition_expression{};
  std::optional<std::string> projection_expression{};
  std::optional<std::string> update_expression{};
  std::optional<std::string> key_condition_expression{};  // Query
  std::optional<std::string> filter_expression{};         // Query, Scan
  std::optional<std::string> search_condition_expression{};  // SearchVectors
  std::optional<std::map<std::string, std::string>> expression_attribute_names{};
  std::optional<std::map<std::string, AttributeValue>> expression_attribute_values{};
  std::optional<std::vector<ExpectedAttribute>> expected{};
  std::optional<std::string> conditional_operator{};  // AND or OR
  std::optional<std::vector<AttributeUpdate>> attribute_updates{};
  // Query's KeyConditions and QueryFilter, Scan's ScanFilter: conditions in
  // the form of Expected entries with a ComparisonOperator.
  std::optional<std::vector<ExpectedAttribute>> key_conditions{};
  std::optional<std::vector<ExpectedAttribute>> query_filter{};  // QueryFilter or ScanFilter
};

// ReturnItemCollectionMetrics SIZE, on a table with local secondary indexes:
// the item's collection (its partition key) and DynamoDB's size estimate.
struct ItemCollectionMetrics {
  Item item_collection_key{};
  double size_estimate_low_gb = 0;
  double size_estimate_high_gb = 1;
};

struct PutItemRequest {
  std::string table_name{};
  Item item{};
  ReturnValues return_values = ReturnValues::kNone;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  bool return_item_collection_metrics = false;
  Expressions expressions{};
  bool return_old_item_on_condition_failure = false;  // ReturnValuesOnConditionCheckFailure
};

// What PutItem, DeleteItem and UpdateItem return.
struct WriteItemResponse {
  std::optional<Item> attributes{};
  std::optional<ConsumedCapacity> consumed_capacity{};
  std::optional<ItemCollectionMetrics> item_collection_metrics{};
};
using PutItemResponse = WriteItemResponse;
using DeleteItemResponse = WriteItemResponse;
using UpdateItemResponse = WriteItemResponse;

struct GetItemRequest {
  std::string table_name{};
  Item key{};
  bool consistent_read = false;
  std::optional<std::vector<std::string>> attributes_to_get{};
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  Expressions expressions{};
};

struct GetItemResponse {
  // The item found: `item` when it was projected, otherwise `stored_item`,
  // its stored bytes (model/item_codec.h), which the response encoder turns
  // into JSON without building the Item. At most one is set.
  std::optional<Item> item{};
  std::optional<std::string> stored_item{};
  std::optional<ConsumedCapacity> consumed_capacity{};
};

struct DeleteItemRequest {
  std::string table_name{};
  Item key{};
  ReturnValues return_values = ReturnValues::kNone;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  bool return_item_collection_metrics = false;
  Expressions expressions{};
  bool return_old_item_on_condition_failure = false;
};

struct UpdateItemRequest {
  std::string table_name{};
  Item key{};
  ReturnValues return_values = ReturnValues::kNone;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  bool return_item_collection_metrics = false;
  Expressions expressions{};
  bool return_old_item_on_condition_failure = false;
};

}  // namespace ddb
