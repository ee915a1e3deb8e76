#include "engine/item_codec.h"

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
  std::string Bytes() {
    uint64_t length = Varint();
    if (!ok_ || length > in_.size()) return Fail(), std::string();
    std::string out(in_.substr(0, length));
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

std::optional<Item> DecodeItem(std::string_view bytes) {
  Reader r(bytes);
  if (r.Byte() != kVersion) return std::nullopt;
  Item item = ReadMapBody(r, 0);
  if (!r.ok() || !r.done()) return std::nullopt;
  return item;
}

}  // namespace ddb
