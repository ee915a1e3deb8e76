#include "engine/read_range.h"

#include <algorithm>

#include "engine/item_io.h"
#include "engine/key_codec.h"

namespace ddb {
namespace {

// A Query's starting key must lie in the partition and range it reads.
Status CheckStartInRange(const Item& start, const ReadTarget& target,
                         const KeyCondition& condition) {
  if (!(start.at(target.keys.hash) == condition.partition)) {
    return Error::Validation("The provided starting key is outside query boundaries based on "
                             "provided conditions");
  }
  if (condition.sort && !SortKeyMatches(*condition.sort, start.at(*target.keys.range))) {
    return Error::Validation("The provided starting key does not match the range key "
                             "predicate");
  }
  return {};
}

}  // namespace

Result<ReadResponse> ReadRange(storage::KvStore& store, const TableDefinition& table,
                               const ReadRequest& request, const ReadTarget& target,
                               const CompiledExpressions& compiled, Select select,
                               PagePlan plan) {
  plan.space = target.space;
  plan.limit = request.limit;
  plan.key_attributes = target.key_attributes;
  if (request.exclusive_start_key) {
    bool query = plan.key_condition != nullptr;
    auto start = StartKeyOf(table, target, *request.exclusive_start_key, query);
    if (query) {
      if (auto s = CheckStartInRange(*request.exclusive_start_key, target, *plan.key_condition);
          !s) {
        return std::move(s).error();
      }
    }
    if (!start) return std::move(start).error();
    if (plan.forward) {
      plan.lower = std::max(plan.lower, *start + '\0');
    } else if (plan.upper.empty() || *start < plan.upper) {
      plan.upper = *std::move(start);
    }
  }
  if (NeedsTableFetch(select, request, target)) {
    plan.fetch = [&store, &table](const Item& entry) -> Result<std::optional<Item>> {
      std::string key = TablePrefix(table.table_id);
      for (const auto& k : table.key_schema) AppendKeyValue(entry.at(k.attribute_name), key);
      return ReadItem(store, key);
    };
  }
  PageOutput output;
  output.select = select;
  if (compiled.filter) output.filter = &*compiled.filter;
  if (compiled.projection) output.projection = &*compiled.projection;
  if (request.attributes_to_get) output.attributes_to_get = &*request.attributes_to_get;
  output.return_consumed_capacity = request.return_consumed_capacity;
  output.table_name = table.table_name;
  output.consistent_read = request.consistent_read;
  return ReadPage(store, plan, output);
}

}  // namespace ddb
