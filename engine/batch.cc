// BatchGetItem and BatchWriteItem: many single-item reads, or puts and
// deletes, in one request. Every part is validated before anything is read
// or written; a BatchWriteItem's writes go into storage as one batch.
#include <set>

#include "engine/compiled_expressions.h"
#include "engine/engine.h"
#include "engine/expr/eval.h"
#include "engine/index_entries.h"
#include "engine/item_collections.h"
#include "engine/item_io.h"
#include "engine/item_key.h"
#include "engine/read_pages.h"
#include "model/item_codec.h"

namespace ddb {
namespace {

// DynamoDB's limits (API reference): 100 keys per BatchGetItem, 16 MB of
// items per answer (the rest is UnprocessedKeys).
constexpr std::size_t kMaxBatchGetKeys = 100;
constexpr std::size_t kMaxBatchGetBytes = 16 * 1024 * 1024;

const Error kDuplicateKeys =
    Error::Validation("Provided list of item keys contains duplicates");

struct TableGet {
  TablePtr table;
  CompiledExpressions compiled;
  std::vector<std::string> keys;  // storage keys, in request order
};

}  // namespace

Result<BatchGetItemResponse> Engine::BatchGetItem(const RequestContext& context,
                                                  const BatchGetItemRequest& request) {
  std::size_t total_keys = 0;
  for (const auto& [name, part] : request.request_items) total_keys += part.keys.size();
  if (total_keys > kMaxBatchGetKeys) {
    return Error::Validation("Too many items requested for the BatchGetItem call");
  }
  // What needs no table first (DynamoDB's order): expressions, duplicates.
  std::vector<TableGet> gets;
  for (const auto& [name, part] : request.request_items) {
    TableGet get;
    if (part.attributes_to_get) {
      if (auto s = CheckAttributesToGet(*part.attributes_to_get); !s) return std::move(s).error();
    }
    auto compiled = CompileExpressions(part.expressions, "");
    if (!compiled) return std::move(compiled).error();
    get.compiled = *std::move(compiled);
    for (std::size_t i = 0; i < part.keys.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (part.keys[i] == part.keys[j]) return kDuplicateKeys;
      }
    }
    gets.push_back(std::move(get));
  }
  for (std::size_t t = 0; t < gets.size(); ++t) {
    const auto& [name, part] = request.request_items[t];
    auto table = FindTable(context, name);
    if (!table) return std::move(table).error();
    gets[t].table = *table;
    for (const Item& key : part.keys) {
      auto storage_key = ItemKeyOfKey(**table, key);
      if (!storage_key) return std::move(storage_key).error();
      gets[t].keys.push_back(*std::move(storage_key));
    }
  }
  BatchGetItemResponse response;
  std::size_t answered = 0;
  for (std::size_t t = 0; t < gets.size(); ++t) {
    const auto& [name, part] = request.request_items[t];
    const TableGet& get = gets[t];
    std::vector<Item> found;
    KeysAndAttributes unprocessed;
    double units = 0;
    for (std::size_t k = 0; k < get.keys.size(); ++k) {
      if (answered >= kMaxBatchGetBytes) {
        unprocessed.keys.push_back(part.keys[k]);
        continue;
      }
      auto item = ReadItem(store_, get.keys[k]);
      if (!item) return std::move(item).error();
      // Each item of a batch is rounded up on its own.
      units += ReadUnits(SizeOf(*item), part.consistent_read);
      if (!*item) continue;
      answered += ItemSize(**item);
      if (part.attributes_to_get) {
        found.push_back(ProjectNames(**item, *part.attributes_to_get));
      } else if (get.compiled.projection) {
        found.push_back(expr::Project(**item, *get.compiled.projection));
      } else {
        found.push_back(**std::move(item));
      }
    }
    response.responses.emplace_back(get.table->table_name, std::move(found));
    if (!unprocessed.keys.empty()) {
      unprocessed.consistent_read = part.consistent_read;
      unprocessed.attributes_to_get = part.attributes_to_get;
      unprocessed.expressions = part.expressions;
      response.unprocessed_keys.emplace_back(name, std::move(unprocessed));
    }
    if (request.return_consumed_capacity != ReturnConsumedCapacity::kNone) {
      bool by_index = request.return_consumed_capacity == ReturnConsumedCapacity::kIndexes;
      response.consumed_capacity.push_back(
          ConsumedCapacity{get.table->table_name, units, by_index, units});
    }
  }
  return response;
}

namespace {

struct TableWrite {
  TablePtr table;
  std::vector<std::string> keys;      // storage keys, in request order
  std::vector<std::string> encoded;   // puts: the encoded item
  std::vector<bool> deferred;         // left unprocessed: a transaction holds the item
};

}  // namespace

