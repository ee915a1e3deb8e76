// model/attribute_value.h
//
// AttributeValue: one DynamoDB value, as a client writes {"S": "x"},
// {"N": "42"}, {"M": {...}} -- and Item, a map of attribute names to values.
//
// Plain value types: copyable, comparable, ignorant of JSON (protocol/
// converts them) and of bytes on disk (model/item_codec.h).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "model/number.h"

namespace ddb {

class AttributeValue;

// std::map keeps attribute names sorted, so responses are deterministic.
using Map = std::map<std::string, AttributeValue, std::less<>>;
using List = std::vector<AttributeValue>;
using Item = Map;

// Bytes of a "B" value after base64 decoding; a distinct type so that a
// binary never passes for a string.
struct Binary {
  std::string bytes;
  auto operator<=>(const Binary&) const = default;
};

struct NullValue {
  auto operator<=>(const NullValue&) const = default;
};

// The ten types, in the order of AttributeValue::Variant.
// WARNING: the numeric values are written to disk (model/item_codec.h).
enum class Type : uint8_t { kS, kN, kB, kBool, kNull, kM, kL, kSS, kNS, kBS };

// The wire name: "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS".
std::string_view TypeName(Type type);

class AttributeValue {
 public:
  // Sets are kept sorted and duplicate-free; protocol/ rejects empty sets and
  // duplicates before building one, as DynamoDB does.
  using StringSet = std::set<std::string>;
  using NumberSet = std::set<Number>;
  using BinarySet = std::set<Binary>;
  using Variant = std::variant<std::string, Number, Binary, bool, NullValue, Map, List,
                               StringSet, NumberSet, BinarySet>;

  AttributeValue() : value_(NullValue{}) {}

  static AttributeValue S(std::string s) { return AttributeValue(std::move(s)); }
  static AttributeValue N(Number n) { return AttributeValue(std::move(n)); }
  static AttributeValue B(std::string bytes) { return AttributeValue(Binary{std::move(bytes)}); }
  static AttributeValue Bool(bool b) { return AttributeValue(b); }
  static AttributeValue Null() { return AttributeValue(NullValue{}); }
  static AttributeValue M(Map m) { return AttributeValue(std::move(m)); }
  static AttributeValue L(List l) { return AttributeValue(std::move(l)); }
  static AttributeValue SS(StringSet ss) { return AttributeValue(std::move(ss)); }
  static AttributeValue NS(NumberSet ns) { return AttributeValue(std::move(ns)); }
  static AttributeValue BS(BinarySet bs) { return AttributeValue(std::move(bs)); }

  Type type() const { return static_cast<Type>(value_.index()); }

  // Typed access. REQUIRES: type() is the matching Type.
  const std::string& s() const { return std::get<std::string>(value_); }
  const Number& n() const { return std::get<Number>(value_); }
  const Binary& b() const { return std::get<Binary>(value_); }
  bool boolean() const { return std::get<bool>(value_); }
  const Map& m() const { return std::get<Map>(value_); }
  const List& l() const { return std::get<List>(value_); }
  const StringSet& ss() const { return std::get<StringSet>(value_); }
  const NumberSet& ns() const { return std::get<NumberSet>(value_); }
  const BinarySet& bs() const { return std::get<BinarySet>(value_); }

  // In-place access for update expressions. REQUIRES: the matching Type.
  Map& mutable_m() { return std::get<Map>(value_); }
  List& mutable_l() { return std::get<List>(value_); }

  const Variant& variant() const { return value_; }

  // Deep, type-sensitive equality: N "1" == N "1.0", but S "1" != N "1".
  friend bool operator==(const AttributeValue&, const AttributeValue&) = default;

 private:
  template <typename V>
  explicit AttributeValue(V value) : value_(std::move(value)) {}

  Variant value_;
};

static_assert(std::variant_size_v<AttributeValue::Variant> == 10,
              "Type and Variant must list the same types in the same order");

// DynamoDB's item size rules (developer guide, "Item sizes and formats"):
// names and strings count their UTF-8 bytes, binaries their raw bytes,
// numbers 1 byte per two significant digits plus 1, BOOL and NULL 1 byte,
// M and L 3 bytes plus 1 byte per element, sets the sum of their members.
std::size_t AttributeSize(const AttributeValue& value);
std::size_t ItemSize(const Item& item);

// How deeply an item's values nest: 1 for scalars and sets, 1 + the deepest
// element for maps and lists. DynamoDB allows 32.
int NestingDepth(const Item& item);
inline constexpr int kMaxNestingDepth = 32;

// The largest item DynamoDB stores: 400 KB.
inline constexpr std::size_t kMaxItemBytes = 400 * 1024;

}  // namespace ddb
