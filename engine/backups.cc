// On-demand backups: CreateBackup, DescribeBackup, ListBackups, DeleteBackup,
// RestoreTableFromBackup.
//
// A backup is a copy of the table's items, read from one storage snapshot
// (taken under the write mutex, so it falls between two writes) and copied
// afterwards without stopping writes, under a table id of its own that no
// table uses. Index entries are not copied: a restore rebuilds them. Its
// description lives in the catalog space:
//
//   "B" database 0x00 backup_id -> EncodeItem(backup record)
//   backup_id := creation ms:14 digits '-' 8 hex digits (as in DynamoDB's ARNs)
//
// so backups survive restarts and the deletion of their table. Deleting a
// table with point-in-time recovery on makes a SYSTEM backup of it
// ("<table>$DeletedTableBackup"), as DynamoDB does, kept for 35 days.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/engine.h"
#include "engine/key_codec.h"
#include "engine/restore.h"
#include "engine/vector_indexes.h"
#include "model/item_codec.h"

namespace ddb {
namespace {

constexpr int kCopyBatchItems = 1000;
// How long DynamoDB keeps the backup it makes of a deleted table that had
// point-in-time recovery on.
constexpr double kSystemBackupDays = 35;

std::string BackupPrefix(const std::string& database) {
  return "B" + database + std::string(1, '\0');
}

Error BackupNotFound(const std::string& arn) {
  return {ErrorCode::kBackupNotFoundException, "Backup not found: " + arn, {}, {}};
}

AttributeValue Num(double n) { return AttributeValue::N(*Number::Parse(std::to_string(n))); }
AttributeValue Num(int64_t n) { return AttributeValue::N(*Number::Parse(std::to_string(n))); }

Item BackupRecord(const BackupDescription& b, uint64_t data_id) {
  return {{"Arn", AttributeValue::S(b.backup_arn)},
          {"Name", AttributeValue::S(b.backup_name)},
          {"Created", Num(b.backup_creation_date_time)},
          {"Data", Num(static_cast<int64_t>(data_id))},
          {"Items", Num(b.item_count)},
          {"Bytes", Num(b.backup_size_bytes)},
          {"TableArn", AttributeValue::S(b.source_table_arn)},
          {"Type", AttributeValue::S(b.backup_type)},
          {"Expiry", Num(b.backup_expiry_date_time)},
          {"Table", AttributeValue::M(TableRecord(b.source_table))}};
}

struct StoredBackup {
  BackupDescription description;
  uint64_t data_id = 0;
  std::string key;  // of its record
};

std::optional<StoredBackup> BackupFromRecord(std::string_view bytes) {
  std::optional<Item> r = DecodeItem(bytes);
  if (!r) return std::nullopt;
  auto str = [&](const char* name) -> std::string {
    auto it = r->find(name);
    return it != r->end() && it->second.type() == Type::kS ? it->second.s() : std::string();
  };
  auto num = [&](const char* name) -> double {
    auto it = r->find(name);
    return it != r->end() && it->second.type() == Type::kN
               ? std::stod(it->second.n().ToString())
               : 0;
  };
  auto table = r->find("Table");
  if (table == r->end() || table->second.type() != Type::kM) return std::nullopt;
  std::optional<TableDefinition> source = TableFromRecord(table->second.m());
  if (!source) return std::nullopt;
  StoredBackup out;
  out.description.backup_arn = str("Arn");
  out.description.backup_name = str("Name");
  out.description.backup_creation_date_time = num("Created");
  out.description.item_count = static_cast<int64_t>(num("Items"));
  out.description.backup_size_bytes = static_cast<int64_t>(num("Bytes"));
  out.description.source_table_arn = str("TableArn");
  if (!str("Type").empty()) out.description.backup_type = str("Type");
  out.description.backup_expiry_date_time = num("Expiry");
  out.description.source_table = *std::move(source);
  out.data_id = static_cast<uint64_t>(num("Data"));
  return out;
}

// A SYSTEM backup past its expiry is gone (the sweeper erases it).
bool Expired(const BackupDescription& b, double now) {
  return b.backup_expiry_date_time > 0 && now >= b.backup_expiry_date_time;
}

// The backup an ARN names in this database, or BackupNotFoundException.
Result<StoredBackup> LoadBackup(storage::KvStore& store, const std::string& database,
                                const std::string& arn, double now) {
  std::optional<std::string> id = TimedIdOf(arn, "/backup/");
  if (!id) return BackupNotFound(arn);
  std::string key = BackupPrefix(database) + *id;
  auto bytes = store.Get(storage::Space::kCatalog, key);
  if (!bytes) return Error::Internal(bytes.error().message);
  if (!*bytes) return BackupNotFound(arn);
  std::optional<StoredBackup> backup = BackupFromRecord(**bytes);
  if (!backup) return Error::Internal("corrupt backup record");
  if (Expired(backup->description, now)) return BackupNotFound(arn);
  backup->key = std::move(key);
  return *std::move(backup);
}

}  // namespace

Result<BackupResponse> Engine::CreateBackup(const RequestContext& context,
                                            const CreateBackupRequest& request) {
  auto found = FindTable(context, request.table_name);
  if (!found) {
    return Error{ErrorCode::kTableNotFoundException, "Table not found: " + request.table_name,
                 {}, {}};
  }
  TablePtr table = *found;
  BackupDescription b;
  b.backup_name = request.backup_name;
  // Whole milliseconds, as the ARN and every answer show it (and as
  // ListBackups' time bounds compare it).
  const auto created_ms = static_cast<int64_t>(std::llround(clock() * 1000));
  b.backup_creation_date_time = static_cast<double>(created_ms) / 1000;
  uint64_t data_id = 0;
  std::unique_ptr<storage::Cursor> cursor;
  {
    // The snapshot falls between two writes, with the definition current then.
    std::lock_guard lock(write_mu_);
    if (auto s = Refresh(context, table); !s) return std::move(s).error();
    storage::WriteBatch batch;
    data_id = catalog_.AllocateTableId(batch);
    if (auto s = Commit(batch); !s) return std::move(s).error();
    std::string prefix = TablePrefix(table->table_id);
    cursor = store_.NewCursor(storage::Space::kItems, prefix, PrefixEnd(prefix));
  }
  b.source_table = *table;
  b.source_table_arn = TableArn(*table, context.region);
  b.backup_arn = b.source_table_arn + "/backup/" + NewTimedId(created_ms);
  if (auto s = CopyItems(*cursor, data_id, &b.item_count, &b.backup_size_bytes); !s) {
    return std::move(s).error();
  }
  storage::WriteBatch batch;
  std::string id = *TimedIdOf(b.backup_arn, "/backup/");
  batch.Put(storage::Space::kCatalog, BackupPrefix(context.database) + id,
            EncodeItem(BackupRecord(b, data_id)));
  if (auto s = Commit(batch); !s) return std::move(s).error();
  // DynamoDB answers while the backup is still being made.
  b.backup_status = "CREATING";
  return BackupResponse{std::move(b), true};
}

Result<BackupResponse> Engine::DescribeBackup(const RequestContext& context,
                                              const BackupArnRequest& request) {
  auto backup = LoadBackup(store_, context.database, request.backup_arn, clock());
  if (!backup) return std::move(backup).error();
  return BackupResponse{std::move(backup->description), false};
}

Result<BackupResponse> Engine::DeleteBackup(const RequestContext& context,
                                            const BackupArnRequest& request) {
  std::lock_guard lock(write_mu_);
  auto backup = LoadBackup(store_, context.database, request.backup_arn, clock());
  if (!backup) return std::move(backup).error();
  storage::WriteBatch batch;
  StageErase(storage::Space::kItems, TablePrefix(backup->data_id), batch);
  batch.Delete(storage::Space::kCatalog, backup->key);
  if (auto s = Commit(batch); !s) return std::move(s).error();
  backup->description.backup_status = "DELETED";
  return BackupResponse{std::move(backup->description), false};
}

Result<ListBackupsResponse> Engine::ListBackups(const RequestContext& context,
                                                const ListBackupsRequest& request) {
  std::vector<BackupDescription> all;
  const std::string prefix = BackupPrefix(context.database);
  auto cursor = store_.NewCursor(storage::Space::kCatalog, prefix, PrefixEnd(prefix));
  for (cursor->SeekToFirst(); cursor->Valid(); cursor->Next()) {
    std::optional<StoredBackup> backup = BackupFromRecord(cursor->value());
    if (!backup) continue;
    const BackupDescription& b = backup->description;
    if (request.table_name && b.source_table.table_name != TableNameOf(*request.table_name)) {
      continue;
    }
    if (request.time_range_lower_bound &&
        b.backup_creation_date_time < *request.time_range_lower_bound) {
      continue;
    }
    if (request.time_range_upper_bound &&
        b.backup_creation_date_time >= *request.time_range_upper_bound) {
      continue;
    }
    if (request.backup_type != "ALL" && request.backup_type != b.backup_type) continue;
    if (Expired(b, clock())) continue;
    all.push_back(std::move(backup->description));
  }
  if (auto s = cursor->status(); !s) return Error::Internal(s.error().message);
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return std::tie(a.backup_creation_date_time, a.backup_arn) <
           std::tie(b.backup_creation_date_time, b.backup_arn);
  });
  ListBackupsResponse out;
  bool started = !request.exclusive_start_backup_arn;
  const auto limit = static_cast<std::size_t>(request.limit.value_or(100));
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (!started) {
      started = all[i].backup_arn == *request.exclusive_start_backup_arn;
      continue;
    }
    if (out.backups.size() == limit) {
      out.last_evaluated_backup_arn = out.backups.back().backup_arn;
      break;
    }
    out.backups.push_back(std::move(all[i]));
  }
  return out;
}

