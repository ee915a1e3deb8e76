#include "model/attribute_value.h"

#include <algorithm>

namespace ddb {

std::string_view TypeName(Type type) {
  switch (type) {
    case Type::kS: return "S";
    case Type::kN: return "N";
    case Type::kB: return "B";
    case Type::kBool: return "BOOL";
    case Type::kNull: return "NULL";
    case Type::kM: return "M";
    case Type::kL: return "L";
    case Type::kSS: return "SS";
    case Type::kNS: return "NS";
    case Type::kBS: return "BS";
  }
  return "";
}

namespace {

std::size_t NumberSize(const Number& n) {
  if (n.is_zero()) return 1;
  return (n.digits().size() + 1) / 2 + 1;
}

struct SizeVisitor {
  std::size_t operator()(const std::string& s) const { return s.size(); }
  std::size_t operator()(const Number& n) const { return NumberSize(n); }
  std::size_t operator()(const Binary& b) const { return b.bytes.size(); }
  std::size_t operator()(bool) const { return 1; }
  std::size_t operator()(const NullValue&) const { return 1; }
  std::size_t operator()(const Map& m) const {
    std::size_t total = 3;
    for (const auto& [name, value] : m) total += name.size() + AttributeSize(value) + 1;
    return total;
  }
  std::size_t operator()(const List& l) const {
    std::size_t total = 3;
    for (const auto& value : l) total += AttributeSize(value) + 1;
    return total;
  }
  std::size_t operator()(const AttributeValue::StringSet& ss) const {
    std::size_t total = 0;
    for (const auto& s : ss) total += s.size();
    return total;
  }
  std::size_t operator()(const AttributeValue::NumberSet& ns) const {
    std::size_t total = 0;
    for (const auto& n : ns) total += NumberSize(n);
    return total;
  }
  std::size_t operator()(const AttributeValue::BinarySet& bs) const {
    std::size_t total = 0;
    for (const auto& b : bs) total += b.bytes.size();
    return total;
  }
};

}  // namespace

std::size_t AttributeSize(const AttributeValue& value) {
  return std::visit(SizeVisitor{}, value.variant());
}

std::size_t ItemSize(const Item& item) {
  std::size_t total = 0;
  for (const auto& [name, value] : item) total += name.size() + AttributeSize(value);
  return total;
}

namespace {

int Depth(const AttributeValue& v) {
  int deepest = 0;
  if (v.type() == Type::kM) {
    for (const auto& [name, child] : v.m()) deepest = std::max(deepest, Depth(child));
  } else if (v.type() == Type::kL) {
    for (const auto& child : v.l()) deepest = std::max(deepest, Depth(child));
  }
  return 1 + deepest;
}

}  // namespace

int NestingDepth(const Item& item) {
  int deepest = 0;
  for (const auto& [name, value] : item) deepest = std::max(deepest, Depth(value));
  return deepest;
}

}  // namespace ddb
