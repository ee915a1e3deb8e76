// model/item_requests.h
//
// Requests and responses of the single-item operations: PutItem, GetItem,
// DeleteItem. Plain data; protocol/item_json.h fills and reads them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/attribute_value.h"

namespace ddb {

enum class ReturnValues : uint8_t { kNone, kAllOld, kUpdatedOld, kAllNew, kUpdatedNew };

struct PutItemRequest {
  std::string table_name{};
  Item item{};
  ReturnValues return_values = ReturnValues::kNone;
};

struct PutItemResponse {
  std::optional<Item> attributes{};
};

struct GetItemRequest {
  std::string table_name{};
  Item key{};
  bool consistent_read = false;
  std::optional<std::vector<std::string>> attributes_to_get{};
};

struct GetItemResponse {
  std::optional<Item> item{};
};

struct DeleteItemRequest {
  std::string table_name{};
  Item key{};
  ReturnValues return_values = ReturnValues::kNone;
};

struct DeleteItemResponse {
  std::optional<Item> attributes{};
};

}  // namespace ddb
