// engine/vector_anns.h
//
// VectorAnns: the VectorAnn of each vector index SearchVectors has been
// asked about, kept current by every commit.
//
// Nothing of it is on disk. The first search of an index (also the first
// after a restart) starts building its VectorAnn on a background thread
// from the table's items and is answered by an exact scan, as are the
// searches until the build ends; from then on Engine::Commit passes each
// batch to Apply, so the VectorAnn always holds what the store holds.
//
// A build reads the items through a cursor (a snapshot) made together with
// registering the index; commits that land meanwhile go into the VectorAnn
// at once and mark their keys, and the build skips marked keys, whose
// snapshot value is older than what the commit put in.
//
// Thread-safety: every method may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

#include "engine/background_jobs.h"
#include "engine/vector_ann.h"
#include "model/table.h"
#include "storage/kv_store.h"

namespace ddb {

class VectorAnns {
 public:
  explicit VectorAnns(storage::KvStore& store) : store_(store) {}
  ~VectorAnns() { builds_->Stop(); }  // before any member goes: builds use them
  VectorAnns(const VectorAnns&) = delete;
  VectorAnns& operator=(const VectorAnns&) = delete;

  // The VectorAnn of `table`'s vector index `index` once it is built, or
  // nullptr (and its build started, if it had not been). Forgets those of
  // the table's indexes that were deleted or redefined since.
  std::shared_ptr<const VectorAnn> Find(const TableDefinition& table, const VectorIndex& index);

  // After the store took `batch`: its items' changes, into the VectorAnns
  // of their tables. A range removal (a deleted table) forgets them.
  void Apply(const storage::WriteBatch& batch);

  // Forgets the VectorAnns whose table or index is gone or redefined;
  // `current` gives a table's vector index by name, or nullptr.
  void Retain(const std::function<const VectorIndex*(uint64_t table_id,
                                                     const std::string& index_name)>& current);

  // Blocks until the builds started so far have ended (tests).
  void Drain() { builds_->Drain(); }

 private:
  struct Entry {
    Entry(uint64_t id, const VectorIndex& index) : table_id(id), ann(index) {}
    const uint64_t table_id;
    VectorAnn ann;
    std::mutex mu;                          // orders the build and commits
    bool built = false;                     // guarded by mu
    std::unordered_set<std::string> marked;  // keys committed while building; guarded by mu
    std::atomic<bool> ready{false};
  };
  using EntryPtr = std::shared_ptr<Entry>;

  void Build(const EntryPtr& entry, storage::Cursor& cursor);
  // A build that could not finish: forgotten, so that the next Find
  // starts another.
  void Abandon(const EntryPtr& entry);
  // The item under `key` changed to `value` (nullptr: removed).
  static void Change(Entry& entry, const std::string& key, const std::string* value);

  storage::KvStore& store_;
  std::mutex mu_;
  std::map<uint64_t, std::vector<EntryPtr>> entries_;  // by table id; guarded by mu_
  // Last, so that it is destroyed first: its thread uses everything above.
  std::unique_ptr<BackgroundJobs> builds_ = std::make_unique<BackgroundJobs>();
};

}  // namespace ddb
