#include "server/sigv4.h"

#include "base/ascii.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <ctime>

namespace ddb::server {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view kService = "dynamodb";  // also what the Streams API is signed for
constexpr std::string_view kTerminator = "aws4_request";
constexpr auto kMaxSkew = std::chrono::minutes(5);
// More signed headers than any SDK signs; bounds the canonical request's cost.
constexpr std::size_t kMaxSignedHeaders = 64;

Error Incomplete(std::string message) {
  return {ErrorCode::kIncompleteSignatureException, std::move(message), {}, {}};
}
Error Invalid(std::string message) {
  return {ErrorCode::kInvalidSignatureException, std::move(message), {}, {}};
}

std::string Hex(const unsigned char* data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 0xf];
  }
  return out;
}

std::string Hmac(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &size);
  return std::string(reinterpret_cast<const char*>(digest), size);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Every value of a header, joined by ',' as the canonical form wants, each
// trimmed and with runs of spaces inside reduced to one.
std::string HeaderValue(const SignedRequest& request, std::string_view name) {
  std::string out;
  bool first = true;
  for (const auto& [n, v] : request.headers) {
    if (!EqualsIgnoringCase(n, name)) continue;
    if (!first) out += ',';
    first = false;
    bool space = false;
    for (char c : Trim(v)) {
      if (c == ' ' || c == '\t') {
        space = true;
        continue;
      }
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

bool HasHeader(const SignedRequest& request, std::string_view name) {
  return std::any_of(request.headers.begin(), request.headers.end(),
                     [&](const auto& h) { return EqualsIgnoringCase(h.first, name); });
}

bool Unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_' || c == '.' || c == '~';
}

std::string UriEncode(std::string_view s, bool keep_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    if (Unreserved(c) || (keep_slash && c == '/')) {
      out += c;
    } else {
      auto u = static_cast<unsigned char>(c);
      out += '%';
      out += kDigits[u >> 4];
      out += kDigits[u & 0xf];
    }
  }
  return out;
}

std::string UriDecode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto hex = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string CanonicalQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view param = query.substr(0, amp);
    if (!param.empty()) {
      std::size_t eq = param.find('=');
      std::string_view value = eq == std::string_view::npos ? "" : param.substr(eq + 1);
      params.emplace_back(UriEncode(UriDecode(param.substr(0, eq)), false),
                          UriEncode(UriDecode(value), false));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    out += k + "=" + v;
  }
  return out;
}

// "20240102T030405Z" → the time it names; nothing when it is not one.
std::optional<std::time_t> ParseAmzDate(std::string_view s) {
  if (s.size() != 16 || s[8] != 'T' || s[15] != 'Z') return std::nullopt;
  std::tm tm{};
  std::string text(s);
  const char* end = strptime(text.c_str(), "%Y%m%dT%H%M%SZ", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return timegm(&tm);
}

std::string FormatAmzDate(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &tm);
  return text;
}

// The request's time as x-amz-date states it, or its Date header converted
// to the same form; empty when it has neither.
std::string RequestDate(const SignedRequest& request) {
  std::string amz = HeaderValue(request, "x-amz-date");
  if (!amz.empty()) return amz;
  std::string date = HeaderValue(request, "date");
  if (date.empty()) return {};
  std::tm tm{};
  const char* end = strptime(date.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr) return date;  // refused below as not ISO-8601
  return FormatAmzDate(timegm(&tm));
}

struct AuthorizationHeader {
  std::string_view credential, signed_headers, signature;
};

