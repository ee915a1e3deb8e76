// exchange/ion.h
//
// Items in Amazon Ion text, as DynamoDB's ION exports write them and its ION
// imports read them, one value per line:
//
//   $ion_1_0 {Item:{Authors:$dynamodb_SS::["A","B"],Id:103.,Price:2d3,Cover:{{aGk=}}}}
//
// Type mapping: S string, N decimal, B blob, BOOL bool, NULL null, L list,
// M struct, and sets as lists annotated $dynamodb_SS, $dynamodb_NS,
// $dynamodb_BS. The reader takes the text subset this needs: the version
// marker, annotations, structs (field names as identifiers, 'quoted' or
// "string" symbols), lists, "strings" with escapes, decimals and integers,
// blobs, bools and nulls.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/attribute_value.h"
#include "model/error.h"

namespace ddb::exchange {

// {Item:{...}} of a full export.
std::string IonItemLine(const Item& item);
// {Metadata:{WriteTimestampMicros:<n>.},Keys:{...},OldImage:{...},NewImage:{...}}
std::string IonChangeLine(int64_t write_micros, const Item& keys, const Item* old_image,
                          const Item* new_image);
// The items of a line of {Item:{...}} values; an error when it is not Ion
// this reader knows, or a value has no Item.
Result<std::vector<Item>> ParseIonItemLine(std::string_view line);

}  // namespace ddb::exchange
