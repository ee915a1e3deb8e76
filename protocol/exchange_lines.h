// protocol/exchange_lines.h
//
// The lines of the data files DynamoDB's exports write and its imports read
// (DYNAMODB_JSON, one JSON object per line):
//
//   full export, import:  {"Item":{<attribute>:<AttributeValue>,...}}
//   incremental export:   {"Metadata":{"WriteTimestampMicros":{"N":"<micros>"}},
//                          "Keys":{...},"OldImage":{...},"NewImage":{...}}
//
// (OldImage and NewImage each only when there is one.)
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/attribute_value.h"
#include "model/error.h"

namespace ddb::protocol {

std::string EncodeItemLine(const Item& item);
std::string EncodeChangeLine(int64_t write_micros, const Item& keys, const Item* old_image,
                             const Item* new_image);
// The items of an import line (one, or several objects one after another);
// an error when the line is not JSON, an object has no "Item", or one holds
// a value DynamoDB does not accept.
Result<std::vector<Item>> DecodeItemLine(std::string_view line);

}  // namespace ddb::protocol
