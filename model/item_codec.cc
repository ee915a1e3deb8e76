#include "model/item_codec.h"

#include <vector>

namespace ddb {
namespace {

constexpr char kVersion = 1;
constexpr int kMaxDecodeDepth = 64;

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

// Reads from a byte range, failing (and staying failed) on any malformation.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return in_.empty(); }

  uint64_t Varint() {
    uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (in_.empty()) return Fail();
      auto byte = static_cast<uint8_t>(in_[0]);
      in_.remove_prefix(1);
      value |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) return value;
    }
    return Fail();
  }
  uint8_t Byte() {
    if (in_.empty()) return static_cast<uint8_t>(Fail());
    auto byte = static_cast<uint8_t>(in_[0]);
    in_.remove_prefix(1);
    return byte;
  }
  std::string Bytes() { return std::string(View()); }
  std::string_view View() {
    uint64_t length = Varint();
    if (!ok_ || length > in_.size()) return Fail(), std::string_view();
    std::string_view out = in_.substr(0, length);
    in_.remove_prefix(length);
    return out;
  }
  Number ReadNumber() {
    auto parsed = Number::Parse(Bytes());
    if (!parsed) return Fail(), Number();
    return *std::move(parsed);
  }
  // A count of elements: each takes at least one byte, which bounds it.
  uint64_t Count() {
    uint64_t count = Varint();
    if (count > in_.size()) return Fail();
    return count;
  }
  uint64_t Fail() {
    ok_ = false;
    in_ = {};
    return 0;
  }

 private:
  std::string_view in_;
  bool ok_ = true;
};

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
    case Type::kN: return AttributeValue::N(r.ReadNumber());
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
      for (uint64_t i = 0, n = r.Count(); i < n && r.ok(); ++i) set.insert(r.ReadNumber());
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

namespace {

// The walk behind VisitStoredItem: the same grammar as ReadValue, told to a
// visitor instead of built.
class Walker {
 public:
  Walker(std::string_view bytes, StoredItemVisitor& visitor) : r_(bytes), v_(visitor) {}

  bool Item() {
    if (r_.Byte() != kVersion) return false;
    MapBody(0);
    return r_.ok() && r_.done();
  }

 private:
  void MapBody(int depth) {
    v_.BeginMap();
    for (uint64_t i = 0, n = r_.Count(); i < n && r_.ok(); ++i) {
      v_.Member(r_.View());
      Value(depth + 1);
    }
    v_.EndMap();
  }

  void Value(int depth) {
    if (depth > kMaxDecodeDepth) return void(r_.Fail());
    auto type = static_cast<Type>(r_.Byte());
    switch (type) {
      case Type::kS:
      case Type::kN:
      case Type::kB: return v_.Scalar(type, r_.View());
      case Type::kBool: return v_.Bool(r_.Byte() != 0);
      case Type::kNull: return v_.Null();
      case Type::kM: return MapBody(depth);
      case Type::kL:
        v_.BeginList(type);
        for (uint64_t i = 0, n = r_.Count(); i < n && r_.ok(); ++i) Value(depth + 1);
        return v_.EndList();
      case Type::kSS:
      case Type::kNS:
      case Type::kBS: {
        Type element = type == Type::kSS ? Type::kS : type == Type::kNS ? Type::kN : Type::kB;
        v_.BeginList(type);
        for (uint64_t i = 0, n = r_.Count(); i < n && r_.ok(); ++i) {
          v_.Scalar(element, r_.View());
        }
        return v_.EndList();
      }
    }
    r_.Fail();
  }

  Reader r_;
  StoredItemVisitor& v_;
};

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
class Sizer : public StoredItemVisitor {
 public:
  std::size_t total() const { return total_; }

  void BeginMap() override { Open(); }
  void Member(std::string_view name) override { total_ += name.size() + (depth_ > 1 ? 1 : 0); }
  void EndMap() override {
    --depth_;
    lists_.pop_back();
  }
  void BeginList(Type type) override {
    Element();
    ++depth_;
    lists_.push_back(type == Type::kL);
    if (type == Type::kL) total_ += 3;
  }
  void EndList() override {
    --depth_;
    lists_.pop_back();
  }
  void Scalar(Type type, std::string_view bytes) override {
    Element();
    if (type != Type::kN) {
      total_ += bytes.size();
    } else {
      std::size_t digits = SignificantDigits(bytes);
      total_ += digits == 0 ? 1 : (digits + 1) / 2 + 1;
    }
  }
  void Bool(bool) override { Element(), total_ += 1; }
  void Null() override { Element(), total_ += 1; }

 private:
  void Open() {
    if (depth_ > 0) {
      Element();
      total_ += 3;
    }
    ++depth_;
    lists_.push_back(false);
  }
  // A list element costs one byte more than its value.
  void Element() {
    if (!lists_.empty() && lists_.back()) total_ += 1;
  }

  std::size_t total_ = 0;
  int depth_ = 0;
  std::vector<bool> lists_;  // per open container: whether it is an L
};

}  // namespace

bool VisitStoredItem(std::string_view bytes, StoredItemVisitor& visitor) {
  return Walker(bytes, visitor).Item();
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
