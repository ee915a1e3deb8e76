// model/transact_requests.h
//
// Requests and responses of TransactWriteItems and TransactGetItems. Actions
// are in request order. Plain data; protocol/transact_json.cc fills and
// reads them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/item_requests.h"

namespace ddb {

struct TransactWriteAction {
  enum class Kind { kPut, kUpdate, kDelete, kConditionCheck };
  Kind kind = Kind::kPut;
  std::string table_name{};
  Item item{};  // Put: the item; the others: the key
  // ConditionExpression; UpdateExpression for Update; names and values.
  Expressions expressions{};
  bool return_old_item_on_condition_failure = false;
};

struct TransactWriteItemsRequest {
  std::vector<TransactWriteAction> actions{};
  std::optional<std::string> client_request_token{};
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  bool return_item_collection_metrics = false;
  std::string fingerprint{};  // the request's canonical text, for idempotency
};

struct TransactWriteItemsResponse {
  std::vector<ConsumedCapacity> consumed_capacity{};
  std::vector<std::pair<std::string, std::vector<ItemCollectionMetrics>>>
      item_collection_metrics{};
};

struct TransactGetAction {
  std::string table_name{};
  Item key{};
  Expressions expressions{};  // ProjectionExpression and names
};

struct TransactGetItemsRequest {
  std::vector<TransactGetAction> actions{};
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};

struct TransactGetItemsResponse {
  std::vector<std::optional<Item>> responses{};  // one per Get, in request order
  std::vector<ConsumedCapacity> consumed_capacity{};
};

}  // namespace ddb
