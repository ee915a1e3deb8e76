// UpdateItem: an UpdateExpression applied to the stored item (or to a new
// item made of the key, when there is none), under an optional condition.
#include <set>

#include "engine/compiled_expressions.h"
#include "engine/engine.h"
#include "engine/expr/eval.h"
#include "model/item_codec.h"
#include "engine/item_io.h"
#include "engine/index_entries.h"
#include "engine/item_collections.h"
#include "engine/item_key.h"

namespace ddb {

Status CheckKeyNotUpdated(const TableDefinition& table, const expr::Update& update) {
  for (const auto& action : update.actions) {
    for (const auto& k : table.key_schema) {
      if (action.path.size() >= 1 && action.path[0].name == k.attribute_name) {
        return Error::InvalidParameter("Cannot update attribute " + k.attribute_name +
                                       ". This attribute is part of the key");
      }
    }
  }
  return {};
}

namespace {

std::optional<Item> ReturnedValues(ReturnValues mode, const std::optional<Item>& old,
                                   const Item& updated, const expr::Update& update) {
  std::vector<expr::Path> paths;
  for (const auto& action : update.actions) paths.push_back(action.path);
  switch (mode) {
    case ReturnValues::kNone: return std::nullopt;
    case ReturnValues::kAllOld: return old;
    case ReturnValues::kAllNew: return updated;
    case ReturnValues::kUpdatedOld:
      if (!old) return std::nullopt;
      return expr::Project(*old, paths);
    case ReturnValues::kUpdatedNew: return expr::Project(updated, paths);
  }
  return std::nullopt;
}

}  // namespace

Result<UpdateItemResponse> Engine::UpdateItem(const RequestContext& context,
                                              const UpdateItemRequest& request) {
  auto compiled = CompileExpressions(request.expressions,
                                     "UpdateExpression and ConditionExpression are null");
  if (!compiled) return std::move(compiled).error();
  auto table = FindTable(context, request.table_name);
  if (!table) return std::move(table).error();
  auto key = ItemKeyOfKey(**table, request.key);
  if (!key) return std::move(key).error();
  const expr::Update no_update;
  const expr::Update& update = compiled->update ? *compiled->update : no_update;
  if (auto s = CheckKeyNotUpdated(**table, update); !s) return std::move(s).error();

  UpdateItemResponse response;
  std::lock_guard lock(write_mu_);
  if (auto s = Refresh(context, *table); !s) return std::move(s).error();
  if (in_flight_.Holds(*key)) return Error::TransactionConflict();
  auto read = ReadItem(store_, *key);
  if (!read) return std::move(read).error();
  std::optional<Item> old = std::move(*read);
  if (auto s = CheckCondition(*compiled, old, request.return_old_item_on_condition_failure); !s) {
    return std::move(s).error();
  }
  auto updated = expr::ApplyUpdate(update, old ? *old : request.key);
  if (!updated) return std::move(updated).error();
  // The key attributes cannot change; the new item must still be valid.
  auto new_key = ItemKeyOfItem(**table, *updated, KeyWrite::kUpdate);
  if (!new_key) return std::move(new_key).error();
  if (ItemSize(*updated) > kMaxItemBytes) {
    return Error::Validation("Item size to update has exceeded the maximum allowed size");
  }
  if (NestingDepth(*updated) > kMaxNestingDepth) return Error::NestingTooDeep();
  ItemCollections collections(store_, options_.max_item_collection_bytes);
  if (auto s = collections.Change(**table, old, *updated); !s) return std::move(s).error();
  storage::WriteBatch batch;
  collections.Stage(batch);
  batch.Put(storage::Space::kItems, *std::move(key), EncodeItem(*updated));
  auto index_writes = StageIndexChanges(**table, old, *updated, batch);
  StageStreamRecord(**table, old, *updated, batch);
  if (auto s = Commit(batch); !s) return std::move(s).error();
  response.consumed_capacity =
      WriteCapacity(request.return_consumed_capacity, (*table)->table_name,
                    std::max(ItemSize(*updated), SizeOf(old)));
  AddIndexWrites(response.consumed_capacity, index_writes);
  auto metrics = CollectionMetrics(store_, request.return_item_collection_metrics, **table,
                                   *updated);
  if (!metrics) return std::move(metrics).error();
  response.item_collection_metrics = *std::move(metrics);
  response.attributes = ReturnedValues(request.return_values, old, *updated, update);
  return response;
}

}  // namespace ddb
