// TransactWriteItems and TransactGetItems. A write transaction first claims
// its items (engine/in_flight.h: what meets them meanwhile conflicts), then
// takes the engine's write mutex, so it sees and changes a consistent state:
// every condition is checked first, and then either every action is applied
// in one storage batch (with index changes) or none is.
#include <algorithm>
#include <set>
#include <thread>

#include "engine/compiled_expressions.h"
#include "engine/engine.h"
#include "engine/expr/eval.h"
#include "engine/index_entries.h"
#include "engine/item_collections.h"
#include "engine/item_io.h"
#include "engine/item_key.h"
#include "model/item_codec.h"

namespace ddb {
namespace {

// A ClientRequestToken makes a TransactWriteItems idempotent for this long.
constexpr double kIdempotencySeconds = 600;

// DynamoDB's limit on the items a transaction writes.
constexpr std::size_t kMaxTransactionBytes = 4 * 1024 * 1024;

// Transactional reads and writes cost twice what plain ones do.
constexpr double kTransactionFactor = 2;

struct Prepared {
  TablePtr table;
  std::string key;
  CompiledExpressions compiled;
};

// TransactionCanceledException, its message naming every reason's code.
Error Cancelled(std::vector<CancellationReason> reasons) {
  std::string codes = "[";
  for (std::size_t i = 0; i < reasons.size(); ++i) codes += (i ? ", " : "") + reasons[i].code;
  return Error{ErrorCode::kTransactionCanceledException,
               "Transaction cancelled, please refer cancellation reasons for specific reasons " +
                   codes + "]",
               {}, std::move(reasons)};
}

// A check of one action's item that cancels the transaction rather than
// failing the request.
CancellationReason ValidationError(const Error& e) { return {"ValidationError", e.message, {}}; }

// The items of a transaction add up to more than 4 MB. (For TransactGetItems,
// which reads them, DynamoDB's message is not verified.)
Error TooLarge() {
  return Error::Validation("Collection size of items exceeded, which can also be caused by the "
                           "aggregate size of the items in the transaction exceeding the 4MB "
                           "limit");
}

// An action whose item another transaction holds.
CancellationReason TransactionConflict() {
  return {"TransactionConflict", "Transaction is ongoing for the item", {}};
}

// Capacity per table, in the order the tables first appear.
ConsumedCapacity& Entry(std::vector<ConsumedCapacity>& list, const std::string& table) {
  for (auto& c : list) {
    if (c.table_name == table) return c;
  }
  list.push_back(ConsumedCapacity{table, 0, true, 0});
  return list.back();
}

void AddUnits(std::vector<ConsumedCapacity>& list, const std::string& table, double units) {
  ConsumedCapacity& c = Entry(list, table);
  c.capacity_units += units;
  c.table_units += units;
}

// What the caller asked for of capacity counted in full.
std::vector<ConsumedCapacity> AsAsked(std::vector<ConsumedCapacity> all,
                                      ReturnConsumedCapacity mode) {
  if (mode == ReturnConsumedCapacity::kNone) return {};
  for (auto& c : all) c.by_index = mode == ReturnConsumedCapacity::kIndexes;
  return all;
}

// The item an action leaves behind, given the one before it.
Result<std::optional<Item>> NextItem(const TransactWriteAction& action, const Prepared& p,
                                     const std::optional<Item>& old) {
  using Kind = TransactWriteAction::Kind;
  switch (action.kind) {
    case Kind::kPut:
      return std::optional<Item>(action.item);
    case Kind::kDelete:
      return std::optional<Item>();
    case Kind::kConditionCheck:
      return old;
    case Kind::kUpdate:
      break;
  }
  auto updated = expr::ApplyUpdate(*p.compiled.update, old ? *old : action.item);
  if (!updated) return std::move(updated).error();
  if (auto k = ItemKeyOfItem(*p.table, *updated, KeyWrite::kUpdate); !k) return std::move(k).error();
  if (ItemSize(*updated) > kMaxItemBytes) {
    return Error::Validation("Item size to update has exceeded the maximum allowed size");
  }
  if (NestingDepth(*updated) > kMaxNestingDepth) return Error::NestingTooDeep();
  return std::optional<Item>(*std::move(updated));
}

}  // namespace

Result<TransactWriteItemsResponse> Engine::TransactWriteItems(
    const RequestContext& context, const TransactWriteItemsRequest& request) {
  using Kind = TransactWriteAction::Kind;
  std::size_t total = 0;
  for (const TransactWriteAction& action : request.actions) total += ItemSize(action.item);
  if (total > kMaxTransactionBytes) return TooLarge();
  // The request's own mistakes fail it; an action's item that does not fit
  // its table cancels the transaction with a ValidationError reason.
  std::vector<Prepared> prepared;
  std::vector<CancellationReason> reasons(request.actions.size());
  bool cancelled = false;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < request.actions.size(); ++i) {
    const TransactWriteAction& action = request.actions[i];
    Prepared p;
    auto compiled = CompileExpressions(action.expressions,
                                       "ConditionExpression is null");
    if (!compiled) return std::move(compiled).error();
    p.compiled = *std::move(compiled);
    auto table = FindTable(context, action.table_name);
    if (!table) return std::move(table).error();
    p.table = *table;
    if (action.kind == Kind::kPut && ItemSize(action.item) > kMaxItemBytes) {
      return Error::Validation("Item size has exceeded the maximum allowed size");
    }
    if (action.kind == Kind::kPut && NestingDepth(action.item) > kMaxNestingDepth) {
      return Error::NestingTooDeep();
    }
    auto key = action.kind == Kind::kPut ? ItemKeyOfItem(**table, action.item)
                                         : ItemKeyOfKey(**table, action.item);
    Status valid = key ? Status() : Status(key.error());
    if (valid && action.kind == Kind::kUpdate && p.compiled.update) {
      valid = CheckKeyNotUpdated(**table, *p.compiled.update);
    }
    if (!valid) {
      reasons[i] = ValidationError(valid.error());
      cancelled = true;
    } else {
      if (!seen.insert(*key).second) {
        return Error::Validation("Transaction request cannot include multiple operations on "
                                 "one item");
      }
      p.key = *std::move(key);
    }
    prepared.push_back(std::move(p));
  }

