#include "storage/rocksdb_store.h"

#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <array>
#include <filesystem>

namespace ddb::storage {
namespace {

// Column family per Space, in Space order. WARNING: these names are on disk.
constexpr std::array<const char*, kSpaceCount> kFamilyNames = {"default", "items", "indexes",
                                                                 "streams"};

rocksdb::Slice ToSlice(std::string_view s) { return {s.data(), s.size()}; }
std::string_view ToView(const rocksdb::Slice& s) { return {s.data(), s.size()}; }

// A memtable's memory comes in blocks (kMemtableBlockBytes), all freed when
// it is flushed; compactions allocate and free large buffers too. glibc's
// malloc raises its mmap threshold to the size of every large block freed,
// so after the first flush such blocks came from its heaps, where, freed,
// they stayed resident between smaller allocations still in use: 119 MB
// resident after loading 10^7 items on disk, 31 MB of it in use. A fixed
// threshold (which also stops the raising) below the memtable's blocks maps
// each of them apart and unmaps it when freed: 76 MB. It is set above the
// largest response buffers (a 1 MB Scan page is ~1.5 MB of JSON, ~2 MB
// reserved), which a lower one would map afresh, page faults and all, for
// every page: 256 KB gave 63 MB but 10-18% fewer 1 MB Scans a second
// (bench/NOTES.md, 2026-12-04).
constexpr std::size_t kMemtableBlockBytes = 4 << 20;
constexpr int kMmapThresholdBytes = 3 << 20;

// Process-wide, and the same value each time a store opens.
void MapLargeBlocksApart() { mallopt(M_MMAP_THRESHOLD, kMmapThresholdBytes); }

class RocksCursor : public Cursor {
 public:
  RocksCursor(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family, std::string lower,
              std::string upper)
      : lower_(std::move(lower)), upper_(std::move(upper)) {
    lower_slice_ = ToSlice(lower_);
    upper_slice_ = ToSlice(upper_);
    rocksdb::ReadOptions options;
    options.iterate_lower_bound = &lower_slice_;
    if (!upper_.empty()) options.iterate_upper_bound = &upper_slice_;
    it_.reset(db->NewIterator(options, family));
  }
  void Seek(std::string_view key) override { it_->Seek(ToSlice(key)); }
  void SeekToFirst() override { it_->SeekToFirst(); }
  void SeekToLast() override { it_->SeekToLast(); }
  bool Valid() const override { return it_->Valid(); }
  void Next() override { it_->Next(); }
  void Prev() override { it_->Prev(); }
  std::string_view key() const override { return ToView(it_->key()); }
  std::string_view value() const override { return ToView(it_->value()); }
  StoreStatus status() const override {
    rocksdb::Status s = it_->status();
    if (s.ok()) return {};
    return StoreError{s.ToString()};
  }

 private:
  std::string lower_, upper_;  // the bounds' bytes must outlive the iterator
  rocksdb::Slice lower_slice_, upper_slice_;
  std::unique_ptr<rocksdb::Iterator> it_;
};

}  // namespace

struct RocksDbStore::Impl {
  std::unique_ptr<rocksdb::Env> mem_env;  // in memory mode; outlives db
  std::vector<rocksdb::ColumnFamilyHandle*> families;
  std::unique_ptr<rocksdb::DB> db;
  rocksdb::WriteOptions write_options;
  bool manual_log = false;  // manual_wal_flush: Write leaves the log to WriteLog
  // Writes counted after their log record is in RocksDB's buffer, and how
  // many of them WriteLog has written out.
  std::atomic<uint64_t> written{0};
  std::atomic<uint64_t> logged{0};
  std::mutex log_mu;  // one WriteLog at a time

  ~Impl() {
    if (db && manual_log) db->FlushWAL(false).PermitUncheckedError();
    for (auto* family : families) db->DestroyColumnFamilyHandle(family);
    families.clear();
    if (db) db->Close().PermitUncheckedError();
    db.reset();
  }
};

namespace {

// Opens the database with every family of kFamilyNames, in Space order. The
// families a new database lacks are created together after it opens:
// DB::Open would create each separately, writing (and reading back to
// verify) an OPTIONS file for every one, a third of a cold start.
rocksdb::Status OpenFamilies(const rocksdb::Options& db_options, const std::string& path,
                             std::unique_ptr<rocksdb::DB>& db,
                             std::vector<rocksdb::ColumnFamilyHandle*>& families) {
  std::vector<std::string> present;
  if (!rocksdb::DB::ListColumnFamilies(db_options, path, &present).ok()) {
    present = {rocksdb::kDefaultColumnFamilyName};  // a new database
  }
  const rocksdb::ColumnFamilyOptions family_options(db_options);
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  std::vector<std::string> missing;
  for (const char* name : kFamilyNames) {
    if (std::find(present.begin(), present.end(), name) != present.end()) {
      descriptors.emplace_back(name, family_options);
    } else {
      missing.emplace_back(name);
    }
  }
  std::vector<rocksdb::ColumnFamilyHandle*> opened, created;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, path, descriptors, &opened, &raw);
  db.reset(raw);
  if (!s.ok()) return s;
  families = opened;  // so that they are released whatever happens next
  if (!missing.empty()) {
    s = db->CreateColumnFamilies(family_options, missing, &created);
    families.insert(families.end(), created.begin(), created.end());
    if (!s.ok()) return s;
  }
  // Back in Space order.
  std::vector<rocksdb::ColumnFamilyHandle*> ordered;
  for (const char* name : kFamilyNames) {
    for (auto* family : families) {
      if (family->GetName() == name) ordered.push_back(family);
    }
  }
  families = std::move(ordered);
  return s;
}

}  // namespace

