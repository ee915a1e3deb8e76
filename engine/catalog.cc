#include "engine/catalog.h"

#include <cstdio>
#include <random>

#include <mutex>

#include "model/item_codec.h"
#include "engine/key_codec.h"

namespace ddb {
namespace {

constexpr char kTablePrefix = 'T';
constexpr char kRetiredPrefix = 'D';
const std::string kNextIdKey = "N";

std::string TableKey(const std::string& database, const std::string& table_name) {
  std::string key(1, kTablePrefix);
  key += database;
  key += '\0';
  key += table_name;
  return key;
}

std::string RetiredKey(const std::string& database, uint64_t table_id) {
  std::string key(1, kRetiredPrefix);
  key += database;
  key += '\0';
  AppendU64(table_id, key);
  return key;
}

}  // namespace

Status Catalog::Load() {
  std::unique_lock lock(mu_);
  auto next = store_.Get(storage::Space::kCatalog, kNextIdKey);
  if (!next) return Error::Internal(next.error().message);
  if (*next && (*next)->size() == 8) next_id_ = ReadU64(**next);
  std::string lower(1, kTablePrefix);
  auto cursor = store_.NewCursor(storage::Space::kCatalog, lower, PrefixEnd(lower));
  for (cursor->SeekToFirst(); cursor->Valid(); cursor->Next()) {
    std::string_view key = cursor->key().substr(1);
    std::size_t zero = key.find('\0');
    std::optional<Item> record = DecodeItem(cursor->value());
    std::optional<TableDefinition> table;
    if (record) table = TableFromRecord(*record);
    if (zero == std::string_view::npos || !table) {
      return Error::Internal("corrupt catalog record: " + std::string(key));
    }
    Key catalog_key{std::string(key.substr(0, zero)), table->table_name};
    tables_[std::move(catalog_key)] = std::make_shared<const TableDefinition>(std::move(*table));
  }
  if (auto s = cursor->status(); !s) return Error::Internal(s.error().message);
  std::string retired(1, kRetiredPrefix);
  cursor = store_.NewCursor(storage::Space::kCatalog, retired, PrefixEnd(retired));
  for (cursor->SeekToFirst(); cursor->Valid(); cursor->Next()) {
    std::string_view key = cursor->key().substr(1);
    std::size_t zero = key.find('\0');
    std::optional<Item> record = DecodeItem(cursor->value());
    std::optional<TableDefinition> table;
    if (record) table = TableFromRecord(*record);
    if (zero == std::string_view::npos || !table) {
      return Error::Internal("corrupt catalog record of a deleted table");
    }
    retired_[{std::string(key.substr(0, zero)), table->table_id}] =
        std::make_shared<const TableDefinition>(std::move(*table));
  }
  if (auto s = cursor->status(); !s) return Error::Internal(s.error().message);
  return {};
}

std::string NewTableUuid() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  const char* hex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) out += '-';
    out += hex[random() & 0xF];
  }
  return out;
}

std::string NewTimedId(int64_t start_ms) {
  static thread_local std::mt19937 random{std::random_device{}()};
  char id[32];
  std::snprintf(id, sizeof id, "%014lld-%08x", static_cast<long long>(start_ms),
                static_cast<unsigned>(random()));
  return id;
}

std::optional<std::string> TimedIdOf(const std::string& arn, std::string_view kind) {
  std::size_t at = arn.rfind(kind);
  if (!arn.starts_with("arn:") || at == std::string::npos) return std::nullopt;
  std::string id = arn.substr(at + kind.size());
  if (id.size() != 23 || id[14] != '-') return std::nullopt;
  return id;
}

std::string TableArn(const TableDefinition& table, const std::string& region) {
  return "arn:aws:dynamodb:" + (table.region.empty() ? region : table.region) +
         ":" + std::string(kAccountId) + ":table/" + table.table_name;
}