// Splits "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..."
// into its parameters, or says what is missing, as DynamoDB words it.
std::optional<Error> ParseAuthorization(std::string_view header, bool has_date,
                                        AuthorizationHeader& out) {
  std::string_view rest = Trim(header);
  std::size_t space = rest.find(' ');
  std::string_view algorithm = rest.substr(0, space);
  if (algorithm != kAlgorithm) {
    return Incomplete("Unsupported AWS 'algorithm': '" + std::string(algorithm) + "'");
  }
  rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
  while (!rest.empty()) {
    std::size_t comma = rest.find(',');
    std::string_view part = Trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (part.empty()) continue;
    std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      return Incomplete("'" + std::string(part) +
                        "' not a valid key=value pair (missing equal-sign) in Authorization "
                        "header: '" + std::string(header) + "'.");
    }
    std::string_view name = part.substr(0, eq), value = part.substr(eq + 1);
    std::string_view* slot = name == "Credential"      ? &out.credential
                             : name == "SignedHeaders" ? &out.signed_headers
                             : name == "Signature"     ? &out.signature
                                                       : nullptr;
    if (slot != nullptr && !slot->empty()) {
      // Given twice (or in two Authorization headers): which one counts
      // would be ambiguous, so neither does.
      return Incomplete("Authorization header has a duplicate '" + std::string(name) +
                        "' parameter. Authorization=" + std::string(header));
    }
    if (slot != nullptr) *slot = value;
  }
  std::string missing;
  if (out.credential.empty()) missing += "Authorization header requires 'Credential' parameter. ";
  if (out.signature.empty()) missing += "Authorization header requires 'Signature' parameter. ";
  if (out.signed_headers.empty()) {
    missing += "Authorization header requires 'SignedHeaders' parameter. ";
  }
  if (!has_date) {
    missing +=
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  }
  if (!missing.empty()) return Incomplete(missing + "Authorization=" + std::string(header));
  return std::nullopt;
}

// "AKID/20240102/us-east-1/dynamodb/aws4_request"
struct Scope {
  std::string_view access_key_id, date, region, service, terminator;
};

std::optional<Scope> ParseScope(std::string_view credential) {
  std::vector<std::string_view> parts;
  while (true) {
    std::size_t slash = credential.find('/');
    parts.push_back(credential.substr(0, slash));
    if (slash == std::string_view::npos) break;
    credential.remove_prefix(slash + 1);
  }
  if (parts.size() != 5) return std::nullopt;
  return Scope{parts[0], parts[1], parts[2], parts[3], parts[4]};
}

// SignedHeaders as the specification has it: lowercase names, strictly
// ascending (so none twice), and not absurdly many.
bool WellFormedSignedHeaders(std::string_view list) {
  std::string_view previous;
  std::size_t count = 0;
  while (true) {
    std::size_t semi = list.find(';');
    std::string_view name = list.substr(0, semi);
    if (name.empty() || ++count > kMaxSignedHeaders) return false;
    for (char c : name) {
      if (c >= 'A' && c <= 'Z') return false;
    }
    if (count > 1 && !(previous < name)) return false;
    previous = name;
    if (semi == std::string_view::npos) return true;
    list.remove_prefix(semi + 1);
  }
}

bool Contains(std::string_view list, std::string_view name) {
  while (!list.empty()) {
    std::size_t semi = list.find(';');
    if (list.substr(0, semi) == name) return true;
    if (semi == std::string_view::npos) break;
    list.remove_prefix(semi + 1);
  }
  return false;
}

std::optional<Error> CheckTime(std::string_view amz_date, std::time_t signed_at,
                               std::chrono::system_clock::time_point now) {
  std::time_t now_t = std::chrono::system_clock::to_time_t(now);
  auto skew = static_cast<std::time_t>(std::chrono::seconds(kMaxSkew).count());
  if (signed_at < now_t - skew) {
    return Invalid("Signature expired: " + std::string(amz_date) + " is now earlier than " +
                   FormatAmzDate(now_t - skew) + " (" + FormatAmzDate(now_t) + " - 5 min.)");
  }
  if (signed_at > now_t + skew) {
    return Invalid("Signature not yet current: " + std::string(amz_date) +
                   " is still later than " + FormatAmzDate(now_t + skew) + " (" +
                   FormatAmzDate(now_t) + " + 5 min.)");
  }
  return std::nullopt;
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return Hex(digest, sizeof digest);
}

