// Helpers shared by the item operations (items.cc, update_item.cc).
#include "engine/item_io.h"

#include <algorithm>

#include "engine/index_entries.h"
#include "model/item_codec.h"

namespace ddb {

Result<std::optional<Item>> ReadItem(storage::KvStore& store, const std::string& key) {
  auto stored = store.Get(storage::Space::kItems, key);
  if (!stored) return Error::Internal(stored.error().message);
  if (!*stored) return std::optional<Item>();
  std::optional<Item> item = DecodeItem(**stored);
  if (!item) return Error::Internal("corrupt item record");
  return item;
}

// DynamoDB's capacity rules: a write costs 1 unit per KB of the larger of the
// old and new item, a read 1 unit per 4 KB (half when eventually consistent);
// never less than one unit (or half a unit).
std::optional<ConsumedCapacity> WriteCapacity(ReturnConsumedCapacity mode,
                                              const std::string& table_name, std::size_t bytes) {
  if (mode == ReturnConsumedCapacity::kNone) return std::nullopt;
  double units = static_cast<double>(std::max<std::size_t>(1, (bytes + 1023) / 1024));
  return ConsumedCapacity{table_name, units, mode == ReturnConsumedCapacity::kIndexes, units};
}

void AddIndexWrites(std::optional<ConsumedCapacity>& consumed,
                    const std::vector<IndexWrite>& writes) {
  if (!consumed) return;
  for (const IndexWrite& w : writes) {
    consumed->capacity_units += w.units;
    auto& by_name = w.global ? consumed->global_indexes : consumed->local_indexes;
    by_name[w.index->index_name] += w.units;
  }
}

std::optional<ConsumedCapacity> ReadCapacity(ReturnConsumedCapacity mode,
                                             const std::string& table_name, std::size_t bytes,
                                             bool consistent) {
  if (mode == ReturnConsumedCapacity::kNone) return std::nullopt;
  double units = static_cast<double>(std::max<std::size_t>(1, (bytes + 4095) / 4096));
  if (!consistent) units /= 2;
  return ConsumedCapacity{table_name, units, mode == ReturnConsumedCapacity::kIndexes, units};
}

// DynamoDB reports item collections only for tables with local secondary
// indexes, where a partition's size is limited.
std::optional<ItemCollectionMetrics> CollectionMetrics(bool requested,
                                                       const TableDefinition& table,
                                                       const Item& item) {
  if (!requested || table.local_secondary_indexes.empty()) return std::nullopt;
  ItemCollectionMetrics metrics;
  const KeySchemaElement* hash = table.Key(KeyType::kHash);
  auto it = item.find(hash->attribute_name);
  if (it != item.end()) metrics.item_collection_key.emplace(it->first, it->second);
  return metrics;
}

std::size_t SizeOf(const std::optional<Item>& item) { return item ? ItemSize(*item) : 0; }

}  // namespace ddb
