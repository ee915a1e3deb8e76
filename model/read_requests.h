// model/read_requests.h
//
// Requests and responses of the multi-item reads: Query and Scan. Plain
// data; protocol/read_json.cc fills and reads them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/item_requests.h"
#include "model/stored_items.h"

namespace ddb {

enum class Select : uint8_t {
  kDefault,  // not given: ALL_ATTRIBUTES, or SPECIFIC_ATTRIBUTES with a projection
  kAllAttributes,
  kAllProjectedAttributes,
  kSpecificAttributes,
  kCount,
};

// The members Query and Scan share.
struct ReadRequest {
  std::string table_name{};
  std::optional<std::string> index_name{};
  Select select = Select::kDefault;
  std::optional<int64_t> limit{};
  bool consistent_read = false;
  std::optional<Item> exclusive_start_key{};
  std::optional<std::vector<std::string>> attributes_to_get{};
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  Expressions expressions{};
};

struct QueryRequest : ReadRequest {
  bool scan_index_forward = true;
};

struct ScanRequest : ReadRequest {
  std::optional<int64_t> segment{};
  std::optional<int64_t> total_segments{};
};

struct ReadResponse {
  // The items, in order: decoded (when shaped by a projection), or as stored
  // (model/item_codec.h) when passed on whole -- one of the two is empty.
  std::vector<Item> items{};
  StoredItems stored_items{};
  bool count_only = false;  // Select COUNT: no Items member
  int64_t count = 0;
  int64_t scanned_count = 0;
  std::optional<Item> last_evaluated_key{};
  std::optional<ConsumedCapacity> consumed_capacity{};
};
using QueryResponse = ReadResponse;
using ScanResponse = ReadResponse;

}  // namespace ddb
