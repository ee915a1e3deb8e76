#include "engine/read_pages.h"

#include <algorithm>
#include <unordered_map>

#include "engine/expr/eval.h"
#include "model/item_codec.h"
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

namespace {

// One page being filled, item by item.
class Page {
 public:
  Page(const PagePlan& plan, const PageOutput& output) : plan_(plan), output_(output) {
    response_.count_only = output.select == Select::kCount;
  }

  // Takes the next stored item; false once the page is full.
  Result<bool> Add(std::string_view stored) {
    if (PassesWhole()) return AddWhole(stored);
    auto item = Decode(stored);
    if (!item) return std::move(item).error();
    if (plan_.in_segment && !plan_.in_segment(*item)) return true;
    std::optional<Item> last_key;
    bytes_read_ += ItemSize(*item);
    if (plan_.fetch) {
      last_key = ProjectNames(*item, plan_.key_attributes);
      auto full = plan_.fetch(*item);
      if (!full) return std::move(full).error();
      if (!*full) return true;
      item = **std::move(full);
      bytes_fetched_ += ItemSize(*item);
    }
    ++response_.scanned_count;
    bool keep = true;
    if (output_.filter) {
      auto holds = expr::Evaluate(*output_.filter, *item, output_.filter_kind);
      if (!holds) return std::move(holds).error();
      keep = *holds;
    }
    bool full = (plan_.limit && response_.scanned_count >= *plan_.limit) ||
                bytes_read_ >= kPageBytes;
    if (full) {
      response_.last_evaluated_key =
          last_key ? *std::move(last_key) : ProjectNames(*item, plan_.key_attributes);
    }
    if (keep) {
      ++response_.count;
      if (!response_.count_only) response_.items.push_back(Shaped(*std::move(item), output_));
    }
    return !full;
  }

  // Items that need no filter, segment, fetch or projection are passed on
  // as stored: sized and copied, not decoded (only the last of a full page,
  // for its key).
  bool PassesWhole() const {
    return !output_.filter && !plan_.in_segment && !plan_.fetch && !output_.projection &&
           !output_.attributes_to_get;
  }

  // Room for `count` items of `bytes` in all, when they are known to come.
  void Expect(std::size_t bytes, std::size_t count) {
    if (PassesWhole() && !response_.count_only) response_.stored_items.Reserve(bytes, count);
  }

  Result<bool> AddWhole(std::string_view stored) {
    if (!sized_ && (2 * (stored_bytes_ + stored.size()) >= kPageBytes || NeedsSizes())) {
      // Sized from here on, the items taken so far too.
      for (std::string_view earlier : response_.stored_items) {
        if (auto s = CountSize(earlier); !s) return std::move(s).error();
      }
      sized_ = true;
    }
    if (sized_) {
      if (auto s = CountSize(stored); !s) return std::move(s).error();
    }
    stored_bytes_ += stored.size();
    ++response_.scanned_count;
    ++response_.count;
    bool full = (plan_.limit && response_.scanned_count >= *plan_.limit) ||
                bytes_read_ >= kPageBytes;
    if (full) {
      response_.last_evaluated_key = DecodeKeyAttributes(stored, plan_.key_attributes);
      if (!response_.last_evaluated_key) return Error::Internal("corrupt item record");
    }
    if (!response_.count_only) response_.stored_items.Add(stored);
    return !full;
  }

  // Adds a stored item's size to the bytes read.
  Status CountSize(std::string_view stored) {
    std::optional<std::size_t> size = StoredItemSize(stored);
    if (!size) return Error::Internal("corrupt item record");
    bytes_read_ += *size;
    return {};
  }

  // Whether every item must be sized as it comes: for the capacity to
  // report, or when the items are not kept to be sized later (COUNT).
  bool NeedsSizes() const {
    return output_.return_consumed_capacity != ReturnConsumedCapacity::kNone ||
           response_.count_only;
  }

  ReadResponse Finish() && {
    response_.consumed_capacity = Capacity(output_, bytes_read_, bytes_fetched_);
    return std::move(response_);
  }

