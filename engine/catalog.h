// engine/catalog.h
//
// Catalog: which tables exist in which database, and their definitions. The
// records live in storage (Space::kCatalog) and a copy of all of them is kept
// in memory, loaded once at start-up, because every request looks one up.
//
// Records (key -> value):
//
//   "T" database 0x00 table_name  -> EncodeItem(TableRecord(definition))
//   "N"                           -> next_table_id:u64
//   "D" database 0x00 table_id:u64 -> EncodeItem(TableRecord(definition))
//   "B" database 0x00 backup_id    -> a backup's description (engine/backups.cc)
//   "X" database 0x00 export_id    -> an export's description (engine/exports.cc)
//   "I" database 0x00 import_id    -> an import's description (engine/imports.cc)
//
// A "D" record is a deleted table whose streams DynamoDB keeps readable
// (DISABLED) for 24 hours after the deletion; its stream records stay in
// storage until then.
//
// A database is what DynamoDB Local calls one: an access key id + region, or
// the shared one. Table ids are global and never reused, so a re-created
// table never sees its predecessor's items.
//
// Thread-safety: Find and List may run concurrently with anything. Changes
// (Stage + Commit) must be serialized by the caller (Engine's write mutex).
#pragma once

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "model/error.h"
#include "model/table.h"
#include "storage/kv_store.h"

namespace ddb {

// A shared, immutable snapshot of one table's definition. Shared because a
// request may hold it while another replaces it in the catalog.
using TablePtr = std::shared_ptr<const TableDefinition>;

class Catalog {
 public:
  // `store` must outlive the catalog.
  explicit Catalog(storage::KvStore& store) : store_(store) {}

  // Reads every record. Fails on storage errors or corrupt records.
  Status Load();

  // The table named by a name or by its ARN (operations that take a
  // TableName also accept the table's ARN), or nullptr.
  TablePtr Find(const std::string& database, const std::string& table_name) const;
  // Every table of a database, by name.
  std::vector<TablePtr> List(const std::string& database) const;
  // Every table of every database, with its database.
  std::vector<std::pair<std::string, TablePtr>> All() const;

  // Assigns the next table id, staging the new counter into `batch`.
  uint64_t AllocateTableId(storage::WriteBatch& batch);

  // Stages writing / removing a record into `batch`. Call Commit* after the
  // batch was written successfully to update the in-memory copy.
  void StagePut(const std::string& database, const TableDefinition& table,
                storage::WriteBatch& batch) const;
  void StageRemove(const std::string& database, const std::string& table_name,
                   storage::WriteBatch& batch) const;
  void CommitPut(const std::string& database, TableDefinition table);
  void CommitRemove(const std::string& database, const std::string& table_name);

  // Deleted tables whose streams are still kept: stage, then commit.
  void StageRetire(const std::string& database, const TableDefinition& table,
                   storage::WriteBatch& batch) const;
  void StageForget(const std::string& database, uint64_t table_id,
                   storage::WriteBatch& batch) const;
  void CommitRetire(const std::string& database, TableDefinition table);
  void CommitForget(const std::string& database, uint64_t table_id);
  std::vector<TablePtr> Retired(const std::string& database) const;
  std::vector<std::pair<std::string, TablePtr>> AllRetired() const;

 private:
  using Key = std::pair<std::string, std::string>;  // database, table name

  storage::KvStore& store_;
  mutable std::shared_mutex mu_;  // guards tables_ and next_id_
  std::map<Key, TablePtr> tables_;
  std::map<std::pair<std::string, uint64_t>, TablePtr> retired_;  // database, table id
  uint64_t next_id_ = 1;
};

// The account every local ARN names.
inline constexpr std::string_view kAccountId = "000000000000";

// A table's ARN; `region` when the table's own is not recorded.
std::string TableArn(const TableDefinition& table, const std::string& region);

// The id in the ARNs of backups, exports and imports: the start in epoch
// milliseconds, 14 digits, '-', 8 random hex digits ("01768385930622-efd1a093").
std::string NewTimedId(int64_t start_ms);
// The id of such an ARN, ".../<kind><id>" with kind "/backup/", "/export/" or
// "/import/"; nullopt when it has none.
std::optional<std::string> TimedIdOf(const std::string& arn, std::string_view kind);

// A new random TableId (DescribeTable's), in UUID form.
std::string NewTableUuid();

// "tab" for "tab" and for "arn:aws:dynamodb:us-east-1:000000000000:table/tab".
std::string TableNameOf(const std::string& name_or_arn);

// The catalog record of a table as an Item, and back (engine/table_record.cc).
Item TableRecord(const TableDefinition& table);
std::optional<TableDefinition> TableFromRecord(const Item& record);

}  // namespace ddb
