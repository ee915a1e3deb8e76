#include "engine/read_range.h"

#include <algorithm>

#include "engine/item_io.h"
#include "engine/key_codec.h"

namespace ddb {
namespace {

// A Query's starting key must lie in the partition and range it reads,
// checked in DynamoDB's order (multi-attribute keys check the sort key
// before the last partition attribute). REQUIRES: StartKeyOf accepted it.
Status CheckStartInRange(const Item& start, const ReadTarget& target,
                         const KeyCondition& condition) {
  const Error outside = Error::Validation(
      "The provided starting key is outside query boundaries based on provided conditions");
  const Error one_row =
      Error::Validation("The query can return at most one row and cannot be restarted");
  const Error predicate =
      Error::Validation("The provided starting key does not match the range key predicate");
  const QueriedKeys& keys = target.keys;
  bool sorted = !condition.sort_equal.empty() || condition.sort;
  std::size_t last = keys.hash.size() - 1;
  for (std::size_t i = 0; i < last; ++i) {
    if (!(start.at(keys.hash[i].name) == condition.partition[i])) return one_row;
  }
  bool same_partition = start.at(keys.hash[last].name) == condition.partition[last];
  if (!keys.multi() && !same_partition) return outside;
  for (std::size_t i = 0; i < condition.sort_equal.size(); ++i) {
    if (!(start.at(keys.range[i].name) == condition.sort_equal[i])) return predicate;
  }
  if (condition.sort &&
      !SortKeyMatches(*condition.sort, start.at(keys.range[condition.sort_equal.size()].name))) {
    return predicate;
  }
  if (!same_partition) return sorted ? one_row : outside;
  return {};
}

// A global index cannot fetch from the table: asking it for attributes it
// does not project is refused.
Status CheckProjected(const ReadRequest& request, const ReadTarget& target,
                      const CompiledExpressions& compiled) {
  if (!target.global_index || target.index->projection.projection_type == "ALL") return {};
  std::vector<std::string> asked;
  if (request.attributes_to_get) asked = *request.attributes_to_get;
  if (compiled.projection) {
    for (const auto& path : *compiled.projection) asked.push_back(path[0].name);
  }
  const auto& projected = target.index->projection.non_key_attributes;
  std::vector<std::string> missing;
  for (const auto& name : asked) {
    bool held = std::count(target.key_attributes.begin(), target.key_attributes.end(), name) ||
                std::count(projected.begin(), projected.end(), name);
    if (!held && !std::count(missing.begin(), missing.end(), name)) missing.push_back(name);
  }
  if (missing.empty()) return {};
  std::string list;
  for (const auto& name : missing) list += (list.empty() ? "" : ", ") + name;
  return Error::InvalidParameter("Global secondary index " + target.index->index_name +
                                 " does not project [" + list + "]");
}

}  // namespace

Result<ReadResponse> ReadRange(storage::KvStore& store, const TableDefinition& table,
                               const ReadRequest& request, const ReadTarget& target,
                               const CompiledExpressions& compiled, Select select,
                               PagePlan plan) {
  if (auto s = CheckProjected(request, target, compiled); !s) return std::move(s).error();
  plan.space = target.space;
  plan.limit = request.limit;
  plan.key_attributes = target.key_attributes;
  if (request.exclusive_start_key) {
    bool query = plan.key_condition != nullptr;
    auto start = StartKeyOf(table, target, *request.exclusive_start_key, query);
    if (!start) return std::move(start).error();
    if (query) {
      if (auto s = CheckStartInRange(*request.exclusive_start_key, target, *plan.key_condition);
          !s) {
        return std::move(s).error();
      }
    }
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
  if (target.index) {
    output.index_name = target.index->index_name;
    output.global_index = target.global_index;
  }
  return ReadPage(store, plan, output);
}

}  // namespace ddb
