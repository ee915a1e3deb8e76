#include "model/number.h"

#include <cstddef>

namespace ddb {

std::string_view NumberErrorMessage(NumberError error) {
  switch (error) {
    case NumberError::kNotANumber:
      return "A value provided cannot be converted into a number";
    case NumberError::kTooPrecise:
      return "DynamoDB only supports precision up to 38 digits";
    case NumberError::kOverflow:
      return "Number overflow. Attempting to store a number with magnitude larger than "
             "supported range";
    case NumberError::kUnderflow:
      return "Number underflow. Attempting to store a number with magnitude smaller than "
             "supported range";
  }
  return "";
}

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The pieces of a number's text, before normalization.
struct Lexed {
  bool negative = false;
  std::string_view integer;   // digits before '.'
  std::string_view fraction;  // digits after '.'
  long long exponent = 0;     // the value after 'e', clamped
};

// Reads a decimal exponent, clamping its magnitude so that absurd exponents
// ("1e999999999999") still classify as overflow or underflow.
bool LexExponent(std::string_view text, long long& out) {
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return false;
  long long value = 0;
  for (char c : text) {
    if (!IsDigit(c)) return false;
    if (value < 1000000000LL) value = value * 10 + (c - '0');
  }
  out = negative ? -value : value;
  return true;
}

bool Lex(std::string_view text, Lexed& out) {
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    out.negative = text[0] == '-';
    text.remove_prefix(1);
  }
  std::size_t i = 0;
  while (i < text.size() && IsDigit(text[i])) ++i;
  out.integer = text.substr(0, i);
  text.remove_prefix(i);
  if (!text.empty() && text[0] == '.') {
    text.remove_prefix(1);
    i = 0;
    while (i < text.size() && IsDigit(text[i])) ++i;
    out.fraction = text.substr(0, i);
    text.remove_prefix(i);
  }
  if (out.integer.empty() && out.fraction.empty()) return false;
  if (text.empty()) return true;
  if (text[0] != 'e' && text[0] != 'E') return false;
  return LexExponent(text.substr(1), out.exponent);
}

}  // namespace

base::Result<Number, NumberError> Number::Parse(std::string_view text) {
  Lexed lexed;
  if (!Lex(text, lexed)) return NumberError::kNotANumber;
  std::string all;
  all.reserve(lexed.integer.size() + lexed.fraction.size());
  all.append(lexed.integer);
  all.append(lexed.fraction);
  std::size_t first = all.find_first_not_of('0');
  if (first == std::string::npos) return Number();
  std::size_t last = all.find_last_not_of('0');
  // 0.d1d2... x 10^exponent: the point sits after the integer digits.
  long long exponent = static_cast<long long>(lexed.integer.size()) -
                       static_cast<long long>(first) + lexed.exponent;
  std::string digits = all.substr(first, last - first + 1);
  if (digits.size() > kMaxDigits) return NumberError::kTooPrecise;
  if (exponent > kMaxExponent) return NumberError::kOverflow;
  if (exponent < kMinExponent) return NumberError::kUnderflow;
  return FromParts(lexed.negative, std::move(digits), static_cast<int>(exponent));
}

Number Number::FromParts(bool negative, std::string digits, int exponent) {
  Number n;
  if (digits.empty()) return n;
  n.negative_ = negative;
  n.digits_ = std::move(digits);
  n.exponent_ = exponent;
  return n;
}

std::string Number::ToString() const {
  if (is_zero()) return "0";
  std::string out = negative_ ? "-" : "";
  const int length = static_cast<int>(digits_.size());
  if (exponent_ <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-exponent_), '0');
    out += digits_;
  } else if (exponent_ < length) {
    out.append(digits_, 0, static_cast<std::size_t>(exponent_));
    out += '.';
    out.append(digits_, static_cast<std::size_t>(exponent_));
  } else {
    out += digits_;
    out.append(static_cast<std::size_t>(exponent_ - length), '0');
  }
  return out;
}

namespace {

// Compares two non-negative magnitudes.
std::strong_ordering CompareMagnitude(const Number& a, const Number& b) {
  if (a.is_zero() || b.is_zero()) return !a.is_zero() <=> !b.is_zero();
  if (auto c = a.exponent() <=> b.exponent(); c != 0) return c;
  int c = a.digits().compare(b.digits());
  return c <=> 0;
}

}  // namespace

std::strong_ordering operator<=>(const Number& a, const Number& b) {
  bool a_neg = a.negative() && !a.is_zero();
  bool b_neg = b.negative() && !b.is_zero();
  if (a_neg != b_neg) return b_neg <=> a_neg;
  return a_neg ? CompareMagnitude(b, a) : CompareMagnitude(a, b);
}

}  // namespace ddb
