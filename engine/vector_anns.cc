#include "engine/vector_anns.h"

#include <algorithm>

#include "engine/key_codec.h"
#include "engine/vector_indexes.h"
#include "model/item_codec.h"

namespace ddb {
namespace {

// Whether two definitions put the same vectors of the same items in the
// index (the HASH attribute decides which items are in it).
bool SameVectors(const VectorIndex& a, const VectorIndex& b) {
  auto hash = [](const VectorIndex& v) {
    const SearchSchemaElement* h = v.Hash();
    return h ? h->attribute_name : std::string();
  };
  return a.index_name == b.index_name && a.vector_attribute == b.vector_attribute &&
         a.dimensions == b.dimensions && a.distance_function == b.distance_function &&
         hash(a) == hash(b);
}

std::optional<uint64_t> TableIdOf(const std::string& key) {
  if (key.size() < 8) return std::nullopt;
  return ReadU64(key);
}

}  // namespace

std::shared_ptr<const VectorAnn> VectorAnns::Find(const TableDefinition& table,
                                                  const VectorIndex& index) {
  std::lock_guard lock(mu_);
  std::vector<EntryPtr>& entries = entries_[table.table_id];
  std::erase_if(entries, [&](const EntryPtr& e) {
    const VectorIndex* current = table.FindVectorIndex(e->ann.index().index_name);
    return !current || !SameVectors(*current, e->ann.index());
  });
  for (const EntryPtr& e : entries) {
    if (e->ann.index().index_name != index.index_name) continue;
    if (!e->ready.load(std::memory_order_acquire)) return nullptr;
    return std::shared_ptr<const VectorAnn>(e, &e->ann);
  }
  // Registered and given its snapshot together, under mu_: every commit's
  // Apply comes either before (the snapshot has it) or after (it is marked).
  auto entry = std::make_shared<Entry>(table.table_id, index);
  entries.push_back(entry);
  empty_.store(false, std::memory_order_release);
  std::string prefix = TablePrefix(table.table_id);
  std::shared_ptr<storage::Cursor> cursor =
      store_.NewCursor(storage::Space::kItems, prefix, PrefixEnd(prefix));
  builds_->Add([this, entry, cursor] { Build(*entry, *cursor); });
  return nullptr;
}

void VectorAnns::Build(Entry& entry, storage::Cursor& cursor) {
  for (cursor.SeekToFirst(); cursor.Valid(); cursor.Next()) {
    if (builds_->stopping()) return;
    std::string key(cursor.key());
    std::string value(cursor.value());
    std::lock_guard lock(entry.mu);
    if (!entry.marked.count(key)) Change(entry, key, &value);
  }
  // A cursor that ended early on an I/O error leaves the index unbuilt:
  // the exact scan keeps answering.
  if (!cursor.status()) return;
  std::lock_guard lock(entry.mu);
  entry.built = true;
  entry.marked.clear();
  entry.ready.store(true, std::memory_order_release);
}

void VectorAnns::Change(Entry& entry, const std::string& key, const std::string* value) {
  std::optional<std::vector<float>> vector;
  if (value) {
    if (std::optional<Item> item = DecodeItem(*value)) vector = IndexedVector(entry.ann.index(), *item);
  }
  if (vector) {
    entry.ann.Put(key, *vector);
  } else {
    entry.ann.Remove(key);
  }
}

void VectorAnns::Apply(const storage::WriteBatch& batch) {
  if (empty_.load(std::memory_order_acquire)) return;
  std::lock_guard lock(mu_);
  for (const storage::WriteBatch::Op& op : batch.ops()) {
    if (op.space != storage::Space::kItems) continue;
    std::optional<uint64_t> table_id = TableIdOf(op.key);
    if (!table_id) continue;
    auto it = entries_.find(*table_id);
    if (it == entries_.end()) continue;
    if (op.kind == storage::WriteBatch::Kind::kDeleteRange) {
      entries_.erase(it);  // the table's items are going: its indexes with them
      continue;
    }
    for (const EntryPtr& entry : it->second) {
      std::lock_guard entry_lock(entry->mu);
      if (!entry->built) entry->marked.insert(op.key);
      Change(*entry, op.key, op.kind == storage::WriteBatch::Kind::kPut ? &op.value : nullptr);
    }
  }
  std::erase_if(entries_, [](const auto& e) { return e.second.empty(); });
  empty_.store(entries_.empty(), std::memory_order_release);
}

}  // namespace ddb