 private:
  const PagePlan& plan_;
  const PageOutput& output_;
  ReadResponse response_;
  std::size_t bytes_read_ = 0;     // of the table or index read
  std::size_t bytes_fetched_ = 0;  // of items fetched from the table for a local index
  // Items passed on whole are sized (a walk of each) only when it matters.
  // Their stored bytes bound their size: no value is more than twice its
  // stored bytes in size (the worst: NULL in a list, 1 byte stored and 2 in
  // size; an empty map in a list, 2 and 4), so while twice the bytes taken
  // cannot fill a page, and no capacity is to be reported, no item is sized.
  bool sized_ = false;
  std::size_t stored_bytes_ = 0;  // of the items passed on whole
};

// Stepping back in RocksDB's memtable is a search from the top of its skip
// list for every step, stepping forward follows one link; so a backward
// read first looks for the end of the range going forward, and when the
// range is short (one partition's items, usually) walks that copy back.
constexpr std::size_t kForwardProbe = 64;
// With a Limit, how far a backward read goes forward looking for the end of
// its range before it steps back from the end instead.
constexpr std::size_t kForwardScan = 256;
constexpr std::size_t kForwardBytes = 2 * 1024 * 1024;

// Where the last backward read with a Limit of a range began its page: the
// key of the oldest entry on it. The next read of the same range (the same
// inbox, feed or conversation, newest first) goes forward from there, over
// the page and what was appended since, instead of over the whole range.
// Only a hint: when fewer than Limit entries follow it (some were deleted),
// the range is read as if there were none, so a stale hint costs a little
// time and never changes an answer. One per thread, so reads take no lock;
// forgotten all at once when there are too many to keep.
class BackwardHints {
 public:
  static BackwardHints& ForThisThread() {
    thread_local BackwardHints hints;
    return hints;
  }
  // The name hints go by: the plan's key space and bounds.
  static std::string RangeOf(const PagePlan& plan) {
    std::string range;
    range.reserve(plan.lower.size() + plan.upper.size() + 5);
    range += static_cast<char>(plan.space);
    range += std::to_string(plan.lower.size());
    range += plan.lower;
    range += plan.upper;
    return range;
  }
  const std::string* Find(const std::string& range) {
    auto it = hints_.find(range);
    return it == hints_.end() ? nullptr : &it->second;
  }
  void Remember(const std::string& range, std::string_view first_key) {
    if (hints_.size() >= kMaxHints) hints_.clear();
    hints_[range].assign(first_key);
  }

 private:
  static constexpr std::size_t kMaxHints = 4096;
  std::unordered_map<std::string, std::string> hints_;
};

// The last entries of a forward walk, at most `capacity`, with their keys.
class LastEntries {
 public:
  explicit LastEntries(std::size_t capacity) : keys_(capacity), values_(capacity) {}
  // This thread's entries, emptied for a new walk of up to `capacity`: the
  // buffers are kept from read to read (no read calls another).
  static LastEntries& ForThisThread(std::size_t capacity) {
    thread_local LastEntries entries(0);
    entries.Reset(capacity);
    return entries;
  }
  // Empties it for a new walk, keeping its buffers.
  void Reset(std::size_t capacity) {
    keys_.resize(capacity);
    values_.resize(capacity);
    seen_ = 0;
    held_ = 0;
    for (auto& value : values_) {
      if (value.capacity() > kKeptBufferBytes) {
        std::string().swap(value);  // a large item's buffer is not kept idle
      } else {
        value.clear();
      }
    }
  }
  void Add(std::string_view key, std::string_view value) {
    std::size_t slot = seen_ % values_.size();
    held_ = held_ - values_[slot].size() + value.size();
    keys_[slot].assign(key);  // reuses the buffers' capacity
    values_[slot].assign(value);
    ++seen_;
  }
  std::size_t seen() const { return seen_; }
  std::size_t held_bytes() const { return held_; }
  // Feeds the kept entries to the page, newest first; returns the key of the
  // oldest one the page took.
  Result<std::string_view> FeedBackward(Page& page) {
    std::string_view oldest;
    const std::size_t kept = std::min(seen_, values_.size());
    page.Expect(held_, kept);
    for (std::size_t i = seen_; i > seen_ - kept; --i) {
      std::size_t slot = (i - 1) % values_.size();
      oldest = keys_[slot];
      auto more = page.Add(values_[slot]);
      if (!more) return std::move(more).error();
      if (!*more) break;
    }
    return oldest;
  }

