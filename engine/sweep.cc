// Engine::Sweep: the background work DynamoDB does on its own. Expired items
// of tables with Time to Live are deleted (with their index entries and a
// REMOVE stream record that names the TTL service), and stream records older
// than 24 hours are trimmed.
//
// Each call does a bounded amount of work per table and resumes where the
// previous one stopped, so a large table is swept over several calls instead
// of stalling writers.
#include <algorithm>
#include <cmath>

#include "engine/engine.h"
#include "engine/index_entries.h"
#include "engine/item_collections.h"
#include "engine/item_io.h"
#include "engine/key_codec.h"
#include "engine/stream_records.h"
#include "model/item_codec.h"

namespace ddb {
namespace {

// Items examined per table per sweep.
constexpr std::size_t kItemsPerSweep = 10000;
// DynamoDB leaves alone items whose TTL lies more than five years in the past.
constexpr double kFiveYears = 5 * 365.25 * 24 * 3600;
constexpr int64_t kStreamRetentionMillis = 24LL * 3600 * 1000;

// Whether `item` has expired by `now` under the table's TTL attribute: a
// Number of epoch seconds, not in the future, not older than five years.
bool Expired(const Item& item, const std::string& attribute, double now) {
  auto it = item.find(attribute);
  if (it == item.end() || it->second.type() != Type::kN) return false;
  double at = std::strtod(it->second.n().ToString().c_str(), nullptr);
  return std::isfinite(at) && at <= now && at >= now - kFiveYears;
}

}  // namespace

void Engine::Sweep() {
  for (const auto& [database, table] : catalog_.All()) {
    if (!table->ttl_attribute.empty()) SweepExpired(database, *table);
    if (!table->streams.empty()) TrimStream(*table);
  }
  for (const auto& [database, table] : catalog_.AllRetired()) {
    TrimStream(*table);
    ForgetAgedStreams(database, *table);
  }
  SweepBackups();
  // Forgets the in-memory candidates of deleted tables and vector indexes.
  std::map<uint64_t, TablePtr> live;
  for (const auto& [database, table] : catalog_.All()) live.emplace(table->table_id, table);
  vector_anns_.Retain([&](uint64_t table_id, const std::string& index_name) -> const VectorIndex* {
    auto it = live.find(table_id);
    return it == live.end() ? nullptr : it->second->FindVectorIndex(index_name);
  });
}

void Engine::ForgetAgedStreams(const std::string& database, const TableDefinition& table) {
  const double now = clock();
  if (std::any_of(table.streams.begin(), table.streams.end(),
                  [&](const TableStream& s) { return s.KeptAt(now); })) {
    return;
  }
  std::lock_guard lock(write_mu_);
  storage::WriteBatch batch;
  StageErase(storage::Space::kStreams, TablePrefix(table.table_id), batch);
  catalog_.StageForget(database, table.table_id, batch);
  if (Commit(batch)) catalog_.CommitForget(database, table.table_id);
}

void Engine::SweepExpired(const std::string& database, const TableDefinition& table) {
  const double now = clock();
  const std::string prefix = TablePrefix(table.table_id);
  std::string& resume = sweep_positions_[table.table_id];
  auto cursor = store_.NewCursor(storage::Space::kItems, resume.empty() ? prefix : resume,
                                 PrefixEnd(prefix));
  std::vector<std::string> expired;
  std::size_t seen = 0;
  for (cursor->SeekToFirst(); cursor->Valid() && seen < kItemsPerSweep; cursor->Next(), ++seen) {
    std::optional<Item> item = DecodeItem(cursor->value());
    if (item && Expired(*item, table.ttl_attribute, now)) expired.emplace_back(cursor->key());
  }
  // Next time from here, or from the start once the end was reached.
  resume = cursor->Valid() ? std::string(cursor->key()) : std::string();
  if (expired.empty()) return;

  std::lock_guard lock(write_mu_);
  TablePtr current = catalog_.Find(database, table.table_name);
  if (!current || current->table_id != table.table_id) return;  // deleted meanwhile
  storage::WriteBatch batch;
  ItemCollections collections(store_, options_.max_item_collection_bytes);
  for (const std::string& key : expired) {
    if (in_flight_.Holds(key)) continue;  // a transaction has it: next time
    auto old = ReadItem(store_, key);
    if (!old || !*old || !Expired(**old, current->ttl_attribute, now)) continue;
    if (!collections.Change(*current, *old, std::nullopt)) continue;
    batch.Delete(storage::Space::kItems, key);
    StageIndexChanges(*current, *old, std::nullopt, batch);
    StageStreamRecord(*current, *old, std::nullopt, batch, /*by_ttl=*/true);
  }
  collections.Stage(batch);
  if (!batch.empty()) (void)Commit(batch);  // a failure is retried by the next sweep
}

void Engine::TrimStream(const TableDefinition& table) {
  const int64_t cutoff = static_cast<int64_t>(clock() * 1000.0) - kStreamRetentionMillis;
  const std::string prefix = TablePrefix(table.table_id);
  auto cursor = store_.NewCursor(storage::Space::kStreams, prefix, PrefixEnd(prefix));
  storage::WriteBatch batch;
  uint64_t first_kept = 0;
  for (cursor->SeekToFirst(); cursor->Valid(); cursor->Next()) {
    auto record = DecodeStreamRecord(cursor->value());
    if (record && record->time_ms >= cutoff) break;
    batch.Delete(storage::Space::kStreams, std::string(cursor->key()));
    first_kept = SequenceOfKey(cursor->key()) + 1;
    if (batch.ops().size() >= kItemsPerSweep) break;
  }
  if (batch.empty() || !Commit(batch)) return;
  std::lock_guard lock(trim_mu_);
  trim_horizons_[table.table_id] = first_kept;
}

}  // namespace ddb