Result<TableResponse> Engine::RestoreTableFromBackup(const RequestContext& context,
                                                     const RestoreTableFromBackupRequest& request) {
  auto backup = LoadBackup(store_, context.database, request.backup_arn, clock());
  if (!backup) return std::move(backup).error();
  auto restored = RestoredDefinition(backup->description.source_table, request, context.region,
                                     clock());
  if (!restored) return std::move(restored).error();
  TableDefinition t = *std::move(restored);
  t.restored_from_backup_arn = request.backup_arn;
  t.restored_from_table_arn = backup->description.source_table_arn;
  t.restore_date_time = backup->description.backup_creation_date_time;

  // Under the write mutex throughout: nobody writes to the table before its
  // items and index entries are all there.
  std::lock_guard lock(write_mu_);
  if (catalog_.Find(context.database, t.table_name)) return TableExists(t.table_name);
  storage::WriteBatch batch;
  t.table_id = catalog_.AllocateTableId(batch);
  if (auto s = Commit(batch); !s) return std::move(s).error();
  if (auto s = CopyItems(backup->data_id, t.table_id); !s) return std::move(s).error();
  return FinishRestore(context, std::move(t));
}

Result<TableDefinition> RestoredDefinition(TableDefinition t,
                                           const RestoreTableFromBackupRequest& request,
                                           const std::string& region, double now) {
  // What DynamoDB restores: keys, attributes, indexes, billing, encryption;
  // not streams, Time to Live, tags, deletion protection or the emulated
  // settings; the table class is STANDARD.
  t.table_name = request.target_table_name;
  t.table_uuid = NewTableUuid();
  t.region = region;
  t.creation_date_time = now;
  t.table_status = "ACTIVE";
  t.status_until = 0;
  t.stream_specification.reset();
  t.streams.clear();
  t.latest_stream_label.clear();
  t.ttl_attribute.clear();
  t.tags.clear();
  t.deletion_protection_enabled = false;
  t.contributor_insights.clear();
  t.kinesis_destinations.clear();
  t.resource_policies.clear();
  t.replicas.clear();
  t.point_in_time_recovery = false;
  t.point_in_time_recovery_since = 0;
  t.point_in_time_base_id = 0;
  t.point_in_time_history_id = 0;
  t.table_class = "STANDARD";
  if (request.billing_mode_override) {
    t.billing_mode = *request.billing_mode_override;
    if (t.billing_mode == "PAY_PER_REQUEST") {
      t.provisioned_throughput = {};
      for (auto& index : t.global_secondary_indexes) index.provisioned_throughput.reset();
    }
  }
  if (request.provisioned_throughput_override) {
    t.provisioned_throughput = *request.provisioned_throughput_override;
  }
  if (request.global_secondary_index_override) {
    t.global_secondary_indexes = *request.global_secondary_index_override;
  }
  if (request.local_secondary_index_override) {
    t.local_secondary_indexes = *request.local_secondary_index_override;
  }
  if (request.sse_specification_override) t.sse_specification = *request.sse_specification_override;
  if (request.vector_index_override) t.vector_indexes = *request.vector_index_override;
  if (!t.vector_indexes.empty()) {
    if (auto s = ValidateVectorIndexes(t); !s) return std::move(s).error();
  }
  uint32_t next_index_id = 1;
  for (auto& index : t.global_secondary_indexes) index.index_id = next_index_id++;
  for (auto& index : t.local_secondary_indexes) index.index_id = next_index_id++;
  return t;
}

