// Single-item operations: PutItem, GetItem, DeleteItem.
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
  if (request.return_values == ReturnValues::kAllOld) {
    auto old = ReadItem(store_, *key);
    if (!old) return std::move(old).error();
    response.attributes = std::move(*old);
  }
  storage::WriteBatch batch;
  batch.Put(storage::Space::kItems, *std::move(key), std::move(encoded));
  if (auto s = Commit(batch); !s) return std::move(s).error();
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
  if (request.return_values == ReturnValues::kAllOld) {
    auto old = ReadItem(store_, *key);
    if (!old) return std::move(old).error();
    response.attributes = std::move(*old);
  }
  storage::WriteBatch batch;
  batch.Delete(storage::Space::kItems, *std::move(key));
  if (auto s = Commit(batch); !s) return std::move(s).error();
  return response;
}

}  // namespace ddb
