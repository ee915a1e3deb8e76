#include "model/number.h"

#include <gtest/gtest.h>

namespace ddb {
namespace {

Number N(std::string_view text) {
  auto n = Number::Parse(text);
  EXPECT_TRUE(n) << text;
  return n ? *n : Number();
}

NumberError ParseError(std::string_view text) {
  auto n = Number::Parse(text);
  EXPECT_FALSE(n) << text;
  return n ? NumberError::kNotANumber : n.error();
}

TEST(NumberTest, NormalizesToDynamoDbText) {
  EXPECT_EQ(N("1.50").ToString(), "1.5");
  EXPECT_EQ(N("1E+3").ToString(), "1000");
  EXPECT_EQ(N("-0").ToString(), "0");
  EXPECT_EQ(N("0.000").ToString(), "0");
  EXPECT_EQ(N("+7").ToString(), "7");
  EXPECT_EQ(N(".5").ToString(), "0.5");
  EXPECT_EQ(N("5.").ToString(), "5");
  EXPECT_EQ(N("-12.5e-3").ToString(), "-0.0125");
  EXPECT_EQ(N("00120").ToString(), "120");
  EXPECT_EQ(N("123456789012345678901234567890.12345678").ToString(),
            "123456789012345678901234567890.12345678");
}

TEST(NumberTest, KeepsThirtyEightDigitsExactly) {
  std::string digits(38, '9');
  EXPECT_EQ(N(digits).ToString(), digits);
  EXPECT_EQ(ParseError(digits + "1"), NumberError::kTooPrecise);
  // Trailing zeros are not significant.
  EXPECT_TRUE(Number::Parse(digits + "000"));
}

TEST(NumberTest, EnforcesDynamoDbRange) {
  EXPECT_TRUE(Number::Parse("9.9999999999999999999999999999999999999E+125"));
  EXPECT_EQ(ParseError("1E+126"), NumberError::kOverflow);
  EXPECT_TRUE(Number::Parse("1E-130"));
  EXPECT_EQ(ParseError("1E-131"), NumberError::kUnderflow);
  EXPECT_EQ(ParseError("-1E+126"), NumberError::kOverflow);
  EXPECT_EQ(ParseError("1e99999999999999999999"), NumberError::kOverflow);
}

TEST(NumberTest, RejectsWhatIsNotANumber) {
  for (std::string_view text : {"", "abc", "1.2.3", "--1", "1e", "e5", ".", "1 ", " 1", "0x10",
                                "NaN", "Infinity", "1e+"}) {
    EXPECT_EQ(ParseError(text), NumberError::kNotANumber) << text;
  }
}

TEST(NumberTest, ComparesNumerically) {
  EXPECT_EQ(N("1"), N("1.0"));
  EXPECT_LT(N("-10"), N("-9"));
  EXPECT_LT(N("-1"), N("0"));
  EXPECT_LT(N("0"), N("0.0001"));
  EXPECT_LT(N("9"), N("10"));
  EXPECT_LT(N("1.5"), N("1.55"));
  EXPECT_LT(N("-1.55"), N("-1.5"));
  EXPECT_GT(N("1E+125"), N("99999999"));
}

}  // namespace
}  // namespace ddb

namespace ddb {
namespace {

std::string Sum(std::string_view a, std::string_view b) {
  auto r = Add(*Number::Parse(a), *Number::Parse(b));
  return r ? r->ToString() : "error";
}
std::string Difference(std::string_view a, std::string_view b) {
  auto r = Subtract(*Number::Parse(a), *Number::Parse(b));
  return r ? r->ToString() : "error";
}

TEST(NumberArithmeticTest, AddsAndSubtractsExactly) {
  EXPECT_EQ(Sum("1", "2"), "3");
  EXPECT_EQ(Sum("0.1", "0.2"), "0.3");
  EXPECT_EQ(Sum("-5", "3"), "-2");
  EXPECT_EQ(Sum("5", "-5"), "0");
  EXPECT_EQ(Sum("999", "1"), "1000");
  EXPECT_EQ(Sum("1E+10", "1E-10"), "10000000000.0000000001");
  EXPECT_EQ(Difference("1", "0.001"), "0.999");
  EXPECT_EQ(Difference("-1", "-1"), "0");
  EXPECT_EQ(Difference("0", "7.5"), "-7.5");
  EXPECT_EQ(Sum("12345678901234567890123456789012345678", "1"),
            "12345678901234567890123456789012345679");
}

TEST(NumberArithmeticTest, RefusesResultsBeyondDynamoDbLimits) {
  EXPECT_EQ(Sum("1E+100", "1E-100"), "error");  // 201 significant digits
  EXPECT_EQ(Sum("9.9999999999999999999999999999999999999E+125", "1E+125"), "error");
}

}  // namespace
}  // namespace ddb
