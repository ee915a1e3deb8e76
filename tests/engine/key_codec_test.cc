// The key encoding must order bytes exactly as DynamoDB orders values.
#include "engine/key_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace ddb {
namespace {

std::string Encode(const AttributeValue& v) {
  std::string out;
  AppendKeyValue(v, out);
  return out;
}

AttributeValue Num(std::string_view text) { return AttributeValue::N(*Number::Parse(text)); }

TEST(KeyCodecTest, NumbersSortNumerically) {
  std::vector<std::string> sorted = {"-1E+125", "-1000", "-999.5", "-10", "-9.99", "-1",
                                     "-0.5", "-0.05", "-1E-130", "0", "1E-130", "0.05",
                                     "0.5", "1", "1.5", "9.99", "10", "999.5", "1000",
                                     "9.9999999999999999999999999999999999999E+125"};
  for (std::size_t i = 0; i + 1 < sorted.size(); ++i) {
    EXPECT_LT(Encode(Num(sorted[i])), Encode(Num(sorted[i + 1])))
        << sorted[i] << " < " << sorted[i + 1];
  }
}

TEST(KeyCodecTest, RandomNumbersSortLikeTheirValues) {
  std::mt19937 random(42);
  std::uniform_int_distribution<int> digit(0, 9), length(1, 38), exponent(-90, 85), sign(0, 1);
  std::vector<Number> numbers;
  for (int i = 0; i < 2000; ++i) {
    std::string text = sign(random) ? "-" : "";
    int n = length(random);
    for (int j = 0; j < n; ++j) text += static_cast<char>('0' + digit(random));
    text += "e" + std::to_string(exponent(random));
    numbers.push_back(*Number::Parse(text));
  }
  std::sort(numbers.begin(), numbers.end());
  for (std::size_t i = 0; i + 1 < numbers.size(); ++i) {
    std::string a = Encode(AttributeValue::N(numbers[i]));
    std::string b = Encode(AttributeValue::N(numbers[i + 1]));
    if (numbers[i] == numbers[i + 1]) {
      EXPECT_EQ(a, b);
    } else {
      EXPECT_LT(a, b) << numbers[i].ToString() << " vs " << numbers[i + 1].ToString();
    }
  }
}

TEST(KeyCodecTest, StringsAndBinariesSortBytewiseIncludingZeroBytes) {
  std::vector<std::string> sorted = {"", std::string("\0", 1), std::string("\0\0", 2),
                                     std::string("\0\x01", 2), "a", std::string("a\0", 2),
                                     "a\x01", "ab", "b", "\x7f", "\x80", "\xff", "\xff\xff"};
  for (std::size_t i = 0; i + 1 < sorted.size(); ++i) {
    EXPECT_LT(Encode(AttributeValue::B(sorted[i])), Encode(AttributeValue::B(sorted[i + 1])));
    EXPECT_LT(Encode(AttributeValue::S(sorted[i])), Encode(AttributeValue::S(sorted[i + 1])));
  }
}

TEST(KeyCodecTest, CompositeKeysGroupByPartitionThenSort) {
  // "a" with any sort key sorts before "a\0" with any sort key.
  std::string k1 = Encode(AttributeValue::S("a")) + Encode(Num("999"));
  std::string k2 = Encode(AttributeValue::S(std::string("a\0", 2))) + Encode(Num("-999"));
  EXPECT_LT(k1, k2);
}

TEST(KeyCodecTest, DecodesWhatItEncodes) {
  for (const AttributeValue& v :
       {Num("0"), Num("-12.5"), Num("1E+100"), AttributeValue::S(std::string("x\0y", 3)),
        AttributeValue::B("\xff\x00")}) {
    std::string bytes = Encode(v) + "tail";
    std::string_view in = bytes;
    AttributeValue out;
    ASSERT_TRUE(ReadKeyValue(v.type(), in, out));
    EXPECT_EQ(out, v);
    EXPECT_EQ(in, "tail");
  }
}

TEST(KeyCodecTest, PrefixEndBoundsEveryKeyWithThePrefix) {
  EXPECT_EQ(PrefixEnd("ab"), "ac");
  EXPECT_EQ(PrefixEnd(std::string("a\xff", 2)), "b");
  EXPECT_EQ(PrefixEnd("\xff\xff"), "");
  EXPECT_LT(TablePrefix(1) + "\xff\xff", PrefixEnd(TablePrefix(1)));
}

}  // namespace
}  // namespace ddb
