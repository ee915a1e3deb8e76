#include "server/options.h"

#include <gtest/gtest.h>

namespace ddb::server {
namespace {

TEST(OptionsTest, AcceptsDynamoDbLocalCommandLines) {
  auto p = ParseOptions({"-jar", "DynamoDBLocal.jar", "-sharedDb", "-dbPath", "./data",
                         "-port", "8123", "-cors", "*", "-delayTransientStatuses",
                         "-optimizeDbBeforeStartup", "-disableTelemetry"});
  ASSERT_EQ(p.error, "");
  EXPECT_TRUE(p.options.shared_db);
  EXPECT_EQ(p.options.db_path, "./data");
  EXPECT_EQ(p.options.port, 8123);
  EXPECT_TRUE(p.options.delay_transient_statuses);
}

TEST(OptionsTest, AcceptsLongForms) {
  auto p = ParseOptions({"--port=9000", "--host", "0.0.0.0", "--inMemory", "--threads=3"});
  ASSERT_EQ(p.error, "");
  EXPECT_EQ(p.options.port, 9000);
  EXPECT_EQ(p.options.host, "0.0.0.0");
  EXPECT_TRUE(p.options.in_memory);
  EXPECT_EQ(p.options.threads, 3);
}

TEST(OptionsTest, TriggersAreRepeatableSpecs) {
  auto p = ParseOptions({"--trigger", "table=a,batch-size=5,window=0.5,start=TRIM_HORIZON,"
                                      "retries=7,url=http://127.0.0.1:9/x",
                         "--trigger", "table=b,command=cat > /tmp/x, with a comma"});
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.options.triggers.size(), 2u);
  const TriggerSpec& a = p.options.triggers[0];
  EXPECT_EQ(a.table, "a");
  EXPECT_EQ(a.batch_size, 5);
  EXPECT_DOUBLE_EQ(a.window_seconds, 0.5);
  EXPECT_TRUE(a.trim_horizon);
  EXPECT_EQ(a.retries, 7);
  EXPECT_EQ(a.url, "http://127.0.0.1:9/x");
  const TriggerSpec& b = p.options.triggers[1];
  EXPECT_EQ(b.command, "cat > /tmp/x, with a comma");
  EXPECT_EQ(b.batch_size, 100);
  EXPECT_FALSE(b.trim_horizon);
  EXPECT_EQ(b.retries, 2);
}

TEST(OptionsTest, RefusesBadTriggers) {
  for (const char* spec : {"table=a", "url=http://x/", "table=a,url=http://x/,command=y",
                           "table=a,url=https://x/", "table=a,batch-size=0,url=http://x/",
                           "table=a,start=NOW,url=http://x/", "table=a,size=1,url=http://x/",
                           "table=a,url"}) {
    EXPECT_NE(ParseOptions({"--trigger", spec}).error, "") << spec;
  }
}

TEST(OptionsTest, TtlIntervalIsSeconds) {
  EXPECT_EQ(ParseOptions({}).options.ttl_interval_ms, 1000);
  auto p = ParseOptions({"--ttl-interval", "0.25"});
  ASSERT_EQ(p.error, "");
  EXPECT_EQ(p.options.ttl_interval_ms, 250);
  EXPECT_NE(ParseOptions({"--ttl-interval", "0"}).error, "");
  EXPECT_NE(ParseOptions({"--ttl-interval", "x"}).error, "");
}

TEST(OptionsTest, TransactionDelayIsMilliseconds) {
  EXPECT_EQ(ParseOptions({}).options.transaction_delay_ms, 0);
  auto p = ParseOptions({"--transaction-delay", "250"});
  ASSERT_EQ(p.error, "");
  EXPECT_EQ(p.options.transaction_delay_ms, 250);
  EXPECT_NE(ParseOptions({"--transaction-delay", "-1"}).error, "");
  EXPECT_NE(ParseOptions({"--transaction-delay"}).error, "");
}

TEST(OptionsTest, RefusesBadInput) {
  EXPECT_NE(ParseOptions({"-bogus"}).error, "");
  EXPECT_NE(ParseOptions({"-port", "x"}).error, "");
  EXPECT_NE(ParseOptions({"-port", "70000"}).error, "");
  EXPECT_NE(ParseOptions({"-port"}).error, "");
  EXPECT_NE(ParseOptions({"-inMemory", "-dbPath", "x"}).error, "");
  EXPECT_NE(ParseOptions({"stray"}).error, "");
}

}  // namespace
}  // namespace ddb::server

namespace ddb::server {
namespace {

TEST(OptionsTest, SkipsJarAfterOurOwnFlags) {
  auto p = ParseOptions({"--host", "0.0.0.0", "-jar", "DynamoDBLocal.jar", "-inMemory"});
  ASSERT_EQ(p.error, "");
  EXPECT_TRUE(p.options.in_memory);
  EXPECT_EQ(p.options.host, "0.0.0.0");
}

}  // namespace
}  // namespace ddb::server
