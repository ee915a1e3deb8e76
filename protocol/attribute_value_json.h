// protocol/attribute_value_json.h
//
// AttributeValue and Item <-> DynamoDB JSON ({"S": "x"}, {"M": {...}}, ...),
// with DynamoDB's checks on values: exactly one type per value, numbers valid
// and in range, sets non-empty and duplicate-free, NULL true, binaries valid
// base64, nesting at most 32 levels.
#pragma once

#include "model/error.h"
#include "protocol/json_reader.h"
#include "protocol/json_writer.h"

namespace ddb::protocol {

// SerializationException for JSON of the wrong shape; ValidationException
// for well-formed values DynamoDB does not allow.
Result<AttributeValue> DecodeAttributeValue(JsonElement json, int depth = 1);
// An item or a key: a JSON object of attribute names to AttributeValues.
Result<Item> DecodeItem(JsonElement json);

void EncodeAttributeValue(const AttributeValue& value, JsonWriter& out);
void EncodeItem(const Item& item, JsonWriter& out);
// An item in its stored encoding (model/item_codec.h), written without
// decoding it; false (with partial output) when the bytes are corrupt.
bool EncodeStoredItem(std::string_view stored, JsonWriter& out);

}  // namespace ddb::protocol
