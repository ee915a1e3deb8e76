// model/number.h
//
// Number: DynamoDB's "N" type, an exact decimal of at most 38 significant
// digits with a magnitude between 1E-130 and 9.99...E+125 (or zero). No binary
// floating point is involved anywhere: the value is its digits and exponent.
//
// A Number is normalized on construction (no leading or trailing zeros,
// "-0" is 0), so equal values have equal representations and operator==
// is numeric equality: Number("1.0") == Number("1").
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace ddb {

enum class NumberError : uint8_t { kNotANumber, kTooPrecise, kOverflow, kUnderflow };

// DynamoDB's message for each NumberError, as it sends it.
std::string_view NumberErrorMessage(NumberError error);

class Number {
 public:
  static constexpr int kMaxDigits = 38;
  // value = 0.d1d2d3... x 10^exponent; DynamoDB's range in this form.
  static constexpr int kMinExponent = -129;
  static constexpr int kMaxExponent = 126;

  Number() = default;  // zero

  // Parses DynamoDB's number syntax: [+-]digits[.digits][(e|E)[+-]digits],
  // where either side of the '.' may be empty but not both. Fails with
  // kNotANumber, kTooPrecise (more than 38 significant digits), kOverflow or
  // kUnderflow.
  static base::Result<Number, NumberError> Parse(std::string_view text);

  // Builds from parts. REQUIRES: digits are '0'..'9' without leading or
  // trailing zeros (empty for zero), and within DynamoDB's range.
  static Number FromParts(bool negative, std::string digits, int exponent);

  bool is_zero() const { return digits_.empty(); }
  bool negative() const { return negative_; }
  // Significant digits as ASCII, no leading or trailing zeros; empty for 0.
  const std::string& digits() const { return digits_; }
  int exponent() const { return exponent_; }

  // DynamoDB's normalized text: plain notation, no exponent, no trailing
  // zeros after the point ("1E+3" -> "1000", "0.50" -> "0.5", "-0" -> "0").
  std::string ToString() const;

  friend bool operator==(const Number&, const Number&) = default;
  friend std::strong_ordering operator<=>(const Number& a, const Number& b);

 private:
  bool negative_ = false;
  std::string digits_;
  int exponent_ = 0;
};

}  // namespace ddb

namespace ddb {

// Exact a + b and a - b. kTooPrecise when the exact result needs more than
// 38 significant digits, kOverflow/kUnderflow when it leaves DynamoDB's range.
base::Result<Number, NumberError> Add(const Number& a, const Number& b);
base::Result<Number, NumberError> Subtract(const Number& a, const Number& b);

}  // namespace ddb