  std::string token;
  if (request.client_request_token) {
    token = context.database + '\0' + *request.client_request_token;
  }
  // Claim the items until the commit; another transaction holding one of
  // them cancels this one.
  std::vector<std::string> keys;
  for (const Prepared& p : prepared) {
    if (!p.key.empty()) keys.push_back(p.key);
  }
  InFlight::Outcome claimed = in_flight_.TryClaim(token, keys);
  if (claimed.token_busy) {
    return Error{ErrorCode::kTransactionInProgressException,
                 "Transaction with the given request token is already in progress", {}, {}};
  }
  if (!claimed.held.empty()) {
    std::size_t k = 0;
    for (std::size_t i = 0; i < prepared.size(); ++i) {
      if (prepared[i].key.empty()) continue;
      if (std::find(claimed.held.begin(), claimed.held.end(), k) != claimed.held.end()) {
        reasons[i] = TransactionConflict();
      }
      ++k;
    }
    return Cancelled(std::move(reasons));
  }
  if (options_.transaction_delay.count() > 0) {
    std::this_thread::sleep_for(options_.transaction_delay);
  }

  std::lock_guard lock(write_mu_);
  // Declared after the lock, so the items are released before it is: a
  // writer that gets the lock next finds them free.
  InFlight::Claim held = *std::move(claimed.claim);
  for (Prepared& p : prepared) {
    if (auto s = Refresh(context, p.table); !s) return std::move(s).error();
  }
  const double now = clock();
  if (!token.empty()) {
    std::erase_if(idempotency_, [now](const auto& entry) {
      return now - entry.second.time > kIdempotencySeconds;
    });
    auto it = idempotency_.find(token);
    if (it != idempotency_.end()) {
      if (it->second.fingerprint != request.fingerprint) {
        return Error{ErrorCode::kIdempotentParameterMismatchException,
                     "Request parameters do not match the ones in the original request with "
                     "the same ClientRequestToken", {}, {}};
      }
      TransactWriteItemsResponse replay = it->second.response;
      replay.consumed_capacity = AsAsked(std::move(replay.consumed_capacity),
                                         request.return_consumed_capacity);
      return replay;
    }
  }

  // Every condition against the state before the transaction, and every new
  // item: an update that cannot be applied cancels with a ValidationError.
  std::vector<std::optional<Item>> olds(prepared.size());
  std::vector<std::optional<Item>> news(prepared.size());
  ItemCollections collections(store_, options_.max_item_collection_bytes);
  for (std::size_t i = 0; i < prepared.size(); ++i) {
    if (reasons[i].code != "None") continue;
    auto old = ReadItem(store_, prepared[i].key);
    if (!old) return std::move(old).error();
    Status holds = CheckCondition(prepared[i].compiled, *old,
                                  request.actions[i].return_old_item_on_condition_failure);
    if (!holds) {
      Error e = std::move(holds).error();
      if (e.code != ErrorCode::kConditionalCheckFailedException) return e;
      reasons[i] = {"ConditionalCheckFailed", e.message, std::move(e.item)};
      cancelled = true;
      continue;
    }
    auto next = NextItem(request.actions[i], prepared[i], *old);
    if (!next) {
      if (next.error().code != ErrorCode::kValidationException) return std::move(next).error();
      reasons[i] = ValidationError(next.error());
      cancelled = true;
      continue;
    }
    if (auto s = collections.Change(*prepared[i].table, *old, *next); !s) {
      if (s.error().code != ErrorCode::kItemCollectionSizeLimitExceededException) {
        return std::move(s).error();
      }
      reasons[i] = {"ItemCollectionSizeLimitExceeded", s.error().message, {}};
      cancelled = true;
      continue;
    }
    olds[i] = *std::move(old);
    news[i] = *std::move(next);
  }
  if (cancelled) return Cancelled(std::move(reasons));

