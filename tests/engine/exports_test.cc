// Exports read from the point-in-time data, with the engine's clock moved by
// hand (an incremental export needs a period of 15 minutes or more) and an
// ExchangeFiles that records the lines instead of writing files.
#include <gtest/gtest.h>

#include "engine/engine.h"
#include "storage/memory_store.h"

namespace ddb {
namespace {

constexpr double kMinute = 60;

// Each export's lines, as "<pk>:<old v or ->:<new v or ->" (incremental)
// or "<pk>=<v>" (full).
class RecordingFiles : public ExchangeFiles {
 public:
  std::vector<std::vector<std::string>> exports;

  class Writer : public ExportWriter {
   public:
    explicit Writer(std::vector<std::string>& lines) : lines_(lines) {}
    Status Write(const ExportLine& line) override {
      auto v = [](const Item* item) {
        return item ? item->at("v").n().ToString() : std::string("-");
      };
      if (line.item) {
        lines_.push_back(line.item->at("pk").s() + "=" + v(line.item));
      } else {
        lines_.push_back(line.keys->at("pk").s() + ":" + v(line.old_image) + ":" +
                         v(line.new_image));
      }
      return {};
    }
    Status Finish(ExportDescription& d) override {
      d.item_count = static_cast<int64_t>(lines_.size());
      return {};
    }

   private:
    std::vector<std::string>& lines_;
  };

  Result<std::unique_ptr<ExportWriter>> OpenExport(const ExportDescription&) override {
    exports.emplace_back();
    return std::unique_ptr<ExportWriter>(new Writer(exports.back()));
  }
  Result<std::unique_ptr<ImportReader>> OpenImport(const ImportDescription&) override {
    return Error::Internal("no imports here");
  }
};

class ExportsTest : public testing::Test {
 protected:
  void SetUp() override {
    engine_.clock = [this] { return now_; };
    engine_.SetExchangeFiles(&files_);
    ASSERT_TRUE(engine_.Open());
    CreateTableRequest request;
    request.table.table_name = "tab";
    request.table.key_schema = {{"pk", KeyType::kHash}};
    request.table.attribute_definitions = {{"pk", Type::kS}};
    request.table.billing_mode = "PAY_PER_REQUEST";
    auto created = engine_.CreateTable(context_, request);
    ASSERT_TRUE(created);
    arn_ = created->table.table_arn;
    ContinuousBackupsRequest pitr{"tab", true, std::nullopt};
    ASSERT_TRUE(engine_.UpdateContinuousBackups(context_, pitr));
  }

  void Put(const std::string& pk, int v) {
    Item item{{"pk", AttributeValue::S(pk)}, {"v", AttributeValue::N(*Number::Parse(std::to_string(v)))}};
    ASSERT_TRUE(engine_.PutItem(context_, {.table_name = "tab", .item = std::move(item)}));
  }
  void Delete(const std::string& pk) {
    ASSERT_TRUE(engine_.DeleteItem(
        context_, {.table_name = "tab", .key = {{"pk", AttributeValue::S(pk)}}}));
  }

  // Runs an export to its end; its lines, sorted.
  std::vector<std::string> Export(ExportTableToPointInTimeRequest request) {
    request.table_arn = arn_;
    request.s3_bucket = "bucket";
    auto started = engine_.ExportTableToPointInTime(context_, request);
    EXPECT_TRUE(started) << (started ? "" : started.error().message);
    if (!started) return {};
    engine_.DrainJobs();
    auto done = engine_.DescribeExport(context_, {started->description.export_arn});
    EXPECT_TRUE(done);
    EXPECT_EQ(done->description.export_status, "COMPLETED");
    std::vector<std::string> lines = files_.exports.back();
    std::sort(lines.begin(), lines.end());
    return lines;
  }

  ExportTableToPointInTimeRequest Incremental(double from, double to, std::string view) {
    ExportTableToPointInTimeRequest r;
    r.export_type = "INCREMENTAL_EXPORT";
    r.incremental = IncrementalExportSpecification{from, to, std::move(view)};
    return r;
  }

