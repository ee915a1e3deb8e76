// engine/read_pages.h
//
// One page of a Query or Scan: walks a key range of one key space in order,
// decodes each item, applies the filter and the projection, and stops where
// DynamoDB stops a page -- after Limit items were read, or once 1 MB of items
// was read (both counted before the filter) -- leaving LastEvaluatedKey at
// the last item read.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/expr/ast.h"
#include "engine/key_condition.h"
#include "model/error.h"
#include "model/read_requests.h"
#include "storage/kv_store.h"

namespace ddb {

struct PagePlan {
  storage::Space space = storage::Space::kItems;
  std::string lower;  // [lower, upper); an empty upper is no bound
  std::string upper;
  bool forward = true;
  std::optional<int64_t> limit;
  // The attributes of LastEvaluatedKey: the queried index's keys, then the
  // table's (each once).
  std::vector<std::string> key_attributes;
  // Query: the key condition (ExclusiveStartKey must satisfy it).
  const KeyCondition* key_condition = nullptr;
  // Scan segments: whether an item belongs to the page.
  std::function<bool(const Item&)> in_segment;
  // Local index entries that lack what was asked: the table's item for an
  // entry (nullopt when it vanished).
  std::function<Result<std::optional<Item>>(const Item&)> fetch;
};

struct PageOutput {
  Select select = Select::kAllAttributes;  // kCount: only counted
  const expr::Node* filter = nullptr;
  const std::vector<expr::Path>* projection = nullptr;
  const std::vector<std::string>* attributes_to_get = nullptr;
  std::string filter_kind = "FilterExpression";
  // Capacity: 4 KB units over the bytes read, halved unless consistent.
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  std::string table_name;
  bool consistent_read = false;
  // Reading an index: its name and kind, for the capacity breakdown.
  std::string index_name;
  bool global_index = false;
};

Result<ReadResponse> ReadPage(storage::KvStore& store, const PagePlan& plan,
                              const PageOutput& output);

// The attributes named by `names` that `item` has.
Item ProjectNames(const Item& item, const std::vector<std::string>& names);

}  // namespace ddb
