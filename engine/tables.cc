// Table operations: CreateTable, DescribeTable, ListTables, DeleteTable,
// UpdateTable. Shape and range checks of the request were done by
// protocol/; what needs the whole definition or the catalog is here.
#include <algorithm>
#include <set>

#include "engine/engine.h"
#include "engine/index_entries.h"
#include "engine/key_codec.h"
#include "engine/stream_label.h"
#include "engine/table_validation.h"
#include "engine/vector_indexes.h"
#include "model/item_codec.h"

namespace ddb {
namespace {

Error TableNotFound(const std::string& name) {
  return Error::ResourceNotFound("Requested resource not found: Table: " + name + " not found");
}

}  // namespace

Engine::Engine(storage::KvStore& store, EngineOptions options)
    : clock([] {
        auto now = std::chrono::system_clock::now().time_since_epoch();
        return std::chrono::duration<double>(now).count();
      }),
      store_(store),
      options_(options),
      catalog_(store) {}

Status Engine::Open() {
  if (auto s = catalog_.Load(); !s) return s;
  if (auto s = LoadNextSequence(); !s) return s;
  if (auto s = FailInterruptedJobs(); !s) return s;
  for (const auto& [database, table] : catalog_.All()) WarmVectorIndexes(*table);
  return {};
}

void Engine::WarmVectorIndexes(const TableDefinition& table) {
  for (const VectorIndex& index : table.vector_indexes) (void)vector_anns_.Find(table, index);
}

Engine::~Engine() {
  // Its thread uses the members declared before it: stop it first.
  jobs_->Stop();
}

Status Engine::WriteLog() {
  if (auto s = store_.WriteLog(); !s) return Error::Internal(s.error().message);
  return {};
}

bool Engine::LogPending() const { return store_.LogPending(); }

Status Engine::Commit(const storage::WriteBatch& batch) {
  if (auto s = store_.Write(batch); !s) return Error::Internal(s.error().message);
  vector_anns_.Apply(batch);
  return {};
}

TablePtr Engine::Settle(const RequestContext& context, TablePtr table) {
  if (!table || table->status_until == 0 || clock() < table->status_until) return table;
  std::lock_guard lock(write_mu_);
  return SettleLocked(context, std::move(table));
}

TablePtr Engine::SettleLocked(const RequestContext& context, TablePtr table) {
  if (!table || table->status_until == 0 || clock() < table->status_until) return table;
  TablePtr current = catalog_.Find(context.database, table->table_name);
  if (current != table) return current;  // someone else settled or replaced it
  storage::WriteBatch batch;
  if (table->table_status == "DELETING") {
    catalog_.StageRemove(context.database, table->table_name, batch);
    if (!Commit(batch)) return table;
    catalog_.CommitRemove(context.database, table->table_name);
    return nullptr;
  }
  TableDefinition settled = *table;
  settled.table_status = "ACTIVE";
  settled.status_until = 0;
  catalog_.StagePut(context.database, settled, batch);
  if (!Commit(batch)) return table;
  catalog_.CommitPut(context.database, settled);
  return catalog_.Find(context.database, table->table_name);
}

Status Engine::Refresh(const RequestContext& context, TablePtr& table) {
  TablePtr current = catalog_.Find(context.database, table->table_name);
  if (!current || current->table_id != table->table_id || current->table_status == "DELETING") {
    return Error::ResourceNotFound("Requested resource not found");
  }
  table = std::move(current);
  return {};
}

Result<TablePtr> Engine::FindTable(const RequestContext& context,
                                   const std::string& table_name) {
  TablePtr table = Settle(context, catalog_.Find(context.database, table_name));
  // A table being imported (CREATING with no end time) is not readable or
  // writable until the import ends, as in DynamoDB.
  if (!table || table->table_status == "DELETING" ||
      (table->table_status == "CREATING" && table->status_until == 0)) {
    return Error::ResourceNotFound("Requested resource not found");
  }
  return table;
}

TableDescription Engine::Describe(const RequestContext& context, const TableDefinition& table) {
  TableDescription d;
  d.definition = table;
  d.table_arn = TableArn(table, context.region);
  if (!table.latest_stream_label.empty()) {
    d.latest_stream_arn = d.table_arn + "/stream/" + table.latest_stream_label;
  }
  // Counted on demand: exact, as DynamoDB Local reports it (DynamoDB itself
  // refreshes these about every six hours).
  std::string prefix = TablePrefix(table.table_id);
  auto cursor = store_.NewCursor(storage::Space::kItems, prefix, PrefixEnd(prefix));
  for (cursor->SeekToFirst(); cursor->Valid(); cursor->Next()) {
    ++d.item_count;
    d.table_size_bytes += static_cast<int64_t>(cursor->value().size());
    if (table.vector_indexes.empty()) continue;
    std::optional<Item> item = DecodeItem(cursor->value());
    if (!item) continue;
    for (const VectorIndex& index : table.vector_indexes) {
      if (!IndexedVector(index, *item)) continue;
      // An entry holds the vector as 32-bit floats and the projected item.
      auto& stats = d.index_stats[index.index_name];
      ++stats.item_count;
      stats.size_bytes += static_cast<int64_t>(cursor->value().size()) + 4 * index.dimensions;
    }
  }
  for (const SecondaryIndex* index : table.AllIndexes()) {
    std::string entries = IndexPrefix(table.table_id, index->index_id);
    auto& stats = d.index_stats[index->index_name];
    auto in_index = store_.NewCursor(storage::Space::kIndexes, entries, PrefixEnd(entries));
    for (in_index->SeekToFirst(); in_index->Valid(); in_index->Next()) {
      ++stats.item_count;
      stats.size_bytes += static_cast<int64_t>(in_index->value().size());
    }
  }
  return d;
}

// A range tombstone slows every later read of its key space until a
// compaction drops it, so a small range is erased key by key, and an empty
// one not at all.
void Engine::StageErase(storage::Space space, const std::string& prefix,
                        storage::WriteBatch& batch) {
  constexpr std::size_t kPointDeletes = 10000;
  std::vector<std::string> keys;
  auto cursor = store_.NewCursor(space, prefix, PrefixEnd(prefix));
  for (cursor->SeekToFirst(); cursor->Valid(); cursor->Next()) {
    if (keys.size() == kPointDeletes) {
      batch.DeleteRange(space, prefix, PrefixEnd(prefix));
      return;
    }
    keys.emplace_back(cursor->key());
  }
  for (auto& key : keys) batch.Delete(space, std::move(key));
}

Result<TableResponse> Engine::CreateTable(const RequestContext& context,
                                          CreateTableRequest request) {
  TableDefinition& table = request.table;
  if (auto s = ValidateNewTable(table, request.has_provisioned_throughput); !s) {
    return std::move(s).error();
  }
  std::lock_guard lock(write_mu_);
  if (catalog_.Find(context.database, table.table_name)) {
    return Error::ResourceInUse("Table already exists: " + table.table_name);
  }
  const double now = clock();
  storage::WriteBatch batch;
  table.table_id = catalog_.AllocateTableId(batch);
  table.table_uuid = NewTableUuid();
  table.region = context.region;
  table.creation_date_time = now;
  if (table.billing_mode == "PAY_PER_REQUEST") {
    table.provisioned_throughput = {};
    table.billing_mode_updated = now;
  }
  if (table.stream_specification && table.stream_specification->stream_enabled) {
    table.latest_stream_label = StreamLabel(now);
    table.streams.push_back({table.latest_stream_label,
                             table.stream_specification->stream_view_type, now, next_sequence_});
  }
  if (options_.transient_status_delay.count() > 0) {
    table.table_status = "CREATING";
    table.status_until = now + static_cast<double>(options_.transient_status_delay.count()) / 1000;
  }
  if (request.importing) {
    table.table_status = "CREATING";
    table.status_until = 0;
  }
  // CreateTable's ResourcePolicy, with the creation time as its RevisionId.
  for (auto& [slot, policy] : table.resource_policies) policy.revision_id = NextRevisionId("");
  uint32_t next_index_id = 1;
  for (auto& index : table.global_secondary_indexes) index.index_id = next_index_id++;
  for (auto& index : table.local_secondary_indexes) index.index_id = next_index_id++;
  // A stale range left by a crash in an earlier life of this id is erased.
  std::string prefix = TablePrefix(table.table_id);
  StageErase(storage::Space::kItems, prefix, batch);
  StageErase(storage::Space::kIndexes, prefix, batch);
  StageErase(storage::Space::kStreams, prefix, batch);
  catalog_.StagePut(context.database, table, batch);
  if (auto s = Commit(batch); !s) return std::move(s).error();
  catalog_.CommitPut(context.database, table);
  return TableResponse{Describe(context, table)};
}

Result<TableResponse> Engine::DescribeTable(const RequestContext& context,
                                            const DescribeTableRequest& request) {
  TablePtr table = Settle(context, catalog_.Find(context.database, request.table_name));
  if (!table) return TableNotFound(request.table_name);
  return TableResponse{Describe(context, *table)};
}

Result<ListTablesResponse> Engine::ListTables(const RequestContext& context,
                                              const ListTablesRequest& request) {
  ListTablesResponse response;
  const std::size_t limit = static_cast<std::size_t>(request.limit.value_or(100));
  for (const TablePtr& listed : catalog_.List(context.database)) {
    if (request.exclusive_start_table_name &&
        listed->table_name <= *request.exclusive_start_table_name) {
      continue;
    }
    TablePtr table = Settle(context, listed);
    if (!table) continue;
    if (response.table_names.size() == limit) {
      response.last_evaluated_table_name = response.table_names.back();
      break;
    }
    response.table_names.push_back(table->table_name);
  }
  return response;
}

Result<TableResponse> Engine::DeleteTable(const RequestContext& context,
                                          const DeleteTableRequest& request) {
  TablePtr found = Settle(context, catalog_.Find(context.database, request.table_name));
  std::lock_guard lock(write_mu_);
  TablePtr table = catalog_.Find(context.database, request.table_name);
  if (!table || table != found) return TableNotFound(request.table_name);
  if (table->table_status == "DELETING" || table->table_status == "CREATING" ||
      table->table_status == "UPDATING") {
    return Error::ResourceInUse("Attempt to change a resource which is still in use: Table is being " +
                                std::string(table->table_status == "CREATING" ? "created" :
                                            table->table_status == "UPDATING" ? "updated" :
                                                                                "deleted") +
                                ": " + table->table_name);
  }
  if (table->deletion_protection_enabled) {
    return Error::Validation("Resource cannot be deleted as it is currently protected against "
                             "deletion. Disable deletion protection first.");
  }
  TableDescription description = Describe(context, *table);
  description.definition.table_status = "DELETING";
  storage::WriteBatch batch;
  std::string prefix = TablePrefix(table->table_id);
  StageErase(storage::Space::kItems, prefix, batch);
  StageErase(storage::Space::kIndexes, prefix, batch);
  if (table->point_in_time_recovery) {  // a backup of it stays; its history goes
    if (auto s = StageSystemBackup(context, *table, batch); !s) return std::move(s).error();
    StageErase(storage::Space::kItems, TablePrefix(table->point_in_time_base_id), batch);
    StageErase(storage::Space::kStreams, TablePrefix(table->point_in_time_history_id), batch);
  }
  // Its streams are closed, and stay readable for 24 hours if they have not
  // aged out already (then the sweeper erases them).
  TableDefinition retired = *table;
  if (retired.HasOpenStream()) {
    retired.streams.back().end_sequence = next_sequence_;
    retired.streams.back().disabled_at = clock();
  }
  const bool keep_streams = std::any_of(retired.streams.begin(), retired.streams.end(),
                                        [&](const TableStream& s) { return s.KeptAt(clock()); });
  if (keep_streams) {
    catalog_.StageRetire(context.database, retired, batch);
  } else {
    StageErase(storage::Space::kStreams, prefix, batch);
  }
  if (options_.transient_status_delay.count() > 0) {
    TableDefinition deleting = *table;
    deleting.table_status = "DELETING";
    deleting.status_until =
        clock() + static_cast<double>(options_.transient_status_delay.count()) / 1000;
    deleting.streams = retired.streams;
    catalog_.StagePut(context.database, deleting, batch);
    if (auto s = Commit(batch); !s) return std::move(s).error();
    catalog_.CommitPut(context.database, std::move(deleting));
  } else {
    catalog_.StageRemove(context.database, table->table_name, batch);
    if (auto s = Commit(batch); !s) return std::move(s).error();
    catalog_.CommitRemove(context.database, table->table_name);
  }
  if (keep_streams) catalog_.CommitRetire(context.database, std::move(retired));
  return TableResponse{std::move(description)};
}

}  // namespace ddb
