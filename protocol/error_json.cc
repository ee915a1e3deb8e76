#include "protocol/attribute_value_json.h"
#include "protocol/json_writer.h"
#include "protocol/operations.h"

namespace ddb::protocol {
namespace {

// The "__type" namespace DynamoDB uses for each error: request validation and
// framework errors come from Coral, the rest from the DynamoDB service model.
std::string_view Namespace(ErrorCode code) {
  switch (code) {
    case ErrorCode::kValidationException: return "com.amazon.coral.validate#";
    case ErrorCode::kSerializationException:
    case ErrorCode::kUnknownOperationException:
    case ErrorCode::kMissingAuthenticationTokenException:
    case ErrorCode::kIncompleteSignatureException:
    case ErrorCode::kInvalidSignatureException:
    case ErrorCode::kUnrecognizedClientException: return "com.amazon.coral.service#";
    default: return "com.amazonaws.dynamodb.v20120810#";
  }
}

}  // namespace

std::string EncodeError(const Error& error) {
  JsonWriter out;
  out.BeginObject();
  out.Key("__type").String(std::string(Namespace(error.code)) + std::string(WireName(error.code)));
  if (!error.message.empty()) {
    // Coral's framework errors spell the member "Message"; the service's own
    // errors "message". SDKs accept both; we match DynamoDB.
    bool framework = error.code == ErrorCode::kSerializationException ||
                     error.code == ErrorCode::kMissingAuthenticationTokenException;
    out.Key(framework ? "Message" : "message").String(error.message);
  }
  if (error.item) {
    out.Key("Item");
    EncodeItem(*error.item, out);
  }
  if (!error.reasons.empty()) {
    out.Key("CancellationReasons").BeginArray();
    for (const auto& reason : error.reasons) {
      out.BeginObject();
      if (reason.item) {
        out.Key("Item");
        EncodeItem(*reason.item, out);
      }
      out.Key("Code").String(reason.code);
      if (!reason.message.empty()) out.Key("Message").String(reason.message);
      out.EndObject();
    }
    out.EndArray();
  }
  out.EndObject();
  return std::move(out).Take();
}

}  // namespace ddb::protocol
