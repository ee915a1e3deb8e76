#include "engine/key_codec.h"

namespace ddb {
namespace {

constexpr char kZero = '\x80';
constexpr char kPositive = '\x81';
constexpr char kNegative = '\x7F';
constexpr uint16_t kExponentBias = 0x8000;

void AppendEscapedBytes(std::string_view bytes, std::string& out) {
  for (char c : bytes) {
    out += c;
    if (c == '\0') out += '\xFF';
  }
}

void AppendBytesKey(std::string_view bytes, std::string& out) {
  AppendEscapedBytes(bytes, out);
  out += '\0';
  out += '\0';
}

void AppendNumberKey(const Number& n, std::string& out) {
  if (n.is_zero()) {
    out += kZero;
    return;
  }
  // Negative numbers invert every byte after the tag, so that a larger
  // magnitude sorts first, and end with 0xFF so a shorter prefix sorts last.
  const uint8_t flip = n.negative() ? 0xFF : 0x00;
  out += n.negative() ? kNegative : kPositive;
  auto biased = static_cast<uint16_t>(n.exponent() + kExponentBias);
  out += static_cast<char>(static_cast<uint8_t>(biased >> 8) ^ flip);
  out += static_cast<char>(static_cast<uint8_t>(biased & 0xFF) ^ flip);
  for (char d : n.digits()) out += static_cast<char>(static_cast<uint8_t>(d - '0' + 1) ^ flip);
  out += static_cast<char>(flip);
}

bool ReadBytesKey(std::string_view& in, std::string& out) {
  for (std::size_t i = 0; i + 1 < in.size(); ++i) {
    if (in[i] != '\0') {
      out += in[i];
      continue;
    }
    if (in[i + 1] == '\0') {
      in.remove_prefix(i + 2);
      return true;
    }
    if (in[i + 1] != '\xFF') return false;
    out += '\0';
    ++i;
  }
  return false;
}

bool ReadNumberKey(std::string_view& in, Number& out) {
  if (in.empty()) return false;
  char tag = in[0];
  in.remove_prefix(1);
  if (tag == kZero) {
    out = Number();
    return true;
  }
  if ((tag != kPositive && tag != kNegative) || in.size() < 2) return false;
  const uint8_t flip = tag == kNegative ? 0xFF : 0x00;
  auto hi = static_cast<uint8_t>(static_cast<uint8_t>(in[0]) ^ flip);
  auto lo = static_cast<uint8_t>(static_cast<uint8_t>(in[1]) ^ flip);
  int exponent = ((hi << 8) | lo) - kExponentBias;
  in.remove_prefix(2);
  std::string digits;
  while (!in.empty()) {
    auto byte = static_cast<uint8_t>(static_cast<uint8_t>(in[0]) ^ flip);
    in.remove_prefix(1);
    if (byte == 0) {
      out = Number::FromParts(tag == kNegative, std::move(digits), exponent);
      return true;
    }
    if (byte > 10) return false;
    digits += static_cast<char>('0' + byte - 1);
  }
  return false;
}

}  // namespace

void AppendKeyValue(const AttributeValue& value, std::string& out) {
  switch (value.type()) {
    case Type::kS:
      AppendBytesKey(value.s(), out);
      break;
    case Type::kB:
      AppendBytesKey(value.b().bytes, out);
      break;
    case Type::kN:
      AppendNumberKey(value.n(), out);
      break;
    default:
      break;  // REQUIRES violated; key types are checked before encoding
  }
}

void AppendKeyValuePrefix(const AttributeValue& value, std::string& out) {
  AppendEscapedBytes(value.type() == Type::kS ? value.s() : value.b().bytes, out);
}

bool ReadKeyValue(Type type, std::string_view& in, AttributeValue& out) {
  if (type == Type::kN) {
    Number n;
    if (!ReadNumberKey(in, n)) return false;
    out = AttributeValue::N(std::move(n));
    return true;
  }
  std::string bytes;
  if (!ReadBytesKey(in, bytes)) return false;
  out = type == Type::kS ? AttributeValue::S(std::move(bytes))
                         : AttributeValue::B(std::move(bytes));
  return true;
}

void AppendU64(uint64_t value, std::string& out) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out += static_cast<char>(static_cast<uint8_t>(value >> shift));
  }
}

uint64_t ReadU64(std::string_view in) {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | static_cast<uint8_t>(in[static_cast<std::size_t>(i)]);
  return value;
}

std::string TablePrefix(uint64_t table_id) {
  std::string out;
  AppendU64(table_id, out);
  return out;
}

std::string PrefixEnd(std::string prefix) {
  while (!prefix.empty()) {
    auto last = static_cast<uint8_t>(prefix.back());
    if (last != 0xFF) {
      prefix.back() = static_cast<char>(last + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;
}

}  // namespace ddb
