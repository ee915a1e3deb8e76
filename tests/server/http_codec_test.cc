// x-amz-crc32 must be zlib's CRC-32 of the body (botocore recomputes it), on
// every length and alignment the folding path and its tail can meet.
#include "server/http_codec.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <random>
#include <string>

namespace ddb::server {
namespace {

uint32_t Reference(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  return static_cast<uint32_t>(
      crc32(crc, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

TEST(Crc32Test, KnownValues) {
  EXPECT_EQ(Crc32(""), 0u);
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);  // the CRC-32 check value
  EXPECT_EQ(Crc32("{}"), 2745614147u);          // DynamoDB's for an empty answer
}

TEST(Crc32Test, MatchesZlibAtEveryLengthAndOffset) {
  std::mt19937 rng(20261203);
  std::string buffer(5000, '\0');
  for (char& c : buffer) c = static_cast<char>(rng());
  for (std::size_t size = 0; size <= 1100; ++size) {
    for (std::size_t offset : {0, 1, 7, 15}) {
      std::string_view bytes(buffer.data() + offset, size);
      ASSERT_EQ(Crc32(bytes), Reference(bytes)) << "size " << size << ", offset " << offset;
    }
  }
  std::string large(3 << 20, '\0');
  for (char& c : large) c = static_cast<char>(rng());
  EXPECT_EQ(Crc32(large), Reference(large));
  std::string same(4096, 'a');
  EXPECT_EQ(Crc32(same), Reference(same));
}

TEST(HttpCodecTest, RequestIdsAreFiftyTwoUppercaseLettersAndDigitsAppended) {
  std::string out = "x: ";
  AppendRequestId(out);
  AppendRequestId(out);
  ASSERT_EQ(out.size(), 3u + 2 * 52);
  EXPECT_EQ(out.substr(0, 3), "x: ");
  for (char c : out.substr(3)) EXPECT_TRUE((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) << c;
  EXPECT_NE(out.substr(3, 52), out.substr(55, 52));
}

}  // namespace
}  // namespace ddb::server