Status Engine::StageSystemBackup(const RequestContext& context, const TableDefinition& table,
                                 storage::WriteBatch& batch) {
  BackupDescription b;
  const auto created_ms = static_cast<int64_t>(std::llround(clock() * 1000));
  b.backup_creation_date_time = static_cast<double>(created_ms) / 1000;
  b.backup_expiry_date_time = b.backup_creation_date_time + kSystemBackupDays * 86400;
  b.backup_name = table.table_name + "$DeletedTableBackup";
  b.backup_type = "SYSTEM";
  b.source_table = table;
  b.source_table_arn = TableArn(table, context.region);
  b.backup_arn = b.source_table_arn + "/backup/" + NewTimedId(created_ms);
  const uint64_t data_id = catalog_.AllocateTableId(batch);
  const std::string prefix = TablePrefix(table.table_id);
  auto cursor = store_.NewCursor(storage::Space::kItems, prefix, PrefixEnd(prefix));
  if (auto s = CopyItems(*cursor, data_id, &b.item_count, &b.backup_size_bytes); !s) return s;
  batch.Put(storage::Space::kCatalog, BackupPrefix(context.database) + *TimedIdOf(b.backup_arn, "/backup/"),
            EncodeItem(BackupRecord(b, data_id)));
  return {};
}

