#include "storage/memory_store.h"

#include <mutex>
#include <utility>

namespace ddb::storage {
namespace {

class VectorCursor : public Cursor {
 public:
  explicit VectorCursor(std::vector<std::pair<std::string, std::string>> rows)
      : rows_(std::move(rows)) {}
  void Seek(std::string_view key) override {
    pos_ = 0;
    while (pos_ < rows_.size() && rows_[pos_].first < key) ++pos_;
  }
  void SeekToFirst() override { pos_ = 0; }
  void SeekToLast() override { pos_ = rows_.empty() ? kEnd : rows_.size() - 1; }
  bool Valid() const override { return pos_ < rows_.size(); }
  void Next() override { ++pos_; }
  void Prev() override { pos_ = pos_ == 0 ? kEnd : pos_ - 1; }
  std::string_view key() const override { return rows_[pos_].first; }
  std::string_view value() const override { return rows_[pos_].second; }
  StoreStatus status() const override { return {}; }

 private:
  static constexpr std::size_t kEnd = static_cast<std::size_t>(-1);
  std::vector<std::pair<std::string, std::string>> rows_;
  std::size_t pos_ = kEnd;
};

}  // namespace

StoreResult<std::optional<std::string>> MemoryStore::Get(Space space, std::string_view key) {
  std::shared_lock lock(mu_);
  const Tree& tree = spaces_[static_cast<std::size_t>(space)];
  auto it = tree.find(key);
  if (it == tree.end()) return std::optional<std::string>();
  return std::optional<std::string>(it->second);
}

StoreStatus MemoryStore::Write(const WriteBatch& batch) {
  std::unique_lock lock(mu_);
  for (const WriteBatch::Op& op : batch.ops()) {
    Tree& tree = spaces_[static_cast<std::size_t>(op.space)];
    switch (op.kind) {
      case WriteBatch::Kind::kPut:
        tree.insert_or_assign(op.key, op.value);
        break;
      case WriteBatch::Kind::kDelete:
        tree.erase(op.key);
        break;
      case WriteBatch::Kind::kDeleteRange:
        tree.erase(tree.lower_bound(op.key), tree.lower_bound(op.value));
        break;
    }
  }
  return {};
}

std::unique_ptr<Cursor> MemoryStore::NewCursor(Space space, std::string lower,
                                               std::string upper) {
  std::shared_lock lock(mu_);
  const Tree& tree = spaces_[static_cast<std::size_t>(space)];
  std::vector<std::pair<std::string, std::string>> rows;
  auto end = upper.empty() ? tree.end() : tree.lower_bound(upper);
  for (auto it = tree.lower_bound(lower); it != end; ++it) rows.emplace_back(*it);
  return std::make_unique<VectorCursor>(std::move(rows));
}

}  // namespace ddb::storage
