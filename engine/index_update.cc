// UpdateTable's GlobalSecondaryIndexUpdates: creating a global index (its
// entries written for every existing item before it is listed), deleting one
// (its entries removed with the catalog change), changing its throughput.
#include <algorithm>

#include "engine/engine.h"
#include "engine/index_entries.h"
#include "model/item_codec.h"
#include "engine/key_codec.h"
#include "engine/table_validation.h"

namespace ddb {
namespace {

// Items per backfill batch: bounds the memory of one WriteBatch.
constexpr int kBackfillBatchItems = 1000;

SecondaryIndex* FindGlobal(TableDefinition& table, const std::string& name) {
  for (auto& index : table.global_secondary_indexes) {
    if (index.index_name == name) return &index;
  }
  return nullptr;
}

bool Exists(const TableDefinition& table, const std::string& name) {
  for (const SecondaryIndex* index : table.AllIndexes()) {
    if (index->index_name == name) return true;
  }
  return false;
}

uint32_t NextIndexId(const TableDefinition& table) {
  uint32_t id = 0;
  for (const SecondaryIndex* index : table.AllIndexes()) id = std::max(id, index->index_id);
  return id + 1;
}

// DynamoDB keeps only the definitions some key schema uses.
void DropUnusedDefinitions(TableDefinition& table) {
  auto used = [&table](const std::string& name) {
    auto in = [&name](const KeySchema& schema) {
      return std::any_of(schema.begin(), schema.end(),
                         [&name](const KeySchemaElement& k) { return k.attribute_name == name; });
    };
    if (in(table.key_schema)) return true;
    for (const SecondaryIndex* index : table.AllIndexes()) {
      if (in(index->key_schema)) return true;
    }
    return false;
  };
  auto& defs = table.attribute_definitions;
  defs.erase(std::remove_if(defs.begin(), defs.end(),
                            [&](const AttributeDefinition& d) { return !used(d.attribute_name); }),
             defs.end());
}

}  // namespace

Status Engine::UpdateGlobalIndexes(const UpdateTableRequest& request, TableDefinition& table,
                                   storage::WriteBatch& batch) {
  std::vector<const SecondaryIndex*> created;
  for (const auto& update : request.global_secondary_index_updates) {
    const std::string& name = update.index.index_name;
    using Kind = GlobalSecondaryIndexUpdate::Kind;
    if (update.kind == Kind::kCreate) {
      if (Exists(table, name)) {
        return Error::Validation("Attempting to create an index which already exists");
      }
      for (const auto& d : request.attribute_definitions) {
        if (!table.AttributeType(d.attribute_name)) table.attribute_definitions.push_back(d);
      }
      SecondaryIndex index = update.index;
      index.index_id = NextIndexId(table);
      table.global_secondary_indexes.push_back(std::move(index));
      continue;
    }
    SecondaryIndex* index = FindGlobal(table, name);
    if (!index) return Error::ResourceNotFound("Requested resource not found");
    if (update.kind == Kind::kUpdate) {
      index->provisioned_throughput = update.index.provisioned_throughput;
      continue;
    }
    std::string prefix = IndexPrefix(table.table_id, index->index_id);
    StageErase(storage::Space::kIndexes, prefix, batch);
    table.global_secondary_indexes.erase(table.global_secondary_indexes.begin() +
                                         (index - table.global_secondary_indexes.data()));
  }
  DropUnusedDefinitions(table);
  if (auto s = ValidateTableIndexes(table); !s) return s;
  // Entries of the new indexes exist before the catalog lists them.
  for (const auto& update : request.global_secondary_index_updates) {
    if (update.kind != GlobalSecondaryIndexUpdate::Kind::kCreate) continue;
    if (auto s = Backfill(table, *FindGlobal(table, update.index.index_name)); !s) return s;
  }
  return {};
}

// Writes the entries of `index` for every item of the table, in batches;
// items whose index key has the wrong type (or is empty) are left out, as
// DynamoDB does.
// REQUIRES: the write mutex is held.
Status Engine::Backfill(const TableDefinition& table, const SecondaryIndex& index) {
  std::string prefix = IndexPrefix(table.table_id, index.index_id);
  storage::WriteBatch batch;
  StageErase(storage::Space::kIndexes, prefix, batch);  // a crash's leftovers
  std::string items = TablePrefix(table.table_id);
  auto cursor = store_.NewCursor(storage::Space::kItems, items, PrefixEnd(items));
  int pending = 0;
  for (cursor->SeekToFirst(); cursor->Valid(); cursor->Next()) {
    std::optional<Item> item = DecodeItem(cursor->value());
    if (!item) return Error::Internal("corrupt item record");
    bool typed = std::all_of(index.key_schema.begin(), index.key_schema.end(), [&](const auto& k) {
      auto it = item->find(k.attribute_name);
      if (it == item->end()) return true;
      const AttributeValue& v = it->second;
      bool empty = (v.type() == Type::kS && v.s().empty()) ||
                   (v.type() == Type::kB && v.b().bytes.empty());
      return !empty && v.type() == table.AttributeType(k.attribute_name).value_or(Type::kS);
    });
    if (!typed) continue;
    StageIndexEntry(table, index, std::nullopt, item, batch);
    if (++pending == kBackfillBatchItems) {
      if (auto s = Commit(batch); !s) return s;
      batch = storage::WriteBatch();
      pending = 0;
    }
  }
  if (auto s = cursor->status(); !s) return Error::Internal(s.error().message);
  return Commit(batch);
}

}  // namespace ddb
