// Helpers shared by the item operations (items.cc, update_item.cc).
#include "engine/item_io.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "engine/index_entries.h"
#include "engine/item_collections.h"
#include "engine/key_codec.h"
#include "model/item_codec.h"

namespace ddb {

Result<std::optional<std::string>> ReadStoredItem(storage::KvStore& store,
                                                  const std::string& key) {
  auto stored = store.Get(storage::Space::kItems, key);
  if (!stored) return Error::Internal(stored.error().message);
  return *std::move(stored);
}

Result<std::optional<Item>> ReadItem(storage::KvStore& store, const std::string& key) {
  auto stored = ReadStoredItem(store, key);
  if (!stored) return std::move(stored).error();
  if (!*stored) return std::optional<Item>();
  std::optional<Item> item = DecodeItem(**stored);
  if (!item) return Error::Internal("corrupt item record");
  return item;
}

std::optional<Item> FoundItem(const GetItemResponse& response) {
  if (response.stored_item) return DecodeItem(*response.stored_item);
  return response.item;
}

double WriteUnits(std::size_t bytes) {
  return static_cast<double>(std::max<std::size_t>(1, (bytes + 1023) / 1024));
}

double ReadUnits(std::size_t bytes, bool consistent) {
  double units = static_cast<double>(std::max<std::size_t>(1, (bytes + 4095) / 4096));
  return consistent ? units : units / 2;
}

// DynamoDB's capacity rules: a write costs 1 unit per KB of the larger of the
// old and new item, a read 1 unit per 4 KB (half when eventually consistent);
// never less than one unit (or half a unit).
std::optional<ConsumedCapacity> WriteCapacity(ReturnConsumedCapacity mode,
                                              const std::string& table_name, std::size_t bytes) {
  if (mode == ReturnConsumedCapacity::kNone) return std::nullopt;
  double units = WriteUnits(bytes);
  return ConsumedCapacity{table_name, units, mode == ReturnConsumedCapacity::kIndexes, units};
}

void AddIndexWrites(std::optional<ConsumedCapacity>& consumed,
                    const std::vector<IndexWrite>& writes) {
  if (consumed) AddIndexWrites(*consumed, writes);
}

void AddIndexWrites(ConsumedCapacity& consumed, const std::vector<IndexWrite>& writes) {
  for (const IndexWrite& w : writes) {
    if (w.vector_index) {
      if (consumed.by_index) consumed.vector_indexes[w.vector_index->index_name] += w.vector_bytes;
      continue;
    }
    consumed.capacity_units += w.units;
    auto& by_name = w.global ? consumed.global_indexes : consumed.local_indexes;
    by_name[w.index->index_name] += w.units;
  }
}

std::optional<ConsumedCapacity> ReadCapacity(ReturnConsumedCapacity mode,
                                             const std::string& table_name, std::size_t bytes,
                                             bool consistent) {
  if (mode == ReturnConsumedCapacity::kNone) return std::nullopt;
  double units = ReadUnits(bytes, consistent);
  return ConsumedCapacity{table_name, units, mode == ReturnConsumedCapacity::kIndexes, units};
}

// DynamoDB reports item collections only for tables with local secondary
// indexes, where a partition's size is limited.
Result<std::optional<ItemCollectionMetrics>> CollectionMetrics(storage::KvStore& store,
                                                               bool requested,
                                                               const TableDefinition& table,
                                                               const Item& item) {
  if (!requested || table.local_secondary_indexes.empty()) {
    return std::optional<ItemCollectionMetrics>();
  }
  ItemCollectionMetrics metrics;
  const KeySchemaElement* hash = table.Key(KeyType::kHash);
  auto it = item.find(hash->attribute_name);
  if (it == item.end()) return std::optional<ItemCollectionMetrics>();
  metrics.item_collection_key.emplace(it->first, it->second);
  auto size = ItemCollectionSize(store, table, it->second);
  if (!size) return std::move(size).error();
  const auto total = static_cast<double>(*size);
  constexpr double kGigabyte = 1024.0 * 1024.0 * 1024.0;
  metrics.size_estimate_low_gb = std::floor(total / kGigabyte);
  metrics.size_estimate_high_gb = metrics.size_estimate_low_gb + 1;
  return std::optional<ItemCollectionMetrics>(std::move(metrics));
}

Status CheckAttributesToGet(const std::vector<std::string>& names) {
  std::set<std::string_view> seen;
  for (const auto& name : names) {
    if (!seen.insert(name).second) {
      return Error::InvalidParameter("Duplicate value in attribute name: " + name);
    }
  }
  return {};
}

std::size_t SizeOf(const std::optional<Item>& item) { return item ? ItemSize(*item) : 0; }

}  // namespace ddb
