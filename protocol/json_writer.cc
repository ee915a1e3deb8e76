#include "protocol/json_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ddb::protocol {

void JsonWriter::Grow(std::size_t n) {
  out_.resize(std::max(out_.size() * 2, std::max<std::size_t>(used_ + n, 256)));
}

JsonWriter& JsonWriter::Open(char c) {
  Separate();
  Put(c);
  return *this;
}

JsonWriter& JsonWriter::Close(char c) {
  Put(c);
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::PlainKey(std::string_view name) {
  Separate();
  char* at = Room(name.size() + 3);
  at[0] = '"';
  std::memcpy(at + 1, name.data(), name.size());
  at[name.size() + 1] = '"';
  at[name.size() + 2] = ':';
  used_ += name.size() + 3;
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view name) {
  Separate();
  Quoted(name);
  Put(':');
  return *this;
}

namespace {

// Whether any of the 8 bytes of `w` is a control character, '"' or '\\'
// (the classic "has a zero byte" bit trick, three times).
bool NeedsEscape(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHighs = 0x8080808080808080ull;
  auto has_zero = [](uint64_t x) { return (x - kOnes) & ~x & kHighs; };
  uint64_t below_space = (w - kOnes * 0x20) & ~w & kHighs;
  return (below_space | has_zero(w ^ (kOnes * '"')) | has_zero(w ^ (kOnes * '\\'))) != 0;
}

uint64_t Load8(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}
uint32_t Load4(const char* p) {
  uint32_t w;
  std::memcpy(&w, p, 4);
  return w;
}

#if defined(__SSE2__)
// One bit per byte of `v` that JSON needs escaped.
int EscapeMask(__m128i v) {
  __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);  // v <= 0x1f
  __m128i quote = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
  __m128i backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
  return _mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(quote, backslash)));
}
#endif

// Copies the front of `value` that needs no escape to `to` (room for
// value.size() bytes), and returns its length: all of it, usually. Whole
// blocks are loaded and stored (16 bytes with SSE2, on every x86-64, then
// 8, then 4), the last one overlapping the one before rather than going
// byte by byte. A block found to need an escape stops the copy at the
// block's start or at the escape; bytes past the length returned may have
// been written (to be written over).
std::size_t CopyClean(std::string_view value, char* to) {
  const char* from = value.data();
  const std::size_t n = value.size();
  std::size_t i = 0;
#if defined(__SSE2__)
  for (; i + 16 <= n; i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(from + i));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(to + i), v);
    if (int found = EscapeMask(v)) return i + static_cast<std::size_t>(__builtin_ctz(found));
  }
  if (i == n) return n;
  if (n >= 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(from + n - 16));
    if (EscapeMask(v)) return i;
    _mm_storeu_si128(reinterpret_cast<__m128i*>(to + n - 16), v);
    return n;
  }
  if (n >= 8) {  // 8 to 15 bytes: the first eight and the last eight, checked together
    __m128i first = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(from));
    __m128i last = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(from + n - 8));
    if (EscapeMask(_mm_unpacklo_epi64(first, last))) return 0;
    _mm_storel_epi64(reinterpret_cast<__m128i*>(to), first);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(to + n - 8), last);
    return n;
  }
#endif
  for (; i + 8 <= n; i += 8) {
    uint64_t w = Load8(from + i);
    if (NeedsEscape(w)) return i;
    std::memcpy(to + i, &w, 8);
  }
  if (i == n) return n;
  if (n >= 8) {
    uint64_t w = Load8(from + n - 8);
    if (NeedsEscape(w)) return i;
    std::memcpy(to + n - 8, &w, 8);
    return n;
  }
  if (n >= 4) {  // 4 to 7 bytes: the first four and the last four
    uint32_t first = Load4(from), last = Load4(from + n - 4);
    if (NeedsEscape(first | uint64_t{last} << 32)) return 0;
    std::memcpy(to, &first, 4);
    std::memcpy(to + n - 4, &last, 4);
    return n;
  }
  // 1 to 3 bytes: the first, the middle and the last, padded with letters.
  uint64_t w = 0x6161616161616161ull;  // "aaaaaaaa"
  w = (w & ~uint64_t{0xffffff}) | uint64_t{static_cast<unsigned char>(from[0])} |
      uint64_t{static_cast<unsigned char>(from[n / 2])} << 8 |
      uint64_t{static_cast<unsigned char>(from[n - 1])} << 16;
  if (NeedsEscape(w)) return 0;
  to[0] = from[0];
  to[n / 2] = from[n / 2];
  to[n - 1] = from[n - 1];
  return n;
}

}  // namespace

// The usual string needs no escape at all: copied at once with its quotes.
void JsonWriter::Quoted(std::string_view value) {
  char* at = Room(value.size() + 2);
  at[0] = '"';
  const std::size_t clean = CopyClean(value, at + 1);
  if (clean == value.size()) {
    at[clean + 1] = '"';
    used_ += clean + 2;
    return;
  }
  used_ += clean + 1;
  Escaped(value.substr(clean));
  Put('"');
}

// From the first character that needs an escape on: runs of characters that
// need none are still copied at once.
void JsonWriter::Escaped(std::string_view value) {
  std::size_t run = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    auto c = static_cast<unsigned char>(value[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    Put(value.substr(run, i - run));
    run = i + 1;
    switch (c) {
      case '"': Put("\\\""); break;
      case '\\': Put("\\\\"); break;
      case '\n': Put("\\n"); break;
      case '\r': Put("\\r"); break;
      case '\t': Put("\\t"); break;
      case '\b': Put("\\b"); break;
      case '\f': Put("\\f"); break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        const char unicode[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        Put(std::string_view(unicode, sizeof unicode));
      }
    }
  }
  Put(value.substr(run));
}

JsonWriter& JsonWriter::String(std::string_view value) {
  Separate();
  Quoted(value);
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::TypedString(std::string_view type, std::string_view value) {
  Separate();
  char* at = Room(type.size() + 4);
  *at++ = '{';
  *at++ = '"';
  for (char c : type) *at++ = c;  // a letter or two: no call to memcpy
  *at++ = '"';
  *at++ = ':';
  used_ += type.size() + 4;
  Quoted(value);
  Put('}');
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) { return RawNumber(value ? "true" : "false"); }
JsonWriter& JsonWriter::Null() { return RawNumber("null"); }
JsonWriter& JsonWriter::Int(int64_t value) { return RawNumber(std::to_string(value)); }

JsonWriter& JsonWriter::RawNumber(std::string_view text) {
  Separate();
  Put(text);
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::EpochSeconds(double seconds) {
  // Millisecond precision, like DynamoDB's own timestamps.
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.3f", std::round(seconds * 1000.0) / 1000.0);
  return RawNumber(buffer);
}

}  // namespace ddb::protocol
