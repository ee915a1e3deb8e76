// The same contract, run against both KvStore implementations, so that the
// in-memory fake cannot drift from RocksDB.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "storage/memory_store.h"
#include "storage/rocksdb_store.h"

namespace ddb::storage {
namespace {

enum class Kind { kMemory, kRocksDisk, kRocksMemory };

class KvStoreTest : public testing::TestWithParam<Kind> {
 protected:
  void SetUp() override {
    if (GetParam() == Kind::kMemory) {
      store_ = std::make_unique<MemoryStore>();
      return;
    }
    RocksDbOptions options;
    options.in_memory = GetParam() == Kind::kRocksMemory;
    dir_ = std::filesystem::temp_directory_path() /
           ("dynarock-test-" + std::to_string(std::random_device{}()));
    options.path = dir_.string();
    auto opened = RocksDbStore::Open(options);
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = *std::move(opened);
  }
  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  void Put(Space space, std::string key, std::string value) {
    WriteBatch batch;
    batch.Put(space, std::move(key), std::move(value));
    ASSERT_TRUE(store_->Write(batch));
  }
  std::vector<std::string> Keys(Space space, std::string lower, std::string upper) {
    std::vector<std::string> keys;
    auto cursor = store_->NewCursor(space, std::move(lower), std::move(upper));
    for (cursor->SeekToFirst(); cursor->Valid(); cursor->Next()) keys.emplace_back(cursor->key());
    return keys;
  }

  std::filesystem::path dir_;
  std::unique_ptr<KvStore> store_;
};

TEST_P(KvStoreTest, GetReturnsWhatWasPutAndNothingElse) {
  Put(Space::kItems, "a", "1");
  auto got = store_->Get(Space::kItems, "a");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->value_or(""), "1");
  auto missing = store_->Get(Space::kItems, "b");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(missing->has_value());
  // Spaces are separate.
  auto other = store_->Get(Space::kCatalog, "a");
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->has_value());
}

TEST_P(KvStoreTest, CursorIteratesItsRangeInByteOrder) {
  for (std::string k : std::vector<std::string>{"b", "a", "c", std::string("a\0", 2), "\xff"}) {
    Put(Space::kItems, k, "v");
  }
  EXPECT_EQ(Keys(Space::kItems, "a", "c"),
            (std::vector<std::string>{"a", std::string("a\0", 2), "b"}));
  EXPECT_EQ(Keys(Space::kItems, "b", "").size(), 3u);
  auto cursor = store_->NewCursor(Space::kItems, "a", "c");
  cursor->SeekToLast();
  ASSERT_TRUE(cursor->Valid());
  EXPECT_EQ(cursor->key(), "b");
  cursor->Seek("a\x01");
  ASSERT_TRUE(cursor->Valid());
  EXPECT_EQ(cursor->key(), "b");
}

TEST_P(KvStoreTest, BatchAppliesDeletesAndRanges) {
  for (std::string k : {"a1", "a2", "b1", "c1"}) Put(Space::kItems, k, "v");
  WriteBatch batch;
  batch.DeleteRange(Space::kItems, "a", "b");
  batch.Delete(Space::kItems, "c1");
  batch.Put(Space::kItems, "d1", "v");
  ASSERT_TRUE(store_->Write(batch));
  EXPECT_EQ(Keys(Space::kItems, "", ""), (std::vector<std::string>{"b1", "d1"}));
}

INSTANTIATE_TEST_SUITE_P(AllStores, KvStoreTest,
                         testing::Values(Kind::kMemory, Kind::kRocksDisk, Kind::kRocksMemory),
                         [](const testing::TestParamInfo<Kind>& param) {
                           switch (param.param) {
                             case Kind::kMemory: return "MemoryStore";
                             case Kind::kRocksDisk: return "RocksDbOnDisk";
                             case Kind::kRocksMemory: return "RocksDbInMemory";
                           }
                           return "Unknown";
                         });

TEST(RocksDbStoreTest, DataSurvivesReopening) {
  auto dir = std::filesystem::temp_directory_path() /
             ("dynarock-reopen-" + std::to_string(std::random_device{}()));
  RocksDbOptions options;
  options.path = dir.string();
  {
    auto store = RocksDbStore::Open(options);
    ASSERT_TRUE(store);
    WriteBatch batch;
    batch.Put(Space::kCatalog, "k", "v");
    ASSERT_TRUE((*store)->Write(batch));
  }
  auto store = RocksDbStore::Open(options);
  ASSERT_TRUE(store);
  auto got = (*store)->Get(Space::kCatalog, "k");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->value_or(""), "v");
  store->reset();
  std::filesystem::remove_all(dir);
}

// A new database gets its column families after it opens, a reopened one
// names them all at once: each space must find its own entries either way.
TEST(RocksDbStoreTest, EverySpaceKeepsItsEntriesAcrossReopening) {
  auto dir = std::filesystem::temp_directory_path() /
             ("dynarock-spaces-" + std::to_string(std::random_device{}()));
  RocksDbOptions options;
  options.path = dir.string();
  const Space spaces[] = {Space::kCatalog, Space::kItems, Space::kIndexes, Space::kStreams};
  auto check = [&](KvStore& store) {
    for (Space space : spaces) {
      for (Space other : spaces) {
        auto got = store.Get(space, "key-of-" + std::to_string(static_cast<int>(other)));
        ASSERT_TRUE(got);
        EXPECT_EQ(got->has_value(), space == other)
            << "space " << static_cast<int>(space) << ", key of " << static_cast<int>(other);
      }
    }
  };
  {
    auto store = RocksDbStore::Open(options);
    ASSERT_TRUE(store) << store.error().message;
    WriteBatch batch;
    for (Space space : spaces) {
      batch.Put(space, "key-of-" + std::to_string(static_cast<int>(space)), "v");
    }
    ASSERT_TRUE((*store)->Write(batch));
    check(**store);
  }
  for (int reopening = 0; reopening < 2; ++reopening) {
    auto store = RocksDbStore::Open(options);
    ASSERT_TRUE(store) << store.error().message;
    check(**store);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ddb::storage
