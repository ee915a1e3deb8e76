#include "server/http_request.h"

#include <array>
#include <cstdint>

#include "base/ascii.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ddb::server {
namespace {

// RFC 9110's tchar: the characters of a field name.
constexpr std::array<bool, 256> kTokenChars = [] {
  std::array<bool, 256> table{};
  for (int c = '0'; c <= '9'; ++c) table[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) table[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) table[c] = true;
  for (char c : std::string_view("!#$%&'*+-.^_`|~")) table[static_cast<unsigned char>(c)] = true;
  return table;
}();

// Control characters (CR among them), DEL and bytes past ASCII: what ends a
// line of the simple shape, or takes the request out of it.
bool IsSpecial(unsigned char c) { return c < 0x20 || c >= 0x7F; }

// The first special byte in [p, end), or end.
const char* FirstSpecial(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(0x20);
  const __m128i del = _mm_set1_epi8(0x7F);
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // A signed compare: bytes from 0x80 are negative, so "below 0x20" too.
    const int mask =
        _mm_movemask_epi8(_mm_or_si128(_mm_cmplt_epi8(v, space), _mm_cmpeq_epi8(v, del)));
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  while (p < end && !IsSpecial(static_cast<unsigned char>(*p))) ++p;
  return p;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool IsSimpleMethod(std::string_view method) {
  return method == "POST" || method == "GET" || method == "HEAD" || method == "OPTIONS";
}

// The request line: method, target and version, each of the shape.
bool ReadRequestLine(std::string_view line, HttpRequest& out) {
  std::size_t method_end = line.find(' ');
  if (method_end == std::string_view::npos) return false;
  out.method = line.substr(0, method_end);
  std::string_view rest = line.substr(method_end + 1);
  std::size_t target_end = rest.find(' ');
  if (target_end == 0 || target_end == std::string_view::npos) return false;
  out.target = rest.substr(0, target_end);
  return IsSimpleMethod(out.method) && rest.substr(target_end + 1) == "HTTP/1.1";
}

// The value of a Content-Length of decimal digits within `limit`, or -1.
int64_t ContentLength(std::string_view value, std::size_t limit) {
  if (value.empty() || value.size() > 10) return -1;
  int64_t n = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return -1;
    n = n * 10 + (c - '0');
  }
  return n <= static_cast<int64_t>(limit) ? n : -1;
}

}  // namespace

std::string_view HttpRequest::operator[](std::string_view name) const {
  for (const auto& [field, value] : fields) {
    if (EqualsIgnoringCase(field, name)) return value;
  }
  return {};
}

SimpleParse ParseSimpleRequest(std::string_view bytes, std::size_t body_limit,
                               std::size_t header_limit, HttpRequest& out) {
  const char* const begin = bytes.data();
  const char* const end = begin + bytes.size();
  SimpleParse incomplete{SimpleParse::kIncomplete, false, 0};
  SimpleParse not_simple{SimpleParse::kNotSimple, false, 0};
  out.fields.clear();
  out.keep_alive = true;
  int64_t content_length = -1;
  bool connection_seen = false;
  const char* p = begin;
  for (bool request_line = true;; request_line = false) {
    const char* cr = FirstSpecial(p, end);
    if (static_cast<std::size_t>(cr - begin) > header_limit) return not_simple;
    if (cr == end || cr + 1 == end) return incomplete;
    if (*cr != '\r' || cr[1] != '\n') return not_simple;
    std::string_view line(p, static_cast<std::size_t>(cr - p));
    p = cr + 2;
    if (request_line) {
      if (!ReadRequestLine(line, out)) return not_simple;
      continue;
    }
    if (line.empty()) break;  // the end of the header
    std::size_t colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos) return not_simple;
    std::string_view name = line.substr(0, colon);
    for (char c : name) {
      if (!kTokenChars[static_cast<unsigned char>(c)]) return not_simple;
    }
    std::string_view value = TrimSpaces(line.substr(colon + 1));
    if (EqualsIgnoringCase(name, "content-length")) {
      if (content_length >= 0) return not_simple;
      content_length = ContentLength(value, body_limit);
      if (content_length < 0) return not_simple;
    } else if (EqualsIgnoringCase(name, "transfer-encoding")) {
      return not_simple;
    } else if (EqualsIgnoringCase(name, "connection")) {
      if (connection_seen) return not_simple;
      connection_seen = true;
      if (EqualsIgnoringCase(value, "close")) {
        out.keep_alive = false;
      } else if (!EqualsIgnoringCase(value, "keep-alive")) {
        return not_simple;
      }
    }
    out.fields.emplace_back(name, value);
  }
  const std::size_t header_size = static_cast<std::size_t>(p - begin);
  const std::size_t body_size = content_length < 0 ? 0 : static_cast<std::size_t>(content_length);
  if (bytes.size() - header_size < body_size) return {SimpleParse::kIncomplete, true, 0};
  out.body = bytes.substr(header_size, body_size);
  return {SimpleParse::kComplete, true, header_size + body_size};
}

}  // namespace ddb::server
