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
#include <vector>

#include "model/attribute_value.h"

namespace ddb {

std::string EncodeItem(const Item& item);

// The same bytes written member by member, for records that are items made
// of other items (a stream record holds a changed item's images as M
// values), without first copying those items into a new Item: the version
// and member count, then each member, in ascending order of name as
// EncodeItem writes them.
void AppendItemStart(std::size_t members, std::string& out);
void AppendMember(std::string_view name, const AttributeValue& value, std::string& out);
void AppendMapMember(std::string_view name, const Item& map, std::string& out);

// ItemSize (model/attribute_value.h) of the stored item, or nullopt when the
// bytes are not a valid encoding.
std::optional<std::size_t> StoredItemSize(std::string_view bytes);

// nullopt when the bytes are not a valid encoding (corruption).
std::optional<Item> DecodeItem(std::string_view bytes);

// The top-level attributes named in `names` whose values are S, N or B (a
// key's), without building the rest; nullopt when the bytes are not a
// valid encoding.
std::optional<Item> DecodeKeyAttributes(std::string_view bytes,
                                        const std::vector<std::string>& names);

}  // namespace ddb
