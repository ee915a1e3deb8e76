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
  std::string prefix = TablePrefix(table.table_id);
  std::shared_ptr<storage::Cursor> cursor =
      store_.NewCursor(storage::Space::kItems, prefix, PrefixEnd(prefix));
  builds_->Add([this, entry, cursor] { Build(entry, *cursor); });
  return nullptr;
}

void VectorAnns::Build(const EntryPtr& entry, storage::Cursor& cursor) {
  for (cursor.SeekToFirst(); cursor.Valid(); cursor.Next()) {
    if (builds_->stopping()) return Abandon(entry);
    std::string key(cursor.key());
    std::string value(cursor.value());
    std::lock_guard lock(entry->mu);
    if (!entry->marked.count(key)) Change(*entry, key, &value);
  }
  // A cursor that ended early on an I/O error leaves the index unbuilt:
  // the exact scan answers, and the next search tries again.
  if (!cursor.status()) return Abandon(entry);
  std::lock_guard lock(entry->mu);
  entry->built = true;
  entry->marked.clear();
  entry->ready.store(true, std::memory_order_release);
}

void VectorAnns::Abandon(const EntryPtr& entry) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(entry->table_id);
  if (it == entries_.end()) return;
  std::erase(it->second, entry);
  if (it->second.empty()) entries_.erase(it);
}

void VectorAnns::Retain(
    const std::function<const VectorIndex*(uint64_t, const std::string&)>& current) {
  std::lock_guard lock(mu_);
  for (auto& [table_id, entries] : entries_) {
    std::erase_if(entries, [&, id = table_id](const EntryPtr& e) {
      const VectorIndex* index = current(id, e->ann.index().index_name);
      return !index || !SameVectors(*index, e->ann.index());
    });
  }
  std::erase_if(entries_, [](const auto& e) { return e.second.empty(); });
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
  // The entries each op changes, found under mu_; changed after it is let
  // go, so that a search's Find does not wait for them. Commits come one at
  // a time (the engine's write mutex), in the order the store took them.
  std::vector<std::pair<const storage::WriteBatch::Op*, std::vector<EntryPtr>>> changes;
  {
    std::lock_guard lock(mu_);
    if (entries_.empty()) return;
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
      changes.emplace_back(&op, it->second);
    }
  }
  for (const auto& [op, entries] : changes) {
    for (const EntryPtr& entry : entries) {
      std::lock_guard entry_lock(entry->mu);
      if (!entry->built) entry->marked.insert(op->key);
      Change(*entry, op->key, op->kind == storage::WriteBatch::Kind::kPut ? &op->value : nullptr);
    }
  }
}

}  // namespace ddb
