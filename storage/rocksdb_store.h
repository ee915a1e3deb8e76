// storage/rocksdb_store.h
//
// RocksDbStore: KvStore on RocksDB, one column family per Space. The only
// code in the project that includes <rocksdb/...>.
//
// Durability: every Write goes to RocksDB's write-ahead log before it is
// acknowledged, so an acknowledged write survives a crash of the process.
// The log is written by hand (manual_wal_flush): at each Write, or, on a
// thread that defers log writes, at the WriteLog its caller makes before
// it acknowledges -- one write(2) for all the requests answered together.
// With sync_writes, the log is also fsync'ed per write, so it survives a
// power loss too. In memory mode nothing touches the disk.
#pragma once

#include <memory>
#include <string>

#include "storage/kv_store.h"

namespace ddb::storage {

struct RocksDbOptions {
  std::string path;         // directory; ignored when in_memory
  bool in_memory = false;   // keep everything in RAM (RocksDB's memory Env)
  bool sync_writes = false; // fsync the WAL on every write
};

class RocksDbStore : public KvStore {
 public:
  // Opens (creating if needed) the database. Fails with a readable message,
  // e.g. when the directory holds something that is not a RocksDB database.
  static StoreResult<std::unique_ptr<RocksDbStore>> Open(const RocksDbOptions& options);
  ~RocksDbStore() override;

  StoreResult<std::optional<std::string>> Get(Space space, std::string_view key) override;
  StoreStatus Write(const WriteBatch& batch) override;
  StoreStatus WriteLog() override;
  bool LogPending() const override;
  std::unique_ptr<Cursor> NewCursor(Space space, std::string lower,
                                    std::string upper) override;

 private:
  struct Impl;
  explicit RocksDbStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ddb::storage
