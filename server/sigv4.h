// server/sigv4.h
//
// AWS Signature Version 4 verification for `--auth`: the Authorization
// header's signature is computed again from the request and a known secret,
// and the request is refused, with DynamoDB's error and message, unless the
// two agree and the request was signed within five minutes of now.
//
// The Authorization header this checks:
//
//   AWS4-HMAC-SHA256 Credential=AKID/YYYYMMDD/region/service/aws4_request,
//     SignedHeaders=host;x-amz-date;..., Signature=<64 hex digits>
//
// and the signature is, as the SigV4 specification defines it:
//
//   canonical request = method '\n' path '\n' sorted query '\n'
//                       (name ':' value '\n')* '\n' signed headers '\n'
//                       hex(sha256(body as sent))  | "UNSIGNED-PAYLOAD"
//   string to sign    = "AWS4-HMAC-SHA256\n" x-amz-date '\n' scope '\n'
//                       hex(sha256(canonical request))
//   signing key       = HMAC(HMAC(HMAC(HMAC("AWS4" secret, date), region),
//                       service), "aws4_request")
//   signature         = hex(HMAC(signing key, string to sign))
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/error.h"

namespace ddb::server {

// Access key id → secret access key.
using SecretKeys = std::map<std::string, std::string, std::less<>>;

// What a signature covers, as the request arrived.
struct SignedRequest {
  std::string_view method;  // "POST"
  std::string_view target;  // path and query, e.g. "/"
  // Every header, names in any case; a name may repeat.
  std::vector<std::pair<std::string_view, std::string_view>> headers;
  std::string_view body;  // before any Content-Encoding is undone
};

// When the request is signed by a known key within five minutes of `now`:
// the credential it was signed with ("AKID/date/region/dynamodb/aws4_request"),
// which is then the only one that may choose the request's database.
// Otherwise the error DynamoDB answers.
Result<std::string> VerifySignature(const SignedRequest& request, const SecretKeys& keys,
                                    std::chrono::system_clock::time_point now);

// The pieces, exposed for the unit tests.
std::string Sha256Hex(std::string_view data);
std::string CanonicalRequest(const SignedRequest& request, std::string_view signed_headers);
std::string Signature(std::string_view secret, std::string_view date, std::string_view region,
                      std::string_view service, std::string_view string_to_sign);

}  // namespace ddb::server
