#include "engine/item_collections.h"

#include "engine/index_entries.h"
#include "engine/key_codec.h"
#include "model/item_codec.h"

namespace ddb {
namespace {

std::string CounterKey(const TableDefinition& table, const AttributeValue& hash) {
  std::string key = IndexPrefix(table.table_id, 0);
  AppendKeyValue(hash, key);
  return key;
}

// What one item adds to its collection.
uint64_t Contribution(const TableDefinition& table, const std::optional<Item>& item) {
  if (!item) return 0;
  uint64_t size = ItemSize(*item);
  for (const SecondaryIndex& index : table.local_secondary_indexes) {
    if (IndexEntryKey(table, index, *item)) size += ItemSize(IndexProjection(table, index, *item));
  }
  return size;
}

Result<uint64_t> RangeSize(storage::KvStore& store, storage::Space space,
                           const std::string& prefix) {
  uint64_t total = 0;
  auto cursor = store.NewCursor(space, prefix, PrefixEnd(prefix));
  for (cursor->SeekToFirst(); cursor->Valid(); cursor->Next()) {
    std::optional<std::size_t> size = StoredItemSize(cursor->value());
    if (!size) return Error::Internal("corrupt item record");
    total += *size;
  }
  if (auto s = cursor->status(); !s) return Error::Internal(s.error().message);
  return total;
}

// The collection measured from storage: its items and their LSI entries.
Result<uint64_t> Measure(storage::KvStore& store, const TableDefinition& table,
                         const AttributeValue& hash) {
  std::string items = TablePrefix(table.table_id);
  AppendKeyValue(hash, items);
  auto total = RangeSize(store, storage::Space::kItems, items);
  if (!total) return total;
  for (const SecondaryIndex& index : table.local_secondary_indexes) {
    std::string entries = IndexPrefix(table.table_id, index.index_id);
    AppendKeyValue(hash, entries);
    auto size = RangeSize(store, storage::Space::kIndexes, entries);
    if (!size) return size;
    *total += *size;
  }
  return total;
}

Result<uint64_t> Recorded(storage::KvStore& store, const TableDefinition& table,
                          const std::string& key, const AttributeValue& hash) {
  auto stored = store.Get(storage::Space::kIndexes, key);
  if (!stored) return Error::Internal(stored.error().message);
  if (*stored && (*stored)->size() == 8) return ReadU64(**stored);
  return Measure(store, table, hash);
}

}  // namespace

Error CollectionSizeExceeded() {
  return {ErrorCode::kItemCollectionSizeLimitExceededException, "Collection size exceeded", {},
          {}};
}

Result<uint64_t> ItemCollectionSize(storage::KvStore& store, const TableDefinition& table,
                                    const AttributeValue& hash) {
  return Recorded(store, table, CounterKey(table, hash), hash);
}

Result<uint64_t> ItemCollections::Current(const TableDefinition& table, const std::string& key,
                                          const AttributeValue& hash) {
  if (auto it = sizes_.find(key); it != sizes_.end()) return it->second;
  return Recorded(store_, table, key, hash);
}

Status ItemCollections::Change(const TableDefinition& table, const std::optional<Item>& old,
                               const std::optional<Item>& now) {
  if (table.local_secondary_indexes.empty() || (!old && !now)) return {};
  const Item& any = now ? *now : *old;
  auto hash = any.find(table.Key(KeyType::kHash)->attribute_name);
  if (hash == any.end()) return {};
  std::string key = CounterKey(table, hash->second);
  auto current = Current(table, key, hash->second);
  if (!current) return std::move(current).error();
  const uint64_t added = Contribution(table, now);
  const uint64_t removed = Contribution(table, old);
  // A change that does not grow the collection is always allowed.
  if (added > removed && *current + added - removed > limit_) return CollectionSizeExceeded();
  sizes_[key] = *current + added >= removed ? *current + added - removed : 0;
  return {};
}

void ItemCollections::Stage(storage::WriteBatch& batch) const {
  for (const auto& [key, size] : sizes_) {
    if (size == 0) {
      batch.Delete(storage::Space::kIndexes, key);
    } else {
      std::string value;
      AppendU64(size, value);
      batch.Put(storage::Space::kIndexes, key, std::move(value));
    }
  }
}

}  // namespace ddb
