// engine/item_key.h
//
// From an item or a Key parameter to the storage key of the item, with
// DynamoDB's checks of key attributes: present, of the declared type,
// non-empty, within the size limits; and, for whole items, the type of
// secondary index key attributes.
#pragma once

#include <string>

#include "model/error.h"
#include "model/table.h"

namespace ddb {

// The storage key of a whole item (PutItem). ValidationException when a key
// attribute is missing, mistyped, empty or too large, or an index key
// attribute is mistyped or empty.
// `write` picks DynamoDB's wording for an empty index key value.
enum class KeyWrite { kPut, kUpdate };
Result<std::string> ItemKeyOfItem(const TableDefinition& table, const Item& item,
                                  KeyWrite write = KeyWrite::kPut);

// The storage key named by a Key parameter (GetItem, DeleteItem), which must
// hold exactly the table's key attributes. ValidationException otherwise.
Result<std::string> ItemKeyOfKey(const TableDefinition& table, const Item& key);

// The key attributes of an item (for responses that return keys).
Item KeyOf(const TableDefinition& table, const Item& item);

}  // namespace ddb
