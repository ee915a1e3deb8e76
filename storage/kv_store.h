// storage/kv_store.h
//
// KvStore: an ordered map from byte-string keys to byte-string values, in a
// fixed set of key spaces. It is everything engine/ needs from a database.
//
// Two implementations: RocksDbStore (storage/rocksdb_store.h), the only code
// that includes RocksDB, and MemoryStore, a std::map for unit tests. Keys are
// opaque bytes here; how DynamoDB keys become bytes that sort correctly is
// engine/key_codec.h's business.
//
// Thread-safety: every method may be called from any thread concurrently.
// A WriteBatch is applied atomically: readers see all of it or none of it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace ddb::storage {

// Key spaces; RocksDbStore maps each to a column family. Tables are told
// apart by a key prefix, never by a key space each, so the set never changes.
// WARNING: the names of the column families are on disk (rocksdb_store.cc).
enum class Space : uint8_t { kCatalog, kItems, kIndexes, kStreams };
inline constexpr int kSpaceCount = 4;

struct StoreError {
  std::string message;
};

template <typename T>
using StoreResult = base::Result<T, StoreError>;
using StoreStatus = base::Result<void, StoreError>;

// A list of changes applied together by KvStore::Write.
class WriteBatch {
 public:
  enum class Kind : uint8_t { kPut, kDelete, kDeleteRange };
  struct Op {
    Kind kind;
    Space space;
    std::string key;    // for kDeleteRange: the first key removed
    std::string value;  // for kDeleteRange: the end (excluded)
  };

  void Put(Space space, std::string key, std::string value) {
    ops_.push_back({Kind::kPut, space, std::move(key), std::move(value)});
  }
  void Delete(Space space, std::string key) {
    ops_.push_back({Kind::kDelete, space, std::move(key), {}});
  }
  // Removes every key in [begin, end).
  void DeleteRange(Space space, std::string begin, std::string end) {
    ops_.push_back({Kind::kDeleteRange, space, std::move(begin), std::move(end)});
  }
  const std::vector<Op>& ops() const { return ops_; }
  bool empty() const { return ops_.empty(); }

 private:
  std::vector<Op> ops_;
};

// Iterates keys of one space in [lower, upper), ascending, or descending
// after SeekToLast. key() and value() stay valid until the next move.
class Cursor {
 public:
  virtual ~Cursor() = default;
  virtual void Seek(std::string_view key) = 0;  // first key >= key
  virtual void SeekToFirst() = 0;
  virtual void SeekToLast() = 0;
  virtual bool Valid() const = 0;
  virtual void Next() = 0;
  virtual void Prev() = 0;
  virtual std::string_view key() const = 0;
  virtual std::string_view value() const = 0;
  // An I/O error that ended the iteration early, if any.
  virtual StoreStatus status() const = 0;
};

// Lets this thread's Writes leave their log records in the process, so
// that one WriteLog writes many: the HTTP workers, which call WriteLog
// before they answer. Every other thread's Writes write their own.
void DeferLogWrites(bool defer);
bool LogWritesDeferred();

class KvStore {
 public:
  virtual ~KvStore() = default;

  // The value under key, or nullopt when there is none.
  virtual StoreResult<std::optional<std::string>> Get(Space space, std::string_view key) = 0;

  // Applies the whole batch atomically. On a thread that defers log writes
  // (DeferLogWrites), the batch's log record may stay in the process until
  // the next WriteLog; on any other thread it has reached the operating
  // system when Write returns.
  virtual StoreStatus Write(const WriteBatch& batch) = 0;

  // Hands the log records of every Write so far to the operating system.
  virtual StoreStatus WriteLog() { return {}; }
  // Whether some Write's log record has not reached the operating system.
  virtual bool LogPending() const { return false; }

  // A cursor over [lower, upper) of one space; an empty upper means no bound.
  virtual std::unique_ptr<Cursor> NewCursor(Space space, std::string lower,
                                            std::string upper) = 0;
};

}  // namespace ddb::storage