std::string CanonicalRequest(const SignedRequest& request, std::string_view signed_headers) {
  std::string_view target = request.target;
  std::size_t question = target.find('?');
  std::string_view path = target.substr(0, question);
  std::string_view query =
      question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);
  std::string out(request.method);
  out += '\n';
  out += path.empty() ? "/" : UriEncode(path, true);
  out += '\n';
  out += CanonicalQuery(query);
  out += '\n';
  std::string_view names = signed_headers;
  while (!names.empty()) {
    std::size_t semi = names.find(';');
    std::string_view name = names.substr(0, semi);
    out += name;
    out += ':';
    out += HeaderValue(request, name);
    out += '\n';
    if (semi == std::string_view::npos) break;
    names.remove_prefix(semi + 1);
  }
  out += '\n';
  out += signed_headers;
  out += '\n';
  std::string declared = HeaderValue(request, "x-amz-content-sha256");
  out += declared == "UNSIGNED-PAYLOAD" ? declared : Sha256Hex(request.body);
  return out;
}

std::string Signature(std::string_view secret, std::string_view date, std::string_view region,
                      std::string_view service, std::string_view string_to_sign) {
  std::string key = Hmac("AWS4" + std::string(secret), date);
  key = Hmac(key, region);
  key = Hmac(key, service);
  key = Hmac(key, kTerminator);
  std::string mac = Hmac(key, string_to_sign);
  return Hex(reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
}

Result<std::string> VerifySignature(const SignedRequest& request, const SecretKeys& keys,
                                    std::chrono::system_clock::time_point now) {
  std::string header = HeaderValue(request, "authorization");
  if (header.empty()) {
    return Error{ErrorCode::kMissingAuthenticationTokenException,
                 "Request is missing Authentication Token", {}, {}};
  }
  std::string amz_date = RequestDate(request);
  AuthorizationHeader auth;
  if (auto e = ParseAuthorization(header, !amz_date.empty(), auth)) return *std::move(e);
  std::optional<Scope> scope = ParseScope(auth.credential);
  if (!scope) {
    return Incomplete(
        "Credential must have exactly 5 slash-delimited elements, e.g. "
        "keyid/date/region/service/term, got '" + std::string(auth.credential) + "'");
  }
  auto key = keys.find(scope->access_key_id);
  if (key == keys.end()) {
    return Error{ErrorCode::kUnrecognizedClientException,
                 "The security token included in the request is invalid.", {}, {}};
  }
  std::optional<std::time_t> signed_at = ParseAmzDate(amz_date);
  if (!signed_at) {
    return Incomplete("Date must be in ISO-8601 'basic format'. Got '" + amz_date +
                      "'. See http://en.wikipedia.org/wiki/ISO_8601");
  }
  if (scope->terminator != kTerminator) {
    return Invalid("Credential should be scoped with a valid terminator: 'aws4_request', not '" +
                   std::string(scope->terminator) + "'. ");
  }
  if (scope->service != kService) {
    return Invalid("Credential should be scoped to correct service: 'dynamodb'. ");
  }
  if (scope->date != std::string_view(amz_date).substr(0, 8)) {
    return Invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of "
                   "date from HTTP: '" + std::string(scope->date) + "' != '" +
                   amz_date.substr(0, 8) + "', from '" + amz_date + "'.");
  }
  if (auto e = CheckTime(amz_date, *signed_at, now)) return *std::move(e);
  if (!Contains(auth.signed_headers, "host") || !HasHeader(request, "host")) {
    return Invalid("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  const Error mismatch = Invalid(
      "The request signature we calculated does not match the signature you provided. Check "
      "your AWS Secret Access Key and signing method. Consult the service documentation for "
      "details.");
  // A client following the specification never sends another list; one that
  // does could not have computed a signature that matches.
  if (!WellFormedSignedHeaders(auth.signed_headers)) return mismatch;
  std::string string_to_sign = std::string(kAlgorithm) + "\n" + amz_date + "\n" +
                               std::string(scope->date) + "/" + std::string(scope->region) +
                               "/" + std::string(scope->service) + "/" +
                               std::string(kTerminator) + "\n" +
                               Sha256Hex(CanonicalRequest(request, auth.signed_headers));
  std::string expected =
      Signature(key->second, scope->date, scope->region, scope->service, string_to_sign);
  if (expected.size() != auth.signature.size() ||
      CRYPTO_memcmp(expected.data(), auth.signature.data(), expected.size()) != 0) {
    return mismatch;
  }
  return std::string(auth.credential);
}

}  // namespace ddb::server
