// model/partiql_requests.h
//
// Requests and responses of DynamoDB's PartiQL operations: ExecuteStatement,
// BatchExecuteStatement and ExecuteTransaction. Plain data;
// protocol/partiql_json.cc fills and reads them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/error.h"
#include "model/item_requests.h"

namespace ddb {

// One statement with its parameters, as the three operations carry them.
struct ParameterizedStatement {
  std::string statement{};
  std::optional<std::vector<AttributeValue>> parameters{};
  bool consistent_read = false;                        // BatchExecuteStatement reads
  bool return_old_item_on_condition_failure = false;   // ALL_OLD
};

struct ExecuteStatementRequest {
  ParameterizedStatement statement{};
  std::optional<std::string> next_token{};
  std::optional<int64_t> limit{};
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};

struct ExecuteStatementResponse {
  std::vector<Item> items{};
  std::optional<std::string> next_token{};
  std::optional<ConsumedCapacity> consumed_capacity{};
};

struct BatchExecuteStatementRequest {
  std::vector<ParameterizedStatement> statements{};
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};

// One statement's outcome: an error (Code as BatchStatementError names it:
// "ConditionalCheckFailed", "DuplicateItem", "ValidationError", ...) or the
// table and, for a read that found it, the item.
struct BatchStatementResult {
  std::optional<std::string> error_code{};
  std::string error_message{};
  std::optional<Item> error_item{};  // ALL_OLD on a failed condition
  std::optional<std::string> table_name{};
  std::optional<Item> item{};
};

struct BatchExecuteStatementResponse {
  std::vector<BatchStatementResult> responses{};
  std::vector<ConsumedCapacity> consumed_capacity{};
};

struct ExecuteTransactionRequest {
  std::vector<ParameterizedStatement> statements{};
  std::optional<std::string> client_request_token{};
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  std::string fingerprint{};  // the request's canonical text, for idempotency
};

struct ExecuteTransactionResponse {
  bool reads = false;                       // Responses only for a read transaction
  std::vector<std::optional<Item>> responses{};
  std::vector<ConsumedCapacity> consumed_capacity{};
};

}  // namespace ddb