void Engine::SweepBackups() {
  const double now = clock();
  std::vector<std::pair<std::string, uint64_t>> expired;  // record key, data id
  auto cursor = store_.NewCursor(storage::Space::kCatalog, "B", "C");
  for (cursor->SeekToFirst(); cursor->Valid(); cursor->Next()) {
    std::optional<StoredBackup> backup = BackupFromRecord(cursor->value());
    if (backup && Expired(backup->description, now)) {
      expired.emplace_back(std::string(cursor->key()), backup->data_id);
    }
  }
  if (expired.empty()) return;
  std::lock_guard lock(write_mu_);
  storage::WriteBatch batch;
  for (const auto& [key, data_id] : expired) {
    StageErase(storage::Space::kItems, TablePrefix(data_id), batch);
    batch.Delete(storage::Space::kCatalog, key);
  }
  (void)Commit(batch);
}

Status Engine::CopyItems(uint64_t from_id, uint64_t to_id) {
  const std::string source = TablePrefix(from_id);
  auto cursor = store_.NewCursor(storage::Space::kItems, source, PrefixEnd(source));
  return CopyItems(*cursor, to_id);
}

Status Engine::CopyItems(storage::Cursor& source, uint64_t to_id, int64_t* items,
                         int64_t* bytes) {
  const std::string target = TablePrefix(to_id);
  storage::WriteBatch batch;
  int pending = 0;
  for (source.SeekToFirst(); source.Valid(); source.Next()) {
    std::string key = target;
    key.append(source.key().substr(8));
    batch.Put(storage::Space::kItems, std::move(key), std::string(source.value()));
    if (items) ++*items;
    if (bytes) *bytes += static_cast<int64_t>(source.value().size());
    if (++pending == kCopyBatchItems) {
      if (auto s = Commit(batch); !s) return s;
      batch = storage::WriteBatch();
      pending = 0;
    }
  }
  if (auto s = source.status(); !s) return Error::Internal(s.error().message);
  return Commit(batch);
}

Result<TableResponse> Engine::FinishRestore(const RequestContext& context, TableDefinition t) {
  for (const SecondaryIndex* index : t.AllIndexes()) {
    if (auto s = Backfill(t, *index); !s) return std::move(s).error();
  }
  storage::WriteBatch batch;
  catalog_.StagePut(context.database, t, batch);
  if (auto s = Commit(batch); !s) return std::move(s).error();
  catalog_.CommitPut(context.database, t);
  WarmVectorIndexes(t);
  // DynamoDB answers while the restore is under way: CREATING, nothing in
  // it yet. Here it is already done, and DescribeTable says ACTIVE.
  TableDefinition shown = t;
  shown.table_status = "CREATING";
  TableDescription d = Describe(context, shown);
  d.item_count = 0;
  d.table_size_bytes = 0;
  d.restore_in_progress = true;
  return TableResponse{std::move(d)};
}

Error TableExists(const std::string& name) {
  return {ErrorCode::kTableAlreadyExistsException, "Table already exists: " + name, {}, {}};
}

}  // namespace ddb
