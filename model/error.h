// model/error.h
//
// The errors a DynamoDB client can receive, and Result<T>, the return type of
// every operation that can fail with one.
//
// Deep code returns an Error; nothing is thrown for a client's mistake. Only
// server/ turns an Error into an HTTP response: the body comes from
// protocol/error_json.h, the status from HttpStatus() below.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "model/attribute_value.h"

namespace ddb {

// One enumerator per DynamoDB "__type" we produce; the wire name is the
// enumerator without its "k".
enum class ErrorCode : uint8_t {
  kValidationException,
  kSerializationException,
  kUnknownOperationException,
  kMissingAuthenticationTokenException,
  kIncompleteSignatureException,
  kInvalidSignatureException,
  kUnrecognizedClientException,
  kResourceNotFoundException,
  kResourceInUseException,
  kConditionalCheckFailedException,
  kDuplicateItemException,
  kBackupNotFoundException,
  kTableAlreadyExistsException,
  kTableNotFoundException,
  kPointInTimeRecoveryUnavailableException,
  kInvalidRestoreTimeException,
  kLimitExceededException,
  kTransactionCanceledException,
  kTransactionConflictException,
  kTransactionInProgressException,
  kExpiredIteratorException,
  kItemCollectionSizeLimitExceededException,
  kTrimmedDataAccessException,
  kIdempotentParameterMismatchException,
  kAccessDeniedException,
  kExportNotFoundException,
  kExportConflictException,
  kInvalidExportTimeException,
  kImportNotFoundException,
  kImportConflictException,
  kPolicyNotFoundException,
  kGlobalTableNotFoundException,
  kInternalServerError,
};

// "ValidationException", ...: the part after '#' in "__type".
std::string_view WireName(ErrorCode code);

// 500 for kInternalServerError, 400 for everything else.
int HttpStatus(ErrorCode code);

// Why one action of a transaction failed.
struct CancellationReason {
  std::string code = "None";  // "None" (this action was fine), "ConditionalCheckFailed", ...
  std::string message;
  std::optional<Item> item;
};

struct Error {
  ErrorCode code = ErrorCode::kInternalServerError;
  std::string message;
  std::optional<Item> item;                 // ConditionalCheckFailed with ALL_OLD
  std::vector<CancellationReason> reasons;  // TransactionCanceled, in request order

  static Error Validation(std::string message) {
    return {ErrorCode::kValidationException, std::move(message), {}, {}};
  }
  // DynamoDB's prefix for most item and parameter checks.
  static Error InvalidParameter(std::string_view detail) {
    return Validation("One or more parameter values were invalid: " + std::string(detail));
  }
  static Error Serialization(std::string message) {
    return {ErrorCode::kSerializationException, std::move(message), {}, {}};
  }
  static Error ResourceNotFound(std::string message) {
    return {ErrorCode::kResourceNotFoundException, std::move(message), {}, {}};
  }
  static Error ResourceInUse(std::string message) {
    return {ErrorCode::kResourceInUseException, std::move(message), {}, {}};
  }
  static Error ConditionalCheckFailed(std::optional<Item> old_item = std::nullopt) {
    return {ErrorCode::kConditionalCheckFailedException, "The conditional request failed",
            std::move(old_item), {}};
  }
  // A single write meeting an item of a transaction in progress.
  static Error TransactionConflict() {
    return {ErrorCode::kTransactionConflictException, "Transaction is ongoing for the item", {},
            {}};
  }
  // An item whose maps and lists nest deeper than DynamoDB's 32 levels.
  static Error NestingTooDeep() {
    return Validation(
        "Nesting Levels have exceeded supported limits: Attributes in the item have nested "
        "levels beyond supported limit");
  }
  static Error Internal(std::string message) {
    return {ErrorCode::kInternalServerError, std::move(message), {}, {}};
  }
};

template <typename T>
using Result = base::Result<T, Error>;
using Status = base::Result<void, Error>;

}  // namespace ddb
