// engine/key_codec.h
//
// Order-preserving bytes for DynamoDB keys: comparing two encodings with
// memcmp gives the order DynamoDB gives their values (S and B bytewise, N
// numerically). Item keys in storage are built from these, so a Query is one
// range scan and a table is one key prefix.
//
// Grammar (all integers big-endian):
//
//   item_key   := table_id:u64 partition:key_value [sort:key_value]
//   table_id   := a catalog-assigned id, never reused
//   key_value  := bytes_key | number_key
//   bytes_key  := (byte - 0x00 | 0x00 0xFF)* 0x00 0x00     -- S (UTF-8) and B
//   number_key := 0x80                                     -- zero
//              |  0x81 (e + 0x8000):u16 digit* 0x00       -- positive
//              |  0x7F ~(e + 0x8000):u16 ~digit* 0xFF     -- negative
//   digit      := 0x01 + d, for each significant decimal digit d
//
// where a number is 0.d1d2... x 10^e. Every key_value is self-delimiting, so
// a partition's items share the prefix table_id + partition.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "model/attribute_value.h"

namespace ddb {

// Appends the encoding of a key value. REQUIRES: value is S, N or B.
void AppendKeyValue(const AttributeValue& value, std::string& out);

// Appends what the encoding of every S or B key value starting with `value`
// starts with (the escaped bytes, without the terminator): begins_with.
// REQUIRES: value is S or B.
void AppendKeyValuePrefix(const AttributeValue& value, std::string& out);

// Decodes one key_value of the given type from the front of `in`, advancing
// it. Returns false when the bytes are malformed.
bool ReadKeyValue(Type type, std::string_view& in, AttributeValue& out);

void AppendU64(uint64_t value, std::string& out);
uint64_t ReadU64(std::string_view in);  // REQUIRES: in.size() >= 8

// The 8-byte prefix of every item of a table.
std::string TablePrefix(uint64_t table_id);

// The smallest key greater than every key starting with `prefix`
// (an empty string when there is none).
std::string PrefixEnd(std::string prefix);

}  // namespace ddb