 private:
  static constexpr std::size_t kKeptBufferBytes = 16 * 1024;
  std::vector<std::string> keys_;
  std::vector<std::string> values_;
  std::size_t seen_ = 0;
  std::size_t held_ = 0;  // bytes of the values kept
};

// Steps back from the end of the range.
template <typename StatusOf>
Result<ReadResponse> ReadBackward(storage::Cursor& cursor, Page& page, StatusOf status,
                                  const PagePlan& plan) {
  for (cursor.SeekToLast(); cursor.Valid(); cursor.Prev()) {
    auto more = page.Add(cursor.value());
    if (!more) return std::move(more).error();
    if (!*more) {
      if (plan.limit) {
        BackwardHints::ForThisThread().Remember(BackwardHints::RangeOf(plan), cursor.key());
      }
      break;
    }
  }
  if (auto s = status(); !s) return std::move(s).error();
  return std::move(page).Finish();
}

// Walks forward from `from` (the range's start when empty) to its end
// keeping the last entries in `last`, for up to `max_entries` entries and
// kForwardBytes; false when the walk stopped before the end.
template <typename StatusOf>
Result<bool> WalkToEnd(storage::Cursor& cursor, std::string_view from, std::size_t max_entries,
                       LastEntries& last, StatusOf status) {
  if (from.empty()) {
    cursor.SeekToFirst();
  } else {
    cursor.Seek(from);
  }
  for (; cursor.Valid() && last.seen() < max_entries && last.held_bytes() <= kForwardBytes;
       cursor.Next()) {
    last.Add(cursor.key(), cursor.value());
  }
  if (auto s = status(); !s) return std::move(s).error();
  return !cursor.Valid();
}

// A backward page with a Limit, from the range's last `limit` entries.
template <typename StatusOf>
Result<ReadResponse> ReadLastEntries(storage::Cursor& cursor, Page& page, StatusOf status,
                                     const PagePlan& plan) {
  const auto keep = static_cast<std::size_t>(std::min<int64_t>(*plan.limit, kForwardScan));
  BackwardHints& hints = BackwardHints::ForThisThread();
  const std::string range = BackwardHints::RangeOf(plan);
  const std::string* hint = hints.Find(range);
  if (hint && *hint > plan.lower && (plan.upper.empty() || *hint < plan.upper)) {
    LastEntries& last = LastEntries::ForThisThread(keep);
    auto at_end = WalkToEnd(cursor, *hint, kForwardScan, last, status);
    if (!at_end) return std::move(at_end).error();
    if (!*at_end) return ReadBackward(cursor, page, status, plan);  // much was added
    if (last.seen() >= keep) {
      auto oldest = last.FeedBackward(page);
      if (!oldest) return std::move(oldest).error();
      hints.Remember(range, *oldest);
      return std::move(page).Finish();
    }
  }
  LastEntries& last = LastEntries::ForThisThread(keep);
  auto at_end = WalkToEnd(cursor, {}, kForwardScan, last, status);
  if (!at_end) return std::move(at_end).error();
  if (!*at_end) return ReadBackward(cursor, page, status, plan);
  auto oldest = last.FeedBackward(page);
  if (!oldest) return std::move(oldest).error();
  if (last.seen() > keep) hints.Remember(range, *oldest);
  return std::move(page).Finish();
}

}  // namespace

Result<ReadResponse> ReadPage(storage::KvStore& store, const PagePlan& plan,
                              const PageOutput& output) {
  Page page(plan, output);
  auto cursor = store.NewCursor(plan.space, plan.lower, plan.upper);
  auto status = [&cursor]() -> Status {
    if (auto s = cursor->status(); !s) return Error::Internal(s.error().message);
    return {};
  };
  if (plan.forward) {
    for (cursor->SeekToFirst(); cursor->Valid(); cursor->Next()) {
      auto more = page.Add(cursor->value());
      if (!more) return std::move(more).error();
      if (!*more) break;
    }
    if (auto s = status(); !s) return std::move(s).error();
    return std::move(page).Finish();
  }
  // With a Limit, only the range's last `limit` entries can be on the page.
  // (Not when entries are completed from the table: one that vanished
  // meanwhile does not count, and the page would need more.)
  if (plan.limit && *plan.limit > 0 && !plan.fetch) {
    return ReadLastEntries(*cursor, page, status, plan);
  }
  // Without one, a short range is read forward once and walked back.
  LastEntries& probe = LastEntries::ForThisThread(kForwardProbe);
  auto at_end = WalkToEnd(*cursor, {}, kForwardProbe, probe, status);
  if (!at_end) return std::move(at_end).error();
  if (!*at_end) return ReadBackward(*cursor, page, status, plan);
  if (auto fed = probe.FeedBackward(page); !fed) return std::move(fed).error();
  return std::move(page).Finish();
}

}  // namespace ddb