  double now_ = 1'700'000'000;
  RecordingFiles files_;
  storage::MemoryStore store_;
  Engine engine_{store_};
  RequestContext context_{.database = "db", .region = "us-east-1"};
  std::string arn_;
};

TEST_F(ExportsTest, FullExportAtAnEarlierTime) {
  Put("a", 1);
  Put("b", 1);
  now_ += kMinute;
  const double then = now_;
  now_ += kMinute;
  Put("a", 2);
  Delete("b");
  Put("c", 1);
  ExportTableToPointInTimeRequest at_then;
  at_then.export_time = then;
  EXPECT_EQ(Export(at_then), (std::vector<std::string>{"a=1", "b=1"}));
  EXPECT_EQ(Export({}), (std::vector<std::string>{"a=2", "c=1"}));
}

TEST_F(ExportsTest, IncrementalExportHasEachItemsNetChange) {
  Put("updated", 1);
  Put("deleted", 1);
  Put("untouched", 1);
  now_ += 10 * kMinute;
  const double from = now_;
  now_ += kMinute;
  Put("updated", 2);
  Put("updated", 3);
  Delete("deleted");
  Put("new", 1);
  Put("brief", 1);
  Delete("brief");  // made and deleted within the period: not exported
  now_ += 20 * kMinute;
  const double to = now_;
  now_ += kMinute;
  Put("after", 1);  // after the period
  EXPECT_EQ(Export(Incremental(from, to, "NEW_AND_OLD_IMAGES")),
            (std::vector<std::string>{"deleted:1:-", "new:-:1", "updated:1:3"}));
  EXPECT_EQ(Export(Incremental(from, to, "NEW_IMAGE")),
            (std::vector<std::string>{"deleted:-:-", "new:-:1", "updated:-:3"}));
}

TEST_F(ExportsTest, IncrementalPeriodBounds) {
  now_ += 60 * kMinute;
  auto refused = [&](ExportTableToPointInTimeRequest r) {
    r.table_arn = arn_;
    r.s3_bucket = "bucket";
    auto out = engine_.ExportTableToPointInTime(context_, r);
    return out ? std::string("accepted") : out.error().message;
  };
  EXPECT_EQ(refused(Incremental(now_ - 14 * kMinute, now_, "NEW_IMAGE")),
            "Difference between export period from time and export period to time is less "
            "than 15 minutes");
  EXPECT_EQ(refused(Incremental(now_ - 30 * kMinute, now_ + kMinute, "NEW_IMAGE")),
            "Incremental export period to time cannot be greater than the current time : "
            "2023-11-14T23:13:20Z");
  now_ += 25 * 60 * kMinute;
  EXPECT_EQ(refused(Incremental(now_ - 25 * 60 * kMinute, now_, "NEW_IMAGE")),
            "Difference between export period from time and export period to time is greater "
            "than 24 hours");
  EXPECT_EQ(refused(Incremental(now_ - 30 * kMinute, now_, "NEW_IMAGE")), "accepted");
}

}  // namespace
}  // namespace ddb

namespace ddb {
namespace {

// Not an export, but the same table and clock: the SYSTEM backup DeleteTable
// makes of a table with point-in-time recovery on lasts 35 days.
TEST_F(ExportsTest, DeletedTableBackupIsSweptAfter35Days) {
  Put("a", 1);
  ASSERT_TRUE(engine_.DeleteTable(context_, {"tab"}));
  ListBackupsRequest system;
  system.backup_type = "SYSTEM";
  auto listed = engine_.ListBackups(context_, system);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->backups.size(), 1u);
  const std::string arn = listed->backups[0].backup_arn;
  EXPECT_EQ(listed->backups[0].backup_name, "tab$DeletedTableBackup");
  EXPECT_EQ(listed->backups[0].item_count, 1);
  now_ += 35 * 86400 - 1;
  engine_.Sweep();
  EXPECT_TRUE(engine_.DescribeBackup(context_, {arn}));
  now_ += 1;
  EXPECT_FALSE(engine_.DescribeBackup(context_, {arn}));
  engine_.Sweep();
  EXPECT_EQ(engine_.ListBackups(context_, system)->backups.size(), 0u);
  // Its copy of the items is gone from the store too.
  int64_t keys = 0;
  auto cursor = store_.NewCursor(storage::Space::kItems, "", "");
  for (cursor->SeekToFirst(); cursor->Valid(); cursor->Next()) ++keys;
  EXPECT_EQ(keys, 0);
}

}  // namespace
}  // namespace ddb
