// model/stored_items.h
//
// StoredItems: items as stored (model/item_codec.h), in order, one after
// another in one buffer. A page of a Query or Scan passes its items on this
// way, so a page costs two allocations rather than one per item.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ddb {

class StoredItems {
 public:
  // Room for `count` more items of `bytes` in all, when known.
  void Reserve(std::size_t bytes, std::size_t count) {
    bytes_.reserve(bytes_.size() + bytes);
    ends_.reserve(ends_.size() + count);
  }
  void Add(std::string_view stored) {
    bytes_.append(stored);
    ends_.push_back(bytes_.size());
  }

  std::size_t size() const { return ends_.size(); }
  bool empty() const { return ends_.empty(); }
  // The bytes of all the items together.
  std::size_t bytes() const { return bytes_.size(); }
  std::string_view operator[](std::size_t i) const {
    std::size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(bytes_).substr(begin, ends_[i] - begin);
  }

  class Iterator {
   public:
    Iterator(const StoredItems& items, std::size_t i) : items_(&items), i_(i) {}
    std::string_view operator*() const { return (*items_)[i_]; }
    Iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator==(const Iterator& other) const { return i_ == other.i_; }

   private:
    const StoredItems* items_;
    std::size_t i_;
  };
  Iterator begin() const { return Iterator(*this, 0); }
  Iterator end() const { return Iterator(*this, size()); }

 private:
  std::string bytes_;
  std::vector<std::size_t> ends_;  // where each item ends in bytes_
};

}  // namespace ddb
