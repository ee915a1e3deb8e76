// model/item_walk.h
//
// Reading an item's stored bytes (the grammar is in model/item_codec.h)
// without building an Item: a visitor hears, in order, each part of the
// item (the item itself is the outermost map). The read paths that pass
// items on (Query, Scan) size and write out every item they return this
// way, so the walk is a template: each visitor's calls are direct and
// inlined, none virtual. A visitor has these members:
//
//   void BeginMap();                     // the item, or an M
//   void Member(std::string_view name);  // then its value
//   void EndMap();
//   void BeginList(Type type);           // L, SS, NS or BS, then its elements
//   void EndList();
//   void Scalar(Type type, std::string_view bytes);  // S, N (normalized
//                                        // text) or B (raw bytes); set elements too
//   void Bool(bool value);
//   void Null();
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "model/attribute_value.h"

namespace ddb {
namespace item_walk {

constexpr char kVersion = 1;
// Containers nest no deeper than this in a valid encoding (DynamoDB allows 32).
constexpr int kMaxDecodeDepth = 64;

// Reads from a byte range, failing (and staying failed) on any malformation.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return in_.empty(); }

  uint64_t Varint() {
    // Lengths and counts under 128 (nearly all) take one byte.
    if (!in_.empty() && static_cast<uint8_t>(in_[0]) < 0x80) {
      auto byte = static_cast<uint8_t>(in_[0]);
      in_.remove_prefix(1);
      return byte;
    }
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

// The walk behind VisitStoredItem: the same grammar as item_codec.cc's
// ReadValue, told to a visitor instead of built.
template <typename Visitor>
class Walker {
 public:
  Walker(std::string_view bytes, Visitor& visitor) : r_(bytes), v_(visitor) {}

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
  Visitor& v_;
};

}  // namespace item_walk

// false when the bytes are not a valid encoding (the visitor may have heard
// part of them).
template <typename Visitor>
bool VisitStoredItem(std::string_view bytes, Visitor& visitor) {
  return item_walk::Walker<Visitor>(bytes, visitor).Item();
}

}  // namespace ddb
