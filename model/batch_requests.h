// model/batch_requests.h
//
// Requests and responses of BatchGetItem and BatchWriteItem. Tables appear in
// request order. Plain data; protocol/batch_json.cc fills and reads them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/item_requests.h"

namespace ddb {

// One table's part of a BatchGetItem (and of its UnprocessedKeys).
struct KeysAndAttributes {
  std::vector<Item> keys{};
  bool consistent_read = false;
  std::optional<std::vector<std::string>> attributes_to_get{};
  Expressions expressions{};  // ProjectionExpression and ExpressionAttributeNames
};

struct BatchGetItemRequest {
  std::vector<std::pair<std::string, KeysAndAttributes>> request_items{};
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};

struct BatchGetItemResponse {
  std::vector<std::pair<std::string, std::vector<Item>>> responses{};
  std::vector<std::pair<std::string, KeysAndAttributes>> unprocessed_keys{};
  std::vector<ConsumedCapacity> consumed_capacity{};  // one per table, when asked
};

// One entry of BatchWriteItem: a PutRequest (the item) or a DeleteRequest
// (the key).
struct WriteRequest {
  bool put = true;
  Item item{};  // the item to put, or the key to delete
};

struct BatchWriteItemRequest {
  std::vector<std::pair<std::string, std::vector<WriteRequest>>> request_items{};
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  bool return_item_collection_metrics = false;
};

struct BatchWriteItemResponse {
  std::vector<std::pair<std::string, std::vector<WriteRequest>>> unprocessed_items{};
  std::vector<ConsumedCapacity> consumed_capacity{};
  std::vector<std::pair<std::string, std::vector<ItemCollectionMetrics>>>
      item_collection_metrics{};
};

}  // namespace ddb
