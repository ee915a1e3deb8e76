#include "server/http_codec.h"

#include <zlib.h>

#include <algorithm>
#include <random>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace ddb::server {

namespace {

// zlib's CRC-32 of `bytes`, continuing from `crc` (a previous result, or 0).
uint32_t ZlibCrc32(uint32_t crc, std::string_view bytes) {
  uLong c = crc;
  // zlib takes a uInt length; feed large bodies in pieces.
  while (!bytes.empty()) {
    auto chunk = static_cast<uInt>(std::min<std::size_t>(bytes.size(), 1u << 30));
    c = crc32(c, reinterpret_cast<const Bytef*>(bytes.data()), chunk);
    bytes.remove_prefix(chunk);
  }
  return static_cast<uint32_t>(c);
}

#if defined(__x86_64__)
// The same CRC-32 (reflected polynomial 0xEDB88320) by carry-less
// multiplication, sixteen bytes per step (Intel's "Fast CRC Computation for
// Generic Polynomials Using PCLMULQDQ"): about ten times zlib's speed, and
// every answer's body is checksummed. `state` is the inverted running CRC,
// as inside zlib; `size` is at least 64 and a multiple of 16.
// The constants are x^(k) mod P for the fold distances, bit-reflected:
constexpr uint64_t kFold512Low = 0x154442bd4;   // x^(4*128+32) mod P
constexpr uint64_t kFold512High = 0x1c6e41596;  // x^(4*128-32) mod P
constexpr uint64_t kFold128Low = 0x1751997d0;   // x^(128+32) mod P
constexpr uint64_t kFold128High = 0x0ccaa009e;  // x^(128-32) mod P
constexpr uint64_t kFold64 = 0x163cd6124;       // x^64 mod P
constexpr uint64_t kPoly = 0x1db710641;         // P
constexpr uint64_t kBarrett = 0x1f7011641;      // floor(x^64 / P)

#define DDB_CLMUL __attribute__((target("pclmul,sse4.1")))

__m128i load(const char* at) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(at)); }

// `a`'s two halves multiplied by the constants' and added to `next`.
DDB_CLMUL __m128i fold(__m128i a, __m128i constants, __m128i next) {
  __m128i low = _mm_clmulepi64_si128(a, constants, 0x00);
  __m128i high = _mm_clmulepi64_si128(a, constants, 0x11);
  return _mm_xor_si128(_mm_xor_si128(low, high), next);
}

DDB_CLMUL uint32_t FoldCrc32(uint32_t state, const char* p, std::size_t size) {
  __m128i x0 = _mm_xor_si128(load(p), _mm_cvtsi32_si128(static_cast<int>(state)));
  __m128i x1 = load(p + 16), x2 = load(p + 32), x3 = load(p + 48);
  p += 64;
  size -= 64;
  const __m128i by512 = _mm_set_epi64x(kFold512High, kFold512Low);
  for (; size >= 64; p += 64, size -= 64) {
    x0 = fold(x0, by512, load(p));
    x1 = fold(x1, by512, load(p + 16));
    x2 = fold(x2, by512, load(p + 32));
    x3 = fold(x3, by512, load(p + 48));
  }
  const __m128i by128 = _mm_set_epi64x(kFold128High, kFold128Low);
  x0 = fold(x0, by128, x1);
  x0 = fold(x0, by128, x2);
  x0 = fold(x0, by128, x3);
  for (; size >= 16; p += 16, size -= 16) x0 = fold(x0, by128, load(p));
  // 128 bits to 64, then to 32 ...
  const __m128i low32 = _mm_set_epi32(0, 0, 0, -1);
  x0 = _mm_xor_si128(_mm_clmulepi64_si128(x0, by128, 0x10), _mm_srli_si128(x0, 8));
  const __m128i by64 = _mm_set_epi64x(0, kFold64);
  x0 = _mm_xor_si128(_mm_clmulepi64_si128(_mm_and_si128(x0, low32), by64, 0x00),
                     _mm_srli_si128(x0, 4));
  // ... and the remainder by Barrett reduction.
  const __m128i barrett = _mm_set_epi64x(kBarrett, kPoly);
  __m128i t = _mm_clmulepi64_si128(_mm_and_si128(x0, low32), barrett, 0x10);
  t = _mm_clmulepi64_si128(_mm_and_si128(t, low32), barrett, 0x00);
  return static_cast<uint32_t>(_mm_extract_epi32(_mm_xor_si128(t, x0), 1));
}

bool HasCarrylessMultiply() {
  static const bool has = __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
  return has;
}
#undef DDB_CLMUL
#endif

}  // namespace

uint32_t Crc32(std::string_view bytes) {
  uint32_t crc = 0;
#if defined(__x86_64__)
  if (bytes.size() >= 64 && HasCarrylessMultiply()) {
    const std::size_t folded = bytes.size() & ~std::size_t{15};
    crc = ~FoldCrc32(~crc, bytes.data(), folded);
    bytes.remove_prefix(folded);
  }
#endif
  return ZlibCrc32(crc, bytes);
}

std::optional<std::string> Inflate(std::string_view body, bool gzip, std::size_t max_bytes) {
  z_stream stream{};
  // 15 + 32 detects a gzip or zlib header; -15 is raw deflate.
  if (inflateInit2(&stream, gzip ? 15 + 32 : 15 + 32) != Z_OK) return std::nullopt;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  stream.avail_in = static_cast<uInt>(body.size());
  std::string out;
  char buffer[64 * 1024];
  int status = Z_OK;
  while (status == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    status = inflate(&stream, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) break;
    out.append(buffer, sizeof buffer - stream.avail_out);
    if (out.size() > max_bytes) status = Z_MEM_ERROR;
    if (status == Z_OK && stream.avail_in == 0 && stream.avail_out != 0) status = Z_BUF_ERROR;
  }
  inflateEnd(&stream);
  if (status != Z_STREAM_END) return std::nullopt;
  return out;
}

std::string Gzip(std::string_view body) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return std::string(body);
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(body.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  stream.avail_in = static_cast<uInt>(body.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

void AppendRequestId(std::string& out) {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  constexpr std::size_t kLength = 52;
  const std::size_t begin = out.size();
  out.resize(begin + kLength);
  char* id = out.data() + begin;
  // Twelve characters from each 64-bit draw (36^12 < 2^64).
  for (std::size_t at = 0; at < kLength;) {
    uint64_t bits = random();
    for (int i = 0; i < 12 && at < kLength; ++i, ++at) {
      id[at] = kAlphabet[bits % kAlphabet.size()];
      bits /= kAlphabet.size();
    }
  }
}

}  // namespace ddb::server
