// engine/item_collections.h
//
// Item collections: in a table with local secondary indexes, the items of one
// partition key together with their LSI entries. DynamoDB limits a
// collection to 10 GB and reports its size in ItemCollectionMetrics; both
// need the size without reading the whole partition, so each collection's
// size is kept next to the index entries and changed in the same storage
// batch as the items:
//
//   Space::kIndexes
//     table_id:u64 index_id:u32=0 hash:key_value  -> size:u64 (bytes)
//
// (index id 0 is never an index's.) The size counts what a scan of the
// partition would: each item's size plus the size of each of its LSI
// entries. A collection whose size was never recorded (data written before
// sizes were kept) is measured once from storage.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "model/error.h"
#include "model/table.h"
#include "storage/kv_store.h"

namespace ddb {

// DynamoDB's limit on an item collection.
inline constexpr uint64_t kMaxItemCollectionBytes = 10ULL * 1024 * 1024 * 1024;

// The size changes of the item collections touched by one write batch.
// REQUIRES: the engine's write mutex held from Change() to the commit.
class ItemCollections {
 public:
  ItemCollections(storage::KvStore& store, uint64_t limit) : store_(store), limit_(limit) {}

  // Accounts an item going from `old` to `now` in `table` (nothing for a
  // table without LSIs). Fails with ItemCollectionSizeLimitExceededException
  // when the change would grow its collection past the limit.
  Status Change(const TableDefinition& table, const std::optional<Item>& old,
                const std::optional<Item>& now);
  // Stages every changed size into `batch`.
  void Stage(storage::WriteBatch& batch) const;

 private:
  Result<uint64_t> Current(const TableDefinition& table, const std::string& key,
                           const AttributeValue& hash);

  storage::KvStore& store_;
  uint64_t limit_;
  std::map<std::string, uint64_t> sizes_;  // by counter key: the size after the batch
};

// The recorded (or measured) size of the collection `hash` of `table`.
Result<uint64_t> ItemCollectionSize(storage::KvStore& store, const TableDefinition& table,
                                    const AttributeValue& hash);

// ItemCollectionSizeLimitExceededException, as DynamoDB words it.
Error CollectionSizeExceeded();

}  // namespace ddb
