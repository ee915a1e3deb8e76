#include "protocol/json_writer.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ddb::protocol {

void JsonWriter::Separate() {
  if (need_comma_) out_ += ',';
  need_comma_ = false;
}

JsonWriter& JsonWriter::Open(char c) {
  Separate();
  out_ += c;
  return *this;
}

JsonWriter& JsonWriter::Close(char c) {
  out_ += c;
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::PlainKey(std::string_view name) {
  Separate();
  out_ += '"';
  out_ += name;
  out_ += "\":";
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view name) {
  String(name);
  out_ += ':';
  need_comma_ = false;
  return *this;
}

void JsonWriter::Escape(unsigned char c) {
  switch (c) {
    case '"': out_ += "\\\""; break;
    case '\\': out_ += "\\\\"; break;
    case '\n': out_ += "\\n"; break;
    case '\r': out_ += "\\r"; break;
    case '\t': out_ += "\\t"; break;
    case '\b': out_ += "\\b"; break;
    case '\f': out_ += "\\f"; break;
    default: {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
      out_ += buffer;
    }
  }
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

// The length of the front of `value` that surely needs no escape: all of
// it, usually. Sixteen bytes at a time (SSE2, on every x86-64), then eight,
// the last few padded with letters.
std::size_t CleanPrefix(std::string_view value) {
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i below_space = _mm_set1_epi8(0x1f);
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  for (; i + 16 <= value.size(); i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(value.data() + i));
    __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, below_space), v);  // v <= 0x1f
    __m128i special = _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash));
    int found = _mm_movemask_epi8(_mm_or_si128(control, special));
    if (found != 0) return i + static_cast<std::size_t>(__builtin_ctz(found));
  }
#endif
  for (; i + 8 <= value.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, value.data() + i, 8);
    if (NeedsEscape(w)) return i;
  }
  if (i == value.size()) return i;
  uint64_t w = 0x6161616161616161ull;  // "aaaaaaaa"
  std::memcpy(&w, value.data() + i, value.size() - i);
  return NeedsEscape(w) ? i : value.size();
}

}  // namespace

// Runs of characters that need no escape are copied at once: item payloads
// are mostly such runs.
JsonWriter& JsonWriter::String(std::string_view value) {
  Separate();
  out_ += '"';
  const std::size_t clean = CleanPrefix(value);
  std::size_t run = 0;
  for (std::size_t i = clean; i < value.size(); ++i) {
    auto c = static_cast<unsigned char>(value[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out_.append(value.data() + run, i - run);
    Escape(c);
    run = i + 1;
  }
  out_.append(value.data() + run, value.size() - run);
  out_ += '"';
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) { return RawNumber(value ? "true" : "false"); }
JsonWriter& JsonWriter::Null() { return RawNumber("null"); }
JsonWriter& JsonWriter::Int(int64_t value) { return RawNumber(std::to_string(value)); }

JsonWriter& JsonWriter::RawNumber(std::string_view text) {
  Separate();
  out_ += text;
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
