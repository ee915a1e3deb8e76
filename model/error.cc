#include "model/error.h"

namespace ddb {

std::string_view WireName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kValidationException: return "ValidationException";
    case ErrorCode::kSerializationException: return "SerializationException";
    case ErrorCode::kUnknownOperationException: return "UnknownOperationException";
    case ErrorCode::kMissingAuthenticationTokenException:
      return "MissingAuthenticationTokenException";
    case ErrorCode::kIncompleteSignatureException: return "IncompleteSignatureException";
    case ErrorCode::kInvalidSignatureException: return "InvalidSignatureException";
    case ErrorCode::kUnrecognizedClientException: return "UnrecognizedClientException";
    case ErrorCode::kResourceNotFoundException: return "ResourceNotFoundException";
    case ErrorCode::kResourceInUseException: return "ResourceInUseException";
    case ErrorCode::kConditionalCheckFailedException: return "ConditionalCheckFailedException";
    case ErrorCode::kDuplicateItemException: return "DuplicateItemException";
    case ErrorCode::kBackupNotFoundException: return "BackupNotFoundException";
    case ErrorCode::kTableAlreadyExistsException: return "TableAlreadyExistsException";
    case ErrorCode::kTableNotFoundException: return "TableNotFoundException";
    case ErrorCode::kPointInTimeRecoveryUnavailableException:
      return "PointInTimeRecoveryUnavailableException";
    case ErrorCode::kInvalidRestoreTimeException: return "InvalidRestoreTimeException";
    case ErrorCode::kLimitExceededException: return "LimitExceededException";
    case ErrorCode::kTransactionCanceledException: return "TransactionCanceledException";
    case ErrorCode::kTransactionConflictException: return "TransactionConflictException";
    case ErrorCode::kTransactionInProgressException: return "TransactionInProgressException";
    case ErrorCode::kExpiredIteratorException: return "ExpiredIteratorException";
    case ErrorCode::kItemCollectionSizeLimitExceededException:
      return "ItemCollectionSizeLimitExceededException";
    case ErrorCode::kTrimmedDataAccessException: return "TrimmedDataAccessException";
    case ErrorCode::kAccessDeniedException: return "AccessDeniedException";
    case ErrorCode::kExportNotFoundException: return "ExportNotFoundException";
    case ErrorCode::kExportConflictException: return "ExportConflictException";
    case ErrorCode::kInvalidExportTimeException: return "InvalidExportTimeException";
    case ErrorCode::kImportNotFoundException: return "ImportNotFoundException";
    case ErrorCode::kImportConflictException: return "ImportConflictException";
    case ErrorCode::kPolicyNotFoundException: return "PolicyNotFoundException";
    case ErrorCode::kGlobalTableNotFoundException: return "GlobalTableNotFoundException";
    case ErrorCode::kIdempotentParameterMismatchException:
      return "IdempotentParameterMismatchException";
    case ErrorCode::kInternalServerError: return "InternalServerError";
  }
  return "InternalServerError";
}

int HttpStatus(ErrorCode code) { return code == ErrorCode::kInternalServerError ? 500 : 400; }

}  // namespace ddb
