#include "engine/read_pages.h"

#include "engine/expr/eval.h"
#include "engine/item_codec.h"
#include "engine/item_io.h"

namespace ddb {
namespace {

// DynamoDB ends a page once it has read 1 MB of items.
constexpr std::size_t kPageBytes = 1024 * 1024;

Result<Item> Decode(std::string_view bytes) {
  std::optional<Item> item = DecodeItem(bytes);
  if (!item) return Error::Internal("corrupt item record");
  return *std::move(item);
}

Item Shaped(Item item, const PageOutput& output) {
  if (output.attributes_to_get) return ProjectNames(item, *output.attributes_to_get);
  if (output.projection) return expr::Project(item, *output.projection);
  return item;
}

// An index read is charged to the index, and what a local index fetched
// from the table to the table.
std::optional<ConsumedCapacity> Capacity(const PageOutput& output, std::size_t bytes_read,
                                         std::size_t bytes_fetched) {
  auto capacity = ReadCapacity(output.return_consumed_capacity, output.table_name, bytes_read,
                               output.consistent_read);
  if (!capacity || output.index_name.empty()) return capacity;
  double index_units = capacity->capacity_units;
  capacity->table_units = 0;
  if (bytes_fetched > 0) {
    capacity->table_units = ReadCapacity(output.return_consumed_capacity, output.table_name,
                                         bytes_fetched, output.consistent_read)
                                ->capacity_units;
  }
  capacity->capacity_units = index_units + capacity->table_units;
  auto& by_name = output.global_index ? capacity->global_indexes : capacity->local_indexes;
  by_name[output.index_name] = index_units;
  return capacity;
}

}  // namespace

Item ProjectNames(const Item& item, const std::vector<std::string>& names) {
  Item out;
  for (const auto& name : names) {
    auto it = item.find(name);
    if (it != item.end()) out.emplace(it->first, it->second);
  }
  return out;
}

Result<ReadResponse> ReadPage(storage::KvStore& store, const PagePlan& plan,
                              const PageOutput& output) {
  ReadResponse response;
  response.count_only = output.select == Select::kCount;
  auto cursor = store.NewCursor(plan.space, plan.lower, plan.upper);
  if (plan.forward) {
    cursor->SeekToFirst();
  } else {
    cursor->SeekToLast();
  }
  std::size_t bytes_read = 0;     // of the table or index read
  std::size_t bytes_fetched = 0;  // of items fetched from the table for a local index
  for (; cursor->Valid(); plan.forward ? cursor->Next() : cursor->Prev()) {
    auto item = Decode(cursor->value());
    if (!item) return std::move(item).error();
    if (plan.in_segment && !plan.in_segment(*item)) continue;
    std::optional<Item> last_key;
    if (plan.fetch) {
      last_key = ProjectNames(*item, plan.key_attributes);
      bytes_read += ItemSize(*item);
      auto full = plan.fetch(*item);
      if (!full) return std::move(full).error();
      if (!*full) continue;
      item = **std::move(full);
      bytes_fetched += ItemSize(*item);
    } else {
      bytes_read += ItemSize(*item);
    }
    ++response.scanned_count;
    bool keep = true;
    if (output.filter) {
      auto holds = expr::Evaluate(*output.filter, *item, output.filter_kind);
      if (!holds) return std::move(holds).error();
      keep = *holds;
    }
    bool page_full = (plan.limit && response.scanned_count >= *plan.limit) ||
                     bytes_read >= kPageBytes;
    if (page_full) {
      response.last_evaluated_key =
          last_key ? *std::move(last_key) : ProjectNames(*item, plan.key_attributes);
    }
    if (keep) {
      ++response.count;
      if (!response.count_only) response.items.push_back(Shaped(*std::move(item), output));
    }
    if (page_full) break;
  }
  if (auto s = cursor->status(); !s) return Error::Internal(s.error().message);
  response.consumed_capacity = Capacity(output, bytes_read, bytes_fetched);
  return response;
}

}  // namespace ddb
