// Single-item operations: PutItem, GetItem, DeleteItem.
#include <algorithm>
#include <set>

#include "engine/engine.h"
#include "engine/item_codec.h"
#include "engine/item_key.h"

namespace ddb {
namespace {

Result<std::optional<Item>> ReadItem(storage::KvStore& store, const std::string& key) {
  auto stored = store.Get(storage::Space::kItems, key);
  if (!stored) return Error::Internal(stored.error().message);
  if (!*stored) return std::optional<Item>();
  std::optional<Item> item = DecodeItem(**stored);
  if (!item) return Error::Internal("corrupt item record");
  return item;
}

Item Project(const Item& item, const std::vector<std::string>& names) {
  Item out;
  for (const auto& name : names) {
    auto it = item.find(name);
    if (it != item.end()) out.emplace(it->first, it->second);
  }
  return out;
}

// DynamoDB's capacity rules: a write costs 1 unit per KB of the larger of the
// old and new item, a read 1 unit per 4 KB (half when eventually consistent);
// never less than one unit (or half a unit).
std::optional<ConsumedCapacity> WriteCapacity(ReturnConsumedCapacity mode,
                                              const std::string& table_name, std::size_t bytes) {
  if (mode == ReturnConsumedCapacity::kNone) return std::nullopt;
  double units = static_cast<double>(std::max<std::size_t>(1, (bytes + 1023) / 1024));
  return ConsumedCapacity{table_name, units, mode == ReturnConsumedCapacity::kIndexes};
}

std::optional<ConsumedCapacity> ReadCapacity(ReturnConsumedCapacity mode,
                                             const std::string& table_name, std::size_t bytes,
                                             bool consistent) {
  if (mode == ReturnConsumedCapacity::kNone) return std::nullopt;
  double units = static_cast<double>(std::max<std::size_t>(1, (bytes + 4095) / 4096));
  if (!consistent) units /= 2;
  return ConsumedCapacity{table_name, units, mode == ReturnConsumedCapacity::kIndexes};
}

// DynamoDB reports item collections only for tables with local secondary
// indexes, where a partition's size is limited.
std::optional<ItemCollectionMetrics> CollectionMetrics(bool requested,
                                                       const TableDefinition& table,
                                                       const Item& item) {
  if (!requested || table.local_secondary_indexes.empty()) return std::nullopt;
  ItemCollectionMetrics metrics;
  const KeySchemaElement* hash = table.Key(KeyType::kHash);
  auto it = item.find(hash->attribute_name);
  if (it != item.end()) metrics.item_collection_key.emplace(it->first, it->second);
  return metrics;
}

std::size_t SizeOf(const std::optional<Item>& item) { return item ? ItemSize(*item) : 0; }

Status CheckAttributesToGet(const std::vector<std::string>& names) {
  std::set<std::string_view> seen;
  for (const auto& name : names) {
    if (!seen.insert(name).second) {
      return Error::InvalidParameter("Duplicate value in attribute name: " + name);
    }
  }
  return {};
}

}  // namespace

Result<PutItemResponse> Engine::PutItem(const RequestContext& context,
                                        const PutItemRequest& request) {
  if (request.return_values != ReturnValues::kNone &&
      request.return_values != ReturnValues::kAllOld) {
    return Error::Validation("ReturnValues can only be ALL_OLD or NONE");
  }
  auto table = FindTable(context, request.table_name);
  if (!table) return std::move(table).error();
  auto key = ItemKeyOfItem(**table, request.item);
  if (!key) return std::move(key).error();
  if (ItemSize(request.item) > kMaxItemBytes) {
    return Error::Validation("Item size has exceeded the maximum allowed size");
  }
  std::string encoded = EncodeItem(request.item);
  PutItemResponse response;
  std::lock_guard lock(write_mu_);
  std::optional<Item> old;
  if (request.return_values == ReturnValues::kAllOld ||
      request.return_consumed_capacity != ReturnConsumedCapacity::kNone) {
    auto read = ReadItem(store_, *key);
    if (!read) return std::move(read).error();
    old = std::move(*read);
  }
  storage::WriteBatch batch;
  batch.Put(storage::Space::kItems, *std::move(key), std::move(encoded));
  if (auto s = Commit(batch); !s) return std::move(s).error();
  response.consumed_capacity =
      WriteCapacity(request.return_consumed_capacity, (*table)->table_name,
                    std::max(ItemSize(request.item), SizeOf(old)));
  response.item_collection_metrics =
      CollectionMetrics(request.return_item_collection_metrics, **table, request.item);
  if (request.return_values == ReturnValues::kAllOld) response.attributes = std::move(old);
  return response;
}

Result<GetItemResponse> Engine::GetItem(const RequestContext& context,
                                        const GetItemRequest& request) {
  if (request.attributes_to_get) {
    if (auto s = CheckAttributesToGet(*request.attributes_to_get); !s) {
      return std::move(s).error();
    }
  }
  auto table = FindTable(context, request.table_name);
  if (!table) return std::move(table).error();
  auto key = ItemKeyOfKey(**table, request.key);
  if (!key) return std::move(key).error();
  auto item = ReadItem(store_, *key);
  if (!item) return std::move(item).error();
  GetItemResponse response;
  response.consumed_capacity = ReadCapacity(request.return_consumed_capacity,
                                            (*table)->table_name, SizeOf(*item),
                                            request.consistent_read);
  if (*item && request.attributes_to_get) {
    response.item = Project(**item, *request.attributes_to_get);
  } else {
    response.item = std::move(*item);
  }
  return response;
}

Result<DeleteItemResponse> Engine::DeleteItem(const RequestContext& context,
                                              const DeleteItemRequest& request) {
  if (request.return_values != ReturnValues::kNone &&
      request.return_values != ReturnValues::kAllOld) {
    return Error::Validation("ReturnValues can only be ALL_OLD or NONE");
  }
  auto table = FindTable(context, request.table_name);
  if (!table) return std::move(table).error();
  auto key = ItemKeyOfKey(**table, request.key);
  if (!key) return std::move(key).error();
  DeleteItemResponse response;
  std::lock_guard lock(write_mu_);
  std::optional<Item> old;
  if (request.return_values == ReturnValues::kAllOld ||
      request.return_consumed_capacity != ReturnConsumedCapacity::kNone) {
    auto read = ReadItem(store_, *key);
    if (!read) return std::move(read).error();
    old = std::move(*read);
  }
  storage::WriteBatch batch;
  batch.Delete(storage::Space::kItems, *std::move(key));
  if (auto s = Commit(batch); !s) return std::move(s).error();
  response.consumed_capacity =
      WriteCapacity(request.return_consumed_capacity, (*table)->table_name, SizeOf(old));
  response.item_collection_metrics =
      CollectionMetrics(request.return_item_collection_metrics, **table, request.key);
  if (request.return_values == ReturnValues::kAllOld) response.attributes = std::move(old);
  return response;
}

}  // namespace ddb