std::string TableNameOf(const std::string& name_or_arn) {
  // "arn:aws:dynamodb:<region>:<account>:table/<name>[/...]"
  if (!name_or_arn.starts_with("arn:")) return name_or_arn;
  std::size_t at = name_or_arn.find(":table/");
  if (at == std::string::npos) return name_or_arn;
  std::string name = name_or_arn.substr(at + 7);
  return name.substr(0, name.find('/'));
}

TablePtr Catalog::Find(const std::string& database, const std::string& table_name) const {
  std::shared_lock lock(mu_);
  auto it = tables_.find({database, TableNameOf(table_name)});
  return it == tables_.end() ? nullptr : it->second;
}

std::vector<std::pair<std::string, TablePtr>> Catalog::All() const {
  std::shared_lock lock(mu_);
  std::vector<std::pair<std::string, TablePtr>> out;
  for (const auto& [key, table] : tables_) out.emplace_back(key.first, table);
  return out;
}

std::vector<TablePtr> Catalog::List(const std::string& database) const {
  std::shared_lock lock(mu_);
  std::vector<TablePtr> out;
  for (auto it = tables_.lower_bound({database, ""});
       it != tables_.end() && it->first.first == database; ++it) {
    out.push_back(it->second);
  }
  return out;
}

uint64_t Catalog::AllocateTableId(storage::WriteBatch& batch) {
  std::unique_lock lock(mu_);
  uint64_t id = next_id_++;
  batch.Put(storage::Space::kCatalog, kNextIdKey, TablePrefix(next_id_));
  return id;
}

void Catalog::StagePut(const std::string& database, const TableDefinition& table,
                       storage::WriteBatch& batch) const {
  batch.Put(storage::Space::kCatalog, TableKey(database, table.table_name),
            EncodeItem(TableRecord(table)));
}

void Catalog::StageRemove(const std::string& database, const std::string& table_name,
                          storage::WriteBatch& batch) const {
  batch.Delete(storage::Space::kCatalog, TableKey(database, table_name));
}

void Catalog::CommitPut(const std::string& database, TableDefinition table) {
  std::unique_lock lock(mu_);
  std::string name = table.table_name;
  tables_[{database, std::move(name)}] = std::make_shared<const TableDefinition>(std::move(table));
}

void Catalog::CommitRemove(const std::string& database, const std::string& table_name) {
  std::unique_lock lock(mu_);
  tables_.erase({database, table_name});
}

void Catalog::StageRetire(const std::string& database, const TableDefinition& table,
                          storage::WriteBatch& batch) const {
  batch.Put(storage::Space::kCatalog, RetiredKey(database, table.table_id),
            EncodeItem(TableRecord(table)));
}

void Catalog::StageForget(const std::string& database, uint64_t table_id,
                          storage::WriteBatch& batch) const {
  batch.Delete(storage::Space::kCatalog, RetiredKey(database, table_id));
}

void Catalog::CommitRetire(const std::string& database, TableDefinition table) {
  std::unique_lock lock(mu_);
  uint64_t id = table.table_id;
  retired_[{database, id}] = std::make_shared<const TableDefinition>(std::move(table));
}

void Catalog::CommitForget(const std::string& database, uint64_t table_id) {
  std::unique_lock lock(mu_);
  retired_.erase({database, table_id});
}

std::vector<TablePtr> Catalog::Retired(const std::string& database) const {
  std::shared_lock lock(mu_);
  std::vector<TablePtr> out;
  for (auto it = retired_.lower_bound({database, 0});
       it != retired_.end() && it->first.first == database; ++it) {
    out.push_back(it->second);
  }
  return out;
}

std::vector<std::pair<std::string, TablePtr>> Catalog::AllRetired() const {
  std::shared_lock lock(mu_);
  std::vector<std::pair<std::string, TablePtr>> out;
  for (const auto& [key, table] : retired_) out.emplace_back(key.first, table);
  return out;
}

}  // namespace ddb
