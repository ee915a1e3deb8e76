#include "engine/index_entries.h"

#include <algorithm>

#include "model/item_codec.h"
#include "engine/item_io.h"
#include "engine/key_codec.h"
#include "engine/vector_indexes.h"

namespace ddb {
namespace {

bool AppendKeys(const KeySchema& schema, const Item& item, std::string& out) {
  for (const auto& k : schema) {
    auto it = item.find(k.attribute_name);
    if (it == item.end()) return false;
    Type t = it->second.type();
    if (t != Type::kS && t != Type::kN && t != Type::kB) return false;
    AppendKeyValue(it->second, out);
  }
  return true;
}

void CopyAttribute(const Item& item, const std::string& name, Item& out) {
  auto it = item.find(name);
  if (it != item.end()) out.emplace(it->first, it->second);
}

}  // namespace

std::string IndexPrefix(uint64_t table_id, uint32_t index_id) {
  std::string out = TablePrefix(table_id);
  for (int shift = 24; shift >= 0; shift -= 8) {
    out += static_cast<char>(static_cast<uint8_t>(index_id >> shift));
  }
  return out;
}

std::optional<std::string> IndexEntryKey(const TableDefinition& table,
                                         const SecondaryIndex& index, const Item& item) {
  std::string key = IndexPrefix(table.table_id, index.index_id);
  if (!AppendKeys(index.key_schema, item, key)) return std::nullopt;
  if (!AppendKeys(table.key_schema, item, key)) return std::nullopt;
  return key;
}

Item IndexProjection(const TableDefinition& table, const SecondaryIndex& index, const Item& item) {
  if (index.projection.projection_type == "ALL") return item;
  Item out;
  for (const auto& k : table.key_schema) CopyAttribute(item, k.attribute_name, out);
  for (const auto& k : index.key_schema) CopyAttribute(item, k.attribute_name, out);
  for (const auto& name : index.projection.non_key_attributes) CopyAttribute(item, name, out);
  return out;
}

double StageIndexEntry(const TableDefinition& table, const SecondaryIndex& index,
                       const std::optional<Item>& old, const std::optional<Item>& now,
                       storage::WriteBatch& batch) {
  std::optional<std::string> old_key, new_key;
  std::optional<Item> old_entry, new_entry;
  if (old && (old_key = IndexEntryKey(table, index, *old))) {
    old_entry = IndexProjection(table, index, *old);
  }
  if (now && (new_key = IndexEntryKey(table, index, *now))) {
    new_entry = IndexProjection(table, index, *now);
  }
  double units = 0;
  if (old_key && old_key != new_key) {
    batch.Delete(storage::Space::kIndexes, *std::move(old_key));
    units += WriteUnits(ItemSize(*old_entry));
    old_entry.reset();
  }
  if (new_key && old_entry != new_entry) {
    std::size_t bytes = ItemSize(*new_entry);
    if (old_entry) bytes = std::max(bytes, ItemSize(*old_entry));
    batch.Put(storage::Space::kIndexes, *std::move(new_key), EncodeItem(*new_entry));
    units += WriteUnits(bytes);
  }
  return units;
}

std::vector<IndexWrite> StageIndexChanges(const TableDefinition& table,
                                          const std::optional<Item>& old,
                                          const std::optional<Item>& now,
                                          storage::WriteBatch& batch) {
  std::vector<IndexWrite> writes;
  for (const auto& index : table.global_secondary_indexes) {
    double units = StageIndexEntry(table, index, old, now, batch);
    if (units > 0) writes.push_back({&index, true, units});
  }
  for (const auto& index : table.local_secondary_indexes) {
    double units = StageIndexEntry(table, index, old, now, batch);
    if (units > 0) writes.push_back({&index, false, units});
  }
  // Vector indexes keep no entries of their own (vector_indexes.h), but
  // DynamoDB reports what each one's copy of the item cost.
  for (const auto& index : table.vector_indexes) {
    if (auto bytes = VectorWriteBytes(table, index, old, now)) {
      writes.push_back({nullptr, false, 0, &index, *bytes});
    }
  }
  return writes;
}

}  // namespace ddb
