// JsonWriter::String against a byte-at-a-time escape: every length around
// the eight-byte steps, with each kind of character that needs escaping at
// every position.
#include "protocol/json_writer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace ddb::protocol {
namespace {

std::string Reference(std::string_view value) {
  std::string out = "\"";
  for (unsigned char c : value) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string Written(std::string_view value) {
  JsonWriter out;
  out.String(value);
  return std::move(out).Take();
}

TEST(JsonWriterTest, StringsEscapeWhatJsonRequiresAtEveryPosition) {
  const std::string specials[] = {"\"", "\\", "\n", std::string(1, '\0'), "\x1f", "\x7f",
                                  "\xc3\xa9", "\xff", " ", "a"};
  for (std::size_t length = 0; length <= 40; ++length) {  // 16- and 8-byte steps, tails
    EXPECT_EQ(Written(std::string(length, 'x')), Reference(std::string(length, 'x')));
    for (const std::string& special : specials) {
      for (std::size_t at = 0; at <= length; ++at) {
        std::string value = std::string(at, 'x') + special + std::string(length - at, 'y');
        ASSERT_EQ(Written(value), Reference(value)) << "length " << length << " at " << at;
      }
    }
  }
  EXPECT_EQ(Written(std::string_view()), "\"\"");
}

}  // namespace
}  // namespace ddb::protocol
