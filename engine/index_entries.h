// engine/index_entries.h
//
// Secondary index entries: for each item that has an index's key attributes,
// one record in Space::kIndexes, written in the same WriteBatch as the item,
// so an index is never behind its table. Items without them have no entry
// (sparse indexes).
//
// Grammar (key_value as in engine/key_codec.h):
//
//   index_entry_key := table_id:u64 index_id:u32 index_hash:key_value
//                      [index_range:key_value] table_hash:key_value
//                      [table_range:key_value]
//   index_entry     := EncodeItem(projection)   -- model/item_codec.h
//
// The table's key ends every entry key, so entries with equal index keys are
// distinct and ordered by the table's key. The projection holds the table's
// and the index's key attributes plus what the index projects (KEYS_ONLY,
// INCLUDE NonKeyAttributes, or ALL).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/table.h"
#include "storage/kv_store.h"

namespace ddb {

// The prefix of every entry of one index.
std::string IndexPrefix(uint64_t table_id, uint32_t index_id);

// The storage key of `item`'s entry, or nullopt when the item lacks one of
// the index's key attributes. REQUIRES: `item` has the table's key.
std::optional<std::string> IndexEntryKey(const TableDefinition& table,
                                         const SecondaryIndex& index, const Item& item);

// What the index stores of `item`.
Item IndexProjection(const TableDefinition& table, const SecondaryIndex& index, const Item& item);

// The write units an index spent on one item write, as DynamoDB counts them:
// 1 KB units of the projected entry for each entry put or deleted (two when
// the index key changes), nothing when the entry stays the same.
struct IndexWrite {
  const SecondaryIndex* index = nullptr;  // nullptr: a vector index's
  bool global = false;
  double units = 0;
  const VectorIndex* vector_index = nullptr;
  double vector_bytes = 0;  // VectorWriteRequestBytes
};

// Stages into `batch` what changes in every index of `table` when an item
// goes from `old` to `now` (either may be absent); returns the indexes
// written.
std::vector<IndexWrite> StageIndexChanges(const TableDefinition& table,
                                          const std::optional<Item>& old,
                                          const std::optional<Item>& now,
                                          storage::WriteBatch& batch);

// The same for one index (a backfill); the units spent.
double StageIndexEntry(const TableDefinition& table, const SecondaryIndex& index,
                       const std::optional<Item>& old, const std::optional<Item>& now,
                       storage::WriteBatch& batch);

}  // namespace ddb
