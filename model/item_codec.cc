#include "model/item_codec.h"

#include <algorithm>
#include <array>
#include <vector>

#include "model/item_walk.h"

namespace ddb {
namespace {

using item_walk::kMaxDecodeDepth;
using item_walk::kVersion;
using item_walk::Reader;

Number ReadNumber(Reader& r) {
  auto parsed = Number::Parse(r.Bytes());
  if (!parsed) return r.Fail(), Number();
  return *std::move(parsed);
}

void AppendVarint(uint64_t value, std::string& out) {
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7F) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
}

void AppendBytes(std::string_view bytes, std::string& out) {
  AppendVarint(bytes.size(), out);
  out.append(bytes);
}

void AppendValue(const AttributeValue& value, std::string& out);

void AppendMapBody(const Map& map, std::string& out) {
  AppendVarint(map.size(), out);
  for (const auto& [name, value] : map) {
    AppendBytes(name, out);
    AppendValue(value, out);
  }
}

void AppendValue(const AttributeValue& value, std::string& out) {
  out += static_cast<char>(value.type());
  switch (value.type()) {
    case Type::kS: AppendBytes(value.s(), out); break;
    case Type::kN: AppendBytes(value.n().ToString(), out); break;
    case Type::kB: AppendBytes(value.b().bytes, out); break;
    case Type::kBool: out += static_cast<char>(value.boolean() ? 1 : 0); break;
    case Type::kNull: break;
    case Type::kM: AppendMapBody(value.m(), out); break;
    case Type::kL:
      AppendVarint(value.l().size(), out);
      for (const auto& element : value.l()) AppendValue(element, out);
      break;
    case Type::kSS:
      AppendVarint(value.ss().size(), out);
      for (const auto& s : value.ss()) AppendBytes(s, out);
      break;
    case Type::kNS:
      AppendVarint(value.ns().size(), out);
      for (const auto& n : value.ns()) AppendBytes(n.ToString(), out);
      break;
    case Type::kBS:
      AppendVarint(value.bs().size(), out);
      for (const auto& b : value.bs()) AppendBytes(b.bytes, out);
      break;
  }
}

AttributeValue ReadValue(Reader& r, int depth);

Map ReadMapBody(Reader& r, int depth) {
  Map map;
  for (uint64_t i = 0, n = r.Count(); i < n && r.ok(); ++i) {
    std::string name = r.Bytes();
    map.insert_or_assign(std::move(name), ReadValue(r, depth + 1));
  }
  return map;
}

AttributeValue ReadValue(Reader& r, int depth) {
  if (depth > kMaxDecodeDepth) return r.Fail(), AttributeValue();
  switch (static_cast<Type>(r.Byte())) {
    case Type::kS: return AttributeValue::S(r.Bytes());
    case Type::kN: return AttributeValue::N(ReadNumber(r));
    case Type::kB: return AttributeValue::B(r.Bytes());
    case Type::kBool: return AttributeValue::Bool(r.Byte() != 0);
    case Type::kNull: return AttributeValue::Null();
    case Type::kM: return AttributeValue::M(ReadMapBody(r, depth));
    case Type::kL: {
      List list;
      for (uint64_t i = 0, n = r.Count(); i < n && r.ok(); ++i) {
        list.push_back(ReadValue(r, depth + 1));
      }
      return AttributeValue::L(std::move(list));
    }
    case Type::kSS: {
      AttributeValue::StringSet set;
      for (uint64_t i = 0, n = r.Count(); i < n && r.ok(); ++i) set.insert(r.Bytes());
      return AttributeValue::SS(std::move(set));
    }
    case Type::kNS: {
      AttributeValue::NumberSet set;
      for (uint64_t i = 0, n = r.Count(); i < n && r.ok(); ++i) set.insert(ReadNumber(r));
      return AttributeValue::NS(std::move(set));
    }
    case Type::kBS: {
      AttributeValue::BinarySet set;
      for (uint64_t i = 0, n = r.Count(); i < n && r.ok(); ++i) set.insert(Binary{r.Bytes()});
      return AttributeValue::BS(std::move(set));
    }
  }
  return r.Fail(), AttributeValue();
}

}  // namespace

std::string EncodeItem(const Item& item) {
  std::string out;
  out += kVersion;
  AppendMapBody(item, out);
  return out;
}

void AppendItemStart(std::size_t members, std::string& out) {
  out += kVersion;
  AppendVarint(members, out);
}

void AppendMember(std::string_view name, const AttributeValue& value, std::string& out) {
  AppendBytes(name, out);
  AppendValue(value, out);
}

