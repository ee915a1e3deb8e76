// Point-in-time recovery: UpdateContinuousBackups, DescribeContinuousBackups,
// RestoreTableToPointInTime.
//
// Turning recovery on copies the table's items as they are then (the base,
// under an id of its own in kItems, taken under the write mutex so that no
// write falls between the copy and the first history record) and from then
// on every write that changes an item also stages, in the same atomic batch,
// a history record in kStreams under the table's history id (an id no table
// uses, so it never meets a stream record):
//
//   history_key := history_id:u64 commit_micros:u64 item_key_without_table_id
//   value       := 'P' EncodeItem(new item) | 'D'
//
// commit_micros strictly increases across the store. A restore to time T
// copies the base and replays the records with commit_micros <= T in order.
// What it costs on disk: one copy of the table when recovery is turned on,
// plus each changed item once per write while it stays on (history older
// than the recovery period is not compacted into the base yet). Turning it
// off, or deleting the table, drops both.
#include <algorithm>
#include <cmath>

#include "engine/engine.h"
#include "engine/item_key.h"
#include "engine/key_codec.h"
#include "engine/restore.h"
#include "model/item_codec.h"

namespace ddb {
namespace {

Error TableNotFound(const std::string& name) {
  return {ErrorCode::kTableNotFoundException, "Table not found: " + name, {}, {}};
}

std::string FormatTime(double seconds) {
  char text[64];
  std::snprintf(text, sizeof text, "%.3f", seconds);
  return text;
}

}  // namespace

void Engine::StageHistory(const TableDefinition& table, const std::optional<Item>& old_item,
                          const std::optional<Item>& new_item, storage::WriteBatch& batch) {
  if (!table.point_in_time_recovery || table.point_in_time_history_id == 0) return;
  const Item* any = new_item ? &*new_item : old_item ? &*old_item : nullptr;
  if (any == nullptr) return;
  auto item_key = ItemKeyOfItem(table, *any);
  if (!item_key) return;
  auto micros = static_cast<int64_t>(std::llround(clock() * 1e6));
  micros = std::max(micros, last_history_micros_ + 1);
  last_history_micros_ = micros;
  std::string key = TablePrefix(table.point_in_time_history_id);
  AppendU64(static_cast<uint64_t>(micros), key);
  key.append(std::string_view(*item_key).substr(8));
  batch.Put(storage::Space::kStreams, std::move(key),
            new_item ? "P" + EncodeItem(*new_item) : std::string("D"));
}

Result<ContinuousBackupsResponse> Engine::DescribeContinuousBackups(
    const RequestContext& context, const ContinuousBackupsRequest& request) {
  TablePtr table = Settle(context, catalog_.Find(context.database, request.table_name));
  if (!table) return TableNotFound(request.table_name);
  ContinuousBackupsResponse out;
  out.point_in_time_recovery_enabled = table->point_in_time_recovery;
  out.recovery_period_in_days = table->recovery_period_in_days;
  if (table->point_in_time_recovery) {
    const double now = clock();
    const double window = static_cast<double>(table->recovery_period_in_days) * 86400;
    out.earliest_restorable_date_time =
        std::max(table->point_in_time_recovery_since, now - window);
    out.latest_restorable_date_time = now;
  }
  return out;
}

Result<ContinuousBackupsResponse> Engine::UpdateContinuousBackups(
    const RequestContext& context, const ContinuousBackupsRequest& request) {
  {
    std::lock_guard lock(write_mu_);
    TablePtr current = SettleLocked(context, catalog_.Find(context.database, request.table_name));
    // A table being imported is not there yet (its writes keep no history).
    if (!current || current->table_status == "DELETING" ||
        (current->table_status == "CREATING" && current->status_until == 0)) {
      return TableNotFound(request.table_name);
    }
    TableDefinition t = *current;
    const bool enable = request.point_in_time_recovery_enabled.value_or(false);
    storage::WriteBatch batch;
    if (enable && !t.point_in_time_recovery) {
      // Whole milliseconds, as described: that moment must be restorable.
      t.point_in_time_recovery_since = std::floor(clock() * 1000) / 1000;
      t.point_in_time_base_id = catalog_.AllocateTableId(batch);
      t.point_in_time_history_id = catalog_.AllocateTableId(batch);
    } else if (!enable && t.point_in_time_recovery) {
      StageErase(storage::Space::kItems, TablePrefix(t.point_in_time_base_id), batch);
      StageErase(storage::Space::kStreams, TablePrefix(t.point_in_time_history_id), batch);
      t.point_in_time_base_id = 0;
      t.point_in_time_history_id = 0;
      t.point_in_time_recovery_since = 0;
    }
    const bool started = enable && !t.point_in_time_recovery;
    t.point_in_time_recovery = enable;
    if (request.recovery_period_in_days) t.recovery_period_in_days = *request.recovery_period_in_days;
    catalog_.StagePut(context.database, t, batch);
    if (auto s = Commit(batch); !s) return std::move(s).error();
    catalog_.CommitPut(context.database, t);
    // The base, still under the mutex: every later write has a history record.
    if (started) {
      if (auto s = CopyItems(t.table_id, t.point_in_time_base_id); !s) return std::move(s).error();
    }
  }
  return DescribeContinuousBackups(context, {request.table_name, {}, {}});
}

int64_t Engine::HistoryMicros(double when) const {
  return static_cast<int64_t>(std::floor(when * 1e6));
}

Status Engine::CopyPointInTime(const TableDefinition& source, int64_t until_micros,
                               uint64_t to_id) {
  if (auto s = CopyItems(source.point_in_time_base_id, to_id); !s) return s;
  // Replay the history up to the chosen moment, in commit order.
  const std::string history = TablePrefix(source.point_in_time_history_id);
  std::string end = history;
  AppendU64(static_cast<uint64_t>(until_micros) + 1, end);
  const std::string target = TablePrefix(to_id);
  auto cursor = store_.NewCursor(storage::Space::kStreams, history, end);
  storage::WriteBatch batch;
  int pending = 0;
  for (cursor->SeekToFirst(); cursor->Valid(); cursor->Next()) {
    std::string key = target;
    key.append(cursor->key().substr(16));
    std::string_view value = cursor->value();
    if (!value.empty() && value[0] == 'P') {
      batch.Put(storage::Space::kItems, std::move(key), std::string(value.substr(1)));
    } else {
      batch.Delete(storage::Space::kItems, std::move(key));
    }
    if (++pending == 1000) {
      if (auto s = Commit(batch); !s) return s;
      batch = storage::WriteBatch();
      pending = 0;
    }
  }
  if (auto s = cursor->status(); !s) return Error::Internal(s.error().message);
  return Commit(batch);
}

Result<TableResponse> Engine::RestoreTableToPointInTime(
    const RequestContext& context, const RestoreTableToPointInTimeRequest& request) {
  const std::string source_name = request.source_table_arn
                                      ? TableNameOf(*request.source_table_arn)
                                      : request.source_table_name.value_or("");
  std::lock_guard lock(write_mu_);
  TablePtr source = SettleLocked(context, catalog_.Find(context.database, source_name));
  if (!source || source->table_status == "DELETING") return TableNotFound(source_name);
  if (!source->point_in_time_recovery) {
    return Error{ErrorCode::kPointInTimeRecoveryUnavailableException,
                 "Point in time recovery is not enabled for table '" + source_name + "'", {}, {}};
  }
  const double now = clock();
  const double window = static_cast<double>(source->recovery_period_in_days) * 86400;
  const double earliest = std::max(source->point_in_time_recovery_since, now - window);
  double when = now;
  if (!request.use_latest_restorable_time) {
    if (!request.restore_date_time) {
      return Error::Validation(
          "RestoreDateTime must be specified when UseLatestRestorableTime is false");
    }
    when = *request.restore_date_time;
    if (when < earliest || when > now) {
      return Error{ErrorCode::kInvalidRestoreTimeException,
                   "Restore time must be between " + FormatTime(earliest) + " and " +
                       FormatTime(now),
                   {}, {}};
    }
  }
  if (catalog_.Find(context.database, request.target_table_name)) {
    return TableExists(request.target_table_name);
  }
  auto restored = RestoredDefinition(*source, request, context.region, now);
  if (!restored) return std::move(restored).error();
  TableDefinition t = *std::move(restored);
  t.restored_from_table_arn = TableArn(*source, context.region);
  t.restore_date_time = when;
  storage::WriteBatch batch;
  t.table_id = catalog_.AllocateTableId(batch);
  if (auto s = Commit(batch); !s) return std::move(s).error();
  // The latest restorable time includes every write acknowledged so far,
  // also those whose history time was moved past the clock to keep it
  // strictly increasing.
  int64_t until = HistoryMicros(when);
  if (request.use_latest_restorable_time) until = std::max(until, last_history_micros_);
  if (auto s = CopyPointInTime(*source, until, t.table_id); !s) return std::move(s).error();
  return FinishRestore(context, std::move(t));
}

}  // namespace ddb
