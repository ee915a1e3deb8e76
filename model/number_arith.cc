// Exact decimal addition and subtraction for Number.
#include <algorithm>
#include <string>

#include "model/number.h"

namespace ddb {
namespace {

// A magnitude as decimal digits (most significant first) times 10^scale:
// value = digits * 10^(scale). Both operands are brought to one scale.
struct Scaled {
  std::string digits;  // no sign
  int scale = 0;
};

Scaled ToScaled(const Number& n) {
  // 0.d1d2..dk x 10^e  ==  d1d2..dk x 10^(e - k)
  return {n.digits(), n.exponent() - static_cast<int>(n.digits().size())};
}

void Rescale(Scaled& s, int scale) {
  s.digits.append(static_cast<std::size_t>(s.scale - scale), '0');
  s.scale = scale;
}

int CompareDigits(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b);
}

std::string AddDigits(const std::string& a, const std::string& b) {
  std::string out;
  int carry = 0;
  for (std::size_t i = 0; i < std::max(a.size(), b.size()) || carry; ++i) {
    int da = i < a.size() ? a[a.size() - 1 - i] - '0' : 0;
    int db = i < b.size() ? b[b.size() - 1 - i] - '0' : 0;
    int sum = da + db + carry;
    out += static_cast<char>('0' + sum % 10);
    carry = sum / 10;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

// REQUIRES: a >= b as magnitudes of the same scale.
std::string SubtractDigits(const std::string& a, const std::string& b) {
  std::string out;
  int borrow = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    int da = a[a.size() - 1 - i] - '0' - borrow;
    int db = i < b.size() ? b[b.size() - 1 - i] - '0' : 0;
    borrow = da < db ? 1 : 0;
    out += static_cast<char>('0' + da + borrow * 10 - db);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

base::Result<Number, NumberError> FromScaled(bool negative, std::string digits, int scale) {
  std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return Number();
  std::size_t last = digits.find_last_not_of('0');
  int length = static_cast<int>(digits.size());
  int exponent = scale + length - static_cast<int>(first);
  std::string significant = digits.substr(first, last - first + 1);
  if (significant.size() > static_cast<std::size_t>(Number::kMaxDigits)) {
    return NumberError::kTooPrecise;
  }
  if (exponent > Number::kMaxExponent) return NumberError::kOverflow;
  if (exponent < Number::kMinExponent) return NumberError::kUnderflow;
  return Number::FromParts(negative, std::move(significant), exponent);
}

base::Result<Number, NumberError> SignedAdd(const Number& a, bool b_negative, const Number& b) {
  if (b.is_zero()) return a;
  if (a.is_zero()) return Number::FromParts(b_negative, b.digits(), b.exponent());
  Scaled x = ToScaled(a), y = ToScaled(b);
  int scale = std::min(x.scale, y.scale);
  Rescale(x, scale);
  Rescale(y, scale);
  if (a.negative() == b_negative) {
    return FromScaled(a.negative(), AddDigits(x.digits, y.digits), scale);
  }
  int c = CompareDigits(x.digits, y.digits);
  if (c == 0) return Number();
  if (c > 0) return FromScaled(a.negative(), SubtractDigits(x.digits, y.digits), scale);
  return FromScaled(b_negative, SubtractDigits(y.digits, x.digits), scale);
}

}  // namespace

base::Result<Number, NumberError> Add(const Number& a, const Number& b) {
  return SignedAdd(a, b.negative(), b);
}

base::Result<Number, NumberError> Subtract(const Number& a, const Number& b) {
  return SignedAdd(a, !b.negative(), b);
}

}  // namespace ddb