Result<BatchWriteItemResponse> Engine::BatchWriteItem(const RequestContext& context,
                                                      const BatchWriteItemRequest& request) {
  // DynamoDB's order: item sizes, then per table the table, the keys, and
  // duplicates.
  for (const auto& [name, list] : request.request_items) {
    for (const WriteRequest& w : list) {
      if (w.put && ItemSize(w.item) > kMaxItemBytes) {
        return Error::Validation("Item size has exceeded the maximum allowed size");
      }
    }
  }
  std::vector<TableWrite> writes;
  for (const auto& [name, list] : request.request_items) {
    TableWrite write;
    auto table = FindTable(context, name);
    if (!table) return std::move(table).error();
    write.table = *table;
    std::set<std::string> seen;
    for (const WriteRequest& w : list) {
      // A put names its key inside the item; either way a key that does not
      // fit the schema has the one message here.
      auto key = ItemKeyOfKey(**table, w.put ? KeyOf(**table, w.item) : w.item);
      if (!key) return std::move(key).error();
      if (w.put) {
        if (auto checked = ItemKeyOfItem(**table, w.item); !checked) {
          return std::move(checked).error();
        }
      }
      if (!seen.insert(*key).second) return kDuplicateKeys;
      write.encoded.push_back(w.put ? EncodeItem(w.item) : std::string());
      write.keys.push_back(*std::move(key));
    }
    writes.push_back(std::move(write));
  }
  BatchWriteItemResponse response;
  std::lock_guard lock(write_mu_);
  for (TableWrite& write : writes) {
    if (auto s = Refresh(context, write.table); !s) return std::move(s).error();
  }
  storage::WriteBatch batch;
  ItemCollections collections(store_, options_.max_item_collection_bytes);
  std::vector<ConsumedCapacity> capacities;
  for (std::size_t t = 0; t < writes.size(); ++t) {
    const auto& list = request.request_items[t].second;
    TableWrite& write = writes[t];
    ConsumedCapacity capacity{write.table->table_name, 0,
                              request.return_consumed_capacity == ReturnConsumedCapacity::kIndexes,
                              0};
    write.deferred.assign(list.size(), false);
    std::vector<WriteRequest> unprocessed;
    for (std::size_t i = 0; i < list.size(); ++i) {
      // As DynamoDB does with a write it cannot do now: the caller retries it.
      if (in_flight_.Holds(write.keys[i])) {
        write.deferred[i] = true;
        unprocessed.push_back(list[i]);
        continue;
      }
      auto old = ReadItem(store_, write.keys[i]);
      if (!old) return std::move(old).error();
      std::optional<Item> now;
      if (list[i].put) now = list[i].item;
      if (auto s = collections.Change(*write.table, *old, now); !s) return std::move(s).error();
      if (list[i].put) {
        batch.Put(storage::Space::kItems, write.keys[i], std::move(write.encoded[i]));
      } else {
        batch.Delete(storage::Space::kItems, write.keys[i]);
      }
      auto index_writes = StageIndexChanges(*write.table, *old, now, batch);
      StageStreamRecord(*write.table, *old, now, batch);
      double units = WriteUnits(std::max(SizeOf(now), SizeOf(*old)));
      capacity.capacity_units += units;
      capacity.table_units += units;
      AddIndexWrites(capacity, index_writes);
    }
    if (!unprocessed.empty()) {
      response.unprocessed_items.emplace_back(request.request_items[t].first,
                                              std::move(unprocessed));
    }
    capacities.push_back(std::move(capacity));
  }
  collections.Stage(batch);
  if (auto s = Commit(batch); !s) return std::move(s).error();
  if (request.return_consumed_capacity != ReturnConsumedCapacity::kNone) {
    response.consumed_capacity = std::move(capacities);
  }
  for (std::size_t t = 0; t < writes.size(); ++t) {
    // One entry per item collection written.
    std::vector<ItemCollectionMetrics> list;
    const auto& requests = request.request_items[t].second;
    for (std::size_t i = 0; i < requests.size(); ++i) {
      if (writes[t].deferred[i]) continue;
      const WriteRequest& w = requests[i];
      auto metrics = CollectionMetrics(store_, request.return_item_collection_metrics,
                                       *writes[t].table, w.item);
      if (!metrics) return std::move(metrics).error();
      if (!*metrics) continue;
      bool seen = false;
      for (const auto& m : list) {
        seen = seen || m.item_collection_key == (*metrics)->item_collection_key;
      }
      if (!seen) list.push_back(**std::move(metrics));
    }
    if (!list.empty()) {
      response.item_collection_metrics.emplace_back(writes[t].table->table_name,
                                                    std::move(list));
    }
  }
  return response;
}

}  // namespace ddb
