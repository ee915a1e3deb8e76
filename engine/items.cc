// Single-item operations: PutItem, GetItem, DeleteItem.
#include <algorithm>
#include <set>

#include "engine/engine.h"
#include "model/item_codec.h"
#include "engine/item_io.h"
#include "engine/index_entries.h"
#include "engine/item_collections.h"
#include "engine/item_key.h"
#include "engine/read_pages.h"
#include "engine/compiled_expressions.h"
#include "engine/expr/eval.h"

namespace ddb {
namespace {

// Before a PutItem or DeleteItem: reads the stored item when the request
// needs it (its condition, ALL_OLD, capacity, the table's indexes, stream or
// point-in-time history) and checks the condition. REQUIRES: the write mutex
// is held.
template <typename Request>
Result<std::optional<Item>> ReadAndCheck(storage::KvStore& store, const TableDefinition& table,
                                         const std::string& key, const Request& request,
                                         const CompiledExpressions& compiled) {
  std::optional<Item> old;
  if (request.return_values == ReturnValues::kAllOld || compiled.condition ||
      request.return_consumed_capacity != ReturnConsumedCapacity::kNone ||
      !table.AllIndexes().empty() || table.HasOpenStream() || table.point_in_time_recovery) {
    auto read = ReadItem(store, key);
    if (!read) return std::move(read).error();
    old = std::move(*read);
  }
  if (auto s = CheckCondition(compiled, old, request.return_old_item_on_condition_failure); !s) {
    return std::move(s).error();
  }
  return old;
}

}  // namespace

Result<PutItemResponse> Engine::PutItem(const RequestContext& context,
                                        const PutItemRequest& request) {
  if (request.return_values != ReturnValues::kNone &&
      request.return_values != ReturnValues::kAllOld) {
    return Error::Validation("ReturnValues can only be ALL_OLD or NONE");
  }
  auto compiled = CompileExpressions(request.expressions, "ConditionExpression is null");
  if (!compiled) return std::move(compiled).error();
  auto table = FindTable(context, request.table_name);
  if (!table) return std::move(table).error();
  auto key = ItemKeyOfItem(**table, request.item);
  if (!key) return std::move(key).error();
  if (ItemSize(request.item) > kMaxItemBytes) {
    return Error::Validation("Item size has exceeded the maximum allowed size");
  }
  if (NestingDepth(request.item) > kMaxNestingDepth) return Error::NestingTooDeep();
  std::string encoded = EncodeItem(request.item);
  PutItemResponse response;
  std::lock_guard lock(write_mu_);
  if (auto s = Refresh(context, *table); !s) return std::move(s).error();
  if (in_flight_.Holds(*key)) return Error::TransactionConflict();
  auto old = ReadAndCheck(store_, **table, *key, request, *compiled);
  if (!old) return std::move(old).error();
  ItemCollections collections(store_, options_.max_item_collection_bytes);
  if (auto s = collections.Change(**table, *old, request.item); !s) return std::move(s).error();
  storage::WriteBatch batch;
  collections.Stage(batch);
  batch.Put(storage::Space::kItems, *std::move(key), std::move(encoded));
  auto index_writes = StageIndexChanges(**table, *old, request.item, batch);
  StageStreamRecord(**table, *old, request.item, batch);
  if (auto s = Commit(batch); !s) return std::move(s).error();
  response.consumed_capacity =
      WriteCapacity(request.return_consumed_capacity, (*table)->table_name,
                    std::max(ItemSize(request.item), SizeOf(*old)));
  AddIndexWrites(response.consumed_capacity, index_writes);
  auto metrics = CollectionMetrics(store_, request.return_item_collection_metrics, **table,
                                   request.item);
  if (!metrics) return std::move(metrics).error();
  response.item_collection_metrics = *std::move(metrics);
  if (request.return_values == ReturnValues::kAllOld) response.attributes = *std::move(old);
  return response;
}

Result<GetItemResponse> Engine::GetItem(const RequestContext& context,
                                        const GetItemRequest& request) {
  if (request.attributes_to_get) {
    if (auto s = CheckAttributesToGet(*request.attributes_to_get); !s) {
      return std::move(s).error();
    }
  }
  auto compiled = CompileExpressions(request.expressions, "ProjectionExpression is null");
  if (!compiled) return std::move(compiled).error();
  auto table = FindTable(context, request.table_name);
  if (!table) return std::move(table).error();
  auto key = ItemKeyOfKey(**table, request.key);
  if (!key) return std::move(key).error();
  auto stored = ReadStoredItem(store_, *key);
  if (!stored) return std::move(stored).error();
  std::size_t size = 0;  // a missing item reads as the least a read costs
  if (*stored && request.return_consumed_capacity != ReturnConsumedCapacity::kNone) {
    std::optional<std::size_t> sized = StoredItemSize(**stored);
    if (!sized) return Error::Internal("corrupt item record");
    size = *sized;
  }
  GetItemResponse response;
  response.consumed_capacity = ReadCapacity(request.return_consumed_capacity,
                                            (*table)->table_name, size, request.consistent_read);
  if (!*stored) return response;
  if (!request.attributes_to_get && !compiled->projection) {
    // Passed on as stored: the response encoder transcodes it to JSON.
    response.stored_item = *std::move(*stored);
    return response;
  }
  std::optional<Item> item = DecodeItem(**stored);
  if (!item) return Error::Internal("corrupt item record");
  response.item = request.attributes_to_get ? ProjectNames(*item, *request.attributes_to_get)
                                            : expr::Project(*item, *compiled->projection);
  return response;
}

Result<DeleteItemResponse> Engine::DeleteItem(const RequestContext& context,
                                              const DeleteItemRequest& request) {
  if (request.return_values != ReturnValues::kNone &&
      request.return_values != ReturnValues::kAllOld) {
    return Error::Validation("ReturnValues can only be ALL_OLD or NONE");
  }
  auto compiled = CompileExpressions(request.expressions, "ConditionExpression is null");
  if (!compiled) return std::move(compiled).error();
  auto table = FindTable(context, request.table_name);
  if (!table) return std::move(table).error();
  auto key = ItemKeyOfKey(**table, request.key);
  if (!key) return std::move(key).error();
  DeleteItemResponse response;
  std::lock_guard lock(write_mu_);
  if (auto s = Refresh(context, *table); !s) return std::move(s).error();
  if (in_flight_.Holds(*key)) return Error::TransactionConflict();
  auto old = ReadAndCheck(store_, **table, *key, request, *compiled);
  if (!old) return std::move(old).error();
  ItemCollections collections(store_, options_.max_item_collection_bytes);
  if (auto s = collections.Change(**table, *old, std::nullopt); !s) return std::move(s).error();
  storage::WriteBatch batch;
  collections.Stage(batch);
  batch.Delete(storage::Space::kItems, *std::move(key));
  auto index_writes = StageIndexChanges(**table, *old, std::nullopt, batch);
  StageStreamRecord(**table, *old, std::nullopt, batch);
  if (auto s = Commit(batch); !s) return std::move(s).error();
  response.consumed_capacity =
      WriteCapacity(request.return_consumed_capacity, (*table)->table_name, SizeOf(*old));
  AddIndexWrites(response.consumed_capacity, index_writes);
  auto metrics = CollectionMetrics(store_, request.return_item_collection_metrics, **table,
                                   request.key);
  if (!metrics) return std::move(metrics).error();
  response.item_collection_metrics = *std::move(metrics);
  if (request.return_values == ReturnValues::kAllOld) response.attributes = *std::move(old);
  return response;
}

}  // namespace ddb
