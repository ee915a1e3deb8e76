// storage/memory_store.h
//
// MemoryStore: KvStore on std::map, for unit tests. A cursor iterates a copy
// of its range taken when it is created, which is simple and consistent but
// costs O(range); production in-memory mode uses RocksDbStore on a memory Env.
#pragma once

#include <array>
#include <map>
#include <shared_mutex>

#include "storage/kv_store.h"

namespace ddb::storage {

class MemoryStore : public KvStore {
 public:
  StoreResult<std::optional<std::string>> Get(Space space, std::string_view key) override;
  StoreStatus Write(const WriteBatch& batch) override;
  std::unique_ptr<Cursor> NewCursor(Space space, std::string lower,
                                    std::string upper) override;

 private:
  using Tree = std::map<std::string, std::string, std::less<>>;
  std::shared_mutex mu_;                  // guards spaces_
  std::array<Tree, kSpaceCount> spaces_;
};

}  // namespace ddb::storage