  // Then every change, in one batch.
  storage::WriteBatch batch;
  collections.Stage(batch);
  TransactWriteItemsResponse response;
  std::vector<ConsumedCapacity> all;  // in full; trimmed to what was asked
  for (std::size_t i = 0; i < prepared.size(); ++i) {
    const TransactWriteAction& action = request.actions[i];
    const Prepared& p = prepared[i];
    const std::optional<Item>& old = olds[i];
    const std::optional<Item>& next = news[i];
    // Each action costs twice a plain write of its item; its index entries
    // are written once, as plain writes.
    AddUnits(all, p.table->table_name,
             kTransactionFactor * WriteUnits(std::max(SizeOf(next), SizeOf(old))));
    if (action.kind != Kind::kConditionCheck) {
      if (next) {
        batch.Put(storage::Space::kItems, p.key, EncodeItem(*next));
      } else {
        batch.Delete(storage::Space::kItems, p.key);
      }
      AddIndexWrites(Entry(all, p.table->table_name),
                     StageIndexChanges(*p.table, old, next, batch));
      StageStreamRecord(*p.table, old, next, batch);
    }
  }
  if (auto s = Commit(batch); !s) return std::move(s).error();
  for (std::size_t i = 0; i < prepared.size(); ++i) {
    if (request.actions[i].kind == Kind::kConditionCheck) continue;
    const Item& item = news[i] ? *news[i] : request.actions[i].item;
    auto metrics = CollectionMetrics(store_, request.return_item_collection_metrics,
                                     *prepared[i].table, item);
    if (!metrics) return std::move(metrics).error();
    if (!*metrics) continue;
    const std::string& name = prepared[i].table->table_name;
    auto it = std::find_if(response.item_collection_metrics.begin(),
                           response.item_collection_metrics.end(),
                           [&](const auto& entry) { return entry.first == name; });
    if (it == response.item_collection_metrics.end()) {
      response.item_collection_metrics.emplace_back(name, std::vector<ItemCollectionMetrics>{});
      it = std::prev(response.item_collection_metrics.end());
    }
    it->second.push_back(**std::move(metrics));
  }
  response.consumed_capacity = all;
  if (!token.empty()) idempotency_[token] = {request.fingerprint, now, response};
  response.consumed_capacity = AsAsked(std::move(all), request.return_consumed_capacity);
  return response;
}

Result<TransactGetItemsResponse> Engine::TransactGetItems(const RequestContext& context,
                                                          const TransactGetItemsRequest& request) {
  std::vector<Prepared> prepared;
  std::vector<CancellationReason> reasons(request.actions.size());
  bool cancelled = false;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < request.actions.size(); ++i) {
    const TransactGetAction& action = request.actions[i];
    Prepared p;
    auto compiled = CompileExpressions(action.expressions, "ProjectionExpression is null");
    if (!compiled) return std::move(compiled).error();
    p.compiled = *std::move(compiled);
    auto table = FindTable(context, action.table_name);
    if (!table) return std::move(table).error();
    p.table = *table;
    auto key = ItemKeyOfKey(**table, action.key);
    if (!key) {
      reasons[i] = ValidationError(key.error());
      cancelled = true;
    } else if (!seen.insert(*key).second) {
      return Error::Validation("Transaction request cannot include multiple operations on one "
                               "item");
    } else {
      p.key = *std::move(key);
    }
    prepared.push_back(std::move(p));
  }
  if (cancelled) return Cancelled(std::move(reasons));
  TransactGetItemsResponse response;
  // The write mutex makes the reads one snapshot: no write lands between.
  std::lock_guard lock(write_mu_);
  for (std::size_t i = 0; i < prepared.size(); ++i) {
    if (in_flight_.Holds(prepared[i].key)) {
      reasons[i] = TransactionConflict();
      cancelled = true;
    }
  }
  if (cancelled) return Cancelled(std::move(reasons));
  std::size_t total = 0;
  for (const Prepared& p : prepared) {
    auto item = ReadItem(store_, p.key);
    if (!item) return std::move(item).error();
    total += SizeOf(*item);
    if (total > kMaxTransactionBytes) return TooLarge();
    AddUnits(response.consumed_capacity, p.table->table_name,
             kTransactionFactor * ReadUnits(SizeOf(*item), true));
    if (*item && p.compiled.projection) {
      **item = expr::Project(**item, *p.compiled.projection);
      if ((*item)->empty()) item->reset();  // nothing projected: no Item at all
    }
    response.responses.push_back(*std::move(item));
  }
  response.consumed_capacity =
      AsAsked(std::move(response.consumed_capacity), request.return_consumed_capacity);
  return response;
}

}  // namespace ddb