void AppendMapMember(std::string_view name, const Item& map, std::string& out) {
  AppendBytes(name, out);
  out += static_cast<char>(Type::kM);
  AppendMapBody(map, out);
}

namespace {

// Significant digits of a number's normalized text ("-0.0150" -> 2).
std::size_t SignificantDigits(std::string_view text) {
  std::size_t first = text.find_first_not_of("-0.");
  if (first == std::string_view::npos) return 0;
  std::size_t last = text.find_last_not_of("0.");
  std::size_t digits = 0;
  for (std::size_t i = first; i <= last; ++i) digits += text[i] != '.';
  return digits;
}

// Sizes as model/attribute_value.cc does: names and values, 3 bytes per
// map or list plus 1 per element, numbers by their significant digits.
class Sizer {
 public:
  std::size_t total() const { return total_; }

  void BeginMap() { Open(); }
  void Member(std::string_view name) { total_ += name.size() + (depth_ > 1 ? 1 : 0); }
  void EndMap() { --depth_; }
  void BeginList(Type type) {
    Element();
    lists_[depth_++] = type == Type::kL;
    if (type == Type::kL) total_ += 3;
  }
  void EndList() { --depth_; }
  void Scalar(Type type, std::string_view bytes) {
    Element();
    if (type != Type::kN) {
      total_ += bytes.size();
    } else {
      std::size_t digits = SignificantDigits(bytes);
      total_ += digits == 0 ? 1 : (digits + 1) / 2 + 1;
    }
  }
  void Bool(bool) { Element(), total_ += 1; }
  void Null() { Element(), total_ += 1; }

 private:
  void Open() {
    if (depth_ > 0) {
      Element();
      total_ += 3;
    }
    lists_[depth_++] = false;
  }
  // A list element costs one byte more than its value.
  void Element() {
    if (depth_ > 0 && lists_[depth_ - 1]) total_ += 1;
  }

  std::size_t total_ = 0;
  int depth_ = 0;  // containers open
  // Per open container, whether it is an L. The walk fails past
  // kMaxDecodeDepth, so no more than that (and the item) are ever open.
  std::array<bool, kMaxDecodeDepth + 2> lists_{};
};

// Picks the named scalar members of the item (depth 1) as the walk passes.
class KeyPicker {
 public:
  explicit KeyPicker(const std::vector<std::string>& names) : names_(names) {}
  const Item& item() const { return item_; }
  bool ok() const { return ok_; }

  void BeginMap() { ++depth_; }
  void Member(std::string_view name) {
    wanted_ = {};
    if (depth_ == 1 && std::find(names_.begin(), names_.end(), name) != names_.end()) {
      wanted_ = name;
    }
  }
  void EndMap() { --depth_; }
  void BeginList(Type) { ++depth_; }
  void EndList() { --depth_; }
  void Scalar(Type type, std::string_view bytes) {
    if (depth_ != 1 || wanted_.empty()) return;
    std::string name(wanted_);
    wanted_ = {};
    if (type == Type::kS) {
      item_.emplace(std::move(name), AttributeValue::S(std::string(bytes)));
    } else if (type == Type::kB) {
      item_.emplace(std::move(name), AttributeValue::B(std::string(bytes)));
    } else if (auto number = Number::Parse(bytes)) {
      item_.emplace(std::move(name), AttributeValue::N(*std::move(number)));
    } else {
      ok_ = false;
    }
  }
  void Bool(bool) {}
  void Null() {}

 private:
  const std::vector<std::string>& names_;
  Item item_;
  std::string_view wanted_;  // the member whose value comes next, when named
  int depth_ = 0;
  bool ok_ = true;
};

}  // namespace

std::optional<Item> DecodeKeyAttributes(std::string_view bytes,
                                        const std::vector<std::string>& names) {
  KeyPicker picker(names);
  if (!VisitStoredItem(bytes, picker) || !picker.ok()) return std::nullopt;
  return picker.item();
}

std::optional<std::size_t> StoredItemSize(std::string_view bytes) {
  Sizer sizer;
  if (!VisitStoredItem(bytes, sizer)) return std::nullopt;
  return sizer.total();
}

std::optional<Item> DecodeItem(std::string_view bytes) {
  Reader r(bytes);
  if (r.Byte() != kVersion) return std::nullopt;
  Item item = ReadMapBody(r, 0);
  if (!r.ok() || !r.done()) return std::nullopt;
  return item;
}

}  // namespace ddb
