// engine/item_io.h
//
// What every item operation does around its own logic: read the stored item,
// account consumed capacity and item collection metrics as DynamoDB does.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/error.h"
#include "model/item_requests.h"
#include "model/table.h"
#include "storage/kv_store.h"

namespace ddb {

// The item stored under an item key, or nullopt. InternalServerError on a
// storage failure or a corrupt record.
Result<std::optional<Item>> ReadItem(storage::KvStore& store, const std::string& key);

// The bytes stored under an item key, or nullopt. InternalServerError on a
// storage failure.
Result<std::optional<std::string>> ReadStoredItem(storage::KvStore& store, const std::string& key);

// The item a GetItem found, decoded whichever way the response holds it;
// nullopt when there was none (or its stored bytes are corrupt).
std::optional<Item> FoundItem(const GetItemResponse& response);

// DynamoDB's units for one item: writes 1 per KB, reads 1 per 4 KB (half
// when eventually consistent); never less than one unit (or half a unit).
double WriteUnits(std::size_t bytes);
double ReadUnits(std::size_t bytes, bool consistent);

std::optional<ConsumedCapacity> WriteCapacity(ReturnConsumedCapacity mode,
                                              const std::string& table_name, std::size_t bytes);
// Adds what the indexes spent to a write's capacity.
struct IndexWrite;
void AddIndexWrites(std::optional<ConsumedCapacity>& consumed,
                    const std::vector<IndexWrite>& writes);
void AddIndexWrites(ConsumedCapacity& consumed, const std::vector<IndexWrite>& writes);

std::optional<ConsumedCapacity> ReadCapacity(ReturnConsumedCapacity mode,
                                             const std::string& table_name, std::size_t bytes,
                                             bool consistent);
// ReturnItemCollectionMetrics SIZE on a table with local indexes: the
// item's collection (its partition key) and its size as DynamoDB estimates
// it, whole gigabytes around the size of its items and their local index
// entries. Read after the write.
Result<std::optional<ItemCollectionMetrics>> CollectionMetrics(storage::KvStore& store,
                                                               bool requested,
                                                               const TableDefinition& table,
                                                               const Item& item);
// AttributesToGet may not name an attribute twice.
Status CheckAttributesToGet(const std::vector<std::string>& names);

std::size_t SizeOf(const std::optional<Item>& item);

}  // namespace ddb
