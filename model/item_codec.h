// model/item_codec.h
//
// The bytes of an item as stored (the value under its item key), and of any
// other record the engine stores as an Item (catalog records).
//
// Grammar (varint is LEB128, unsigned):
//
//   item    := version:u8=1 map_body
//   map_body:= count:varint (name:bytes value)*
//   bytes   := length:varint byte*
//   value   := type:u8 payload            -- type is the model's Type enum
//   payload := bytes                      -- S, B; N as its normalized text
//            | u8 (0 or 1)                -- BOOL
//            | (nothing)                  -- NULL
//            | map_body                   -- M
//            | count:varint value*        -- L
//            | count:varint bytes*        -- SS, NS (normalized text), BS
//
// WARNING: the Type numbers are part of the format: never renumber them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/attribute_value.h"

namespace ddb {

std::string EncodeItem(const Item& item);

// Reading stored bytes without building an Item: what a visitor hears, in
// order, for each part of the item (the item itself is the outermost map).
// A read path that only passes items on (Query, Scan) uses this to write
// them out or size them without allocating.
class StoredItemVisitor {
 public:
  virtual ~StoredItemVisitor() = default;
  virtual void BeginMap() = 0;                     // the item, or an M
  virtual void Member(std::string_view name) = 0;  // then its value
  virtual void EndMap() = 0;
  virtual void BeginList(Type type) = 0;           // L, SS, NS or BS, then its elements
  virtual void EndList() = 0;
  // S, N (normalized text) or B (raw bytes); a set's elements too.
  virtual void Scalar(Type type, std::string_view bytes) = 0;
  virtual void Bool(bool value) = 0;
  virtual void Null() = 0;
};

// false when the bytes are not a valid encoding (the visitor may have heard
// part of them).
bool VisitStoredItem(std::string_view bytes, StoredItemVisitor& visitor);

// ItemSize (model/attribute_value.h) of the stored item, or nullopt when the
// bytes are not a valid encoding.
std::optional<std::size_t> StoredItemSize(std::string_view bytes);

// nullopt when the bytes are not a valid encoding (corruption).
std::optional<Item> DecodeItem(std::string_view bytes);

}  // namespace ddb