RocksDbStore::RocksDbStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RocksDbStore::~RocksDbStore() = default;

StoreResult<std::unique_ptr<RocksDbStore>> RocksDbStore::Open(const RocksDbOptions& options) {
  MapLargeBlocksApart();
  auto impl = std::make_unique<Impl>();
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  // A local emulator should idle small: modest write buffers, few files.
  db_options.write_buffer_size = 8 << 20;
  db_options.arena_block_size = kMemtableBlockBytes;  // mapped apart (MapLargeBlocksApart)
  db_options.max_open_files = 256;
  db_options.keep_log_file_num = 2;
  db_options.max_background_jobs = 2;
  // Opening loads table files on the calling thread: with RocksDB's default
  // (16 threads), every start spawns and joins 15 threads, ~2 ms of a cold
  // start, to open what is usually a handful of files.
  db_options.max_file_opening_threads = 1;
  // RocksDB's LOG keeps warnings and errors; at the default level it also
  // dumps every option of every column family at each start.
  db_options.info_log_level = rocksdb::WARN_LEVEL;
  // Items compress well, and LZ4 is cheap enough to decompress on every read
  // (bench/NOTES.md: 1M items, 355 MB -> 22 MB on disk).
  db_options.compression = rocksdb::kLZ4Compression;
  // A Bloom filter per table file (10 bits a key, ~1% false positives):
  // a point read of a key a file lacks -- every PutItem of a new item reads
  // the old one first -- skips that file instead of searching its index
  // and a data block (bench/NOTES.md: cruddur puts +33-50%).
  rocksdb::BlockBasedTableOptions table_options;
  table_options.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  db_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table_options));
  // The write-ahead log is kept only until its memtables are flushed.
  db_options.max_total_wal_size = 64 << 20;
  // The log is written by WriteLog, so that concurrent requests share one
  // write(2) (see the header). A synced log is written and synced per write.
  db_options.manual_wal_flush = !options.in_memory && !options.sync_writes;
  impl->manual_log = db_options.manual_wal_flush;
  std::string path = options.path;
  if (options.in_memory) {
    impl->mem_env.reset(rocksdb::NewMemEnv(rocksdb::Env::Default()));
    db_options.env = impl->mem_env.get();
    path = "/dynarock-in-memory";
  } else {
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec) return StoreError{"cannot create " + path + ": " + ec.message()};
  }
  if (auto s = OpenFamilies(db_options, path, impl->db, impl->families); !s.ok()) {
    return StoreError{"cannot open the database in " + path + ": " + s.ToString()};
  }
  impl->write_options.sync = options.sync_writes;
  if (options.in_memory) impl->write_options.disableWAL = true;
  return std::unique_ptr<RocksDbStore>(new RocksDbStore(std::move(impl)));
}

StoreResult<std::optional<std::string>> RocksDbStore::Get(Space space, std::string_view key) {
  std::string value;
  rocksdb::Status s = impl_->db->Get(rocksdb::ReadOptions(),
                                     impl_->families[static_cast<std::size_t>(space)],
                                     ToSlice(key), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return StoreError{s.ToString()};
  return std::optional<std::string>(std::move(value));
}

StoreStatus RocksDbStore::Write(const WriteBatch& batch) {
  rocksdb::WriteBatch rocks_batch;
  for (const WriteBatch::Op& op : batch.ops()) {
    auto* family = impl_->families[static_cast<std::size_t>(op.space)];
    rocksdb::Status s;
    switch (op.kind) {
      case WriteBatch::Kind::kPut:
        s = rocks_batch.Put(family, ToSlice(op.key), ToSlice(op.value));
        break;
      case WriteBatch::Kind::kDelete:
        s = rocks_batch.Delete(family, ToSlice(op.key));
        break;
      case WriteBatch::Kind::kDeleteRange:
        s = rocks_batch.DeleteRange(family, ToSlice(op.key), ToSlice(op.value));
        break;
    }
    if (!s.ok()) return StoreError{s.ToString()};
  }
  rocksdb::Status s = impl_->db->Write(impl_->write_options, &rocks_batch);
  if (!s.ok()) return StoreError{s.ToString()};
  if (!impl_->manual_log) return {};
  impl_->written.fetch_add(1, std::memory_order_release);
  return LogWritesDeferred() ? StoreStatus() : WriteLog();
}

StoreStatus RocksDbStore::WriteLog() {
  if (!LogPending()) return {};
  std::lock_guard lock(impl_->log_mu);
  // Every write counted by now has its record in RocksDB's buffer, which
  // FlushWAL writes out whole (another WriteLog may have done it already).
  const uint64_t written = impl_->written.load(std::memory_order_acquire);
  if (impl_->logged.load(std::memory_order_relaxed) >= written) return {};
  rocksdb::Status s = impl_->db->FlushWAL(false);
  if (!s.ok()) return StoreError{s.ToString()};
  impl_->logged.store(written, std::memory_order_release);
  return {};
}

bool RocksDbStore::LogPending() const {
  return impl_->logged.load(std::memory_order_acquire) <
         impl_->written.load(std::memory_order_acquire);
}

namespace {
thread_local bool log_writes_deferred = false;
}  // namespace

void DeferLogWrites(bool defer) { log_writes_deferred = defer; }
bool LogWritesDeferred() { return log_writes_deferred; }

std::unique_ptr<Cursor> RocksDbStore::NewCursor(Space space, std::string lower,
                                                std::string upper) {
  return std::make_unique<RocksCursor>(impl_->db.get(),
                                       impl_->families[static_cast<std::size_t>(space)],
                                       std::move(lower), std::move(upper));
}

}  // namespace ddb::storage
