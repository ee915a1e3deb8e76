// The router end to end, without HTTP, on the in-memory store.
#include "server/router.h"

#include <gtest/gtest.h>

#include "storage/memory_store.h"

namespace ddb::server {
namespace {

constexpr std::string_view kAuth =
    "AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/dynamodb/aws4_request, "
    "SignedHeaders=host, Signature=0";

class RouterTest : public testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(engine_.Open()); }
  Reply Call(std::string_view operation, std::string_view body,
             std::string_view auth = kAuth) {
    std::string target = "DynamoDB_20120810." + std::string(operation);
    return router_.Handle({target, body, auth});
  }
  storage::MemoryStore store_;
  Engine engine_{store_};
  Router router_{engine_, false};
};

TEST_F(RouterTest, ParsesTheCredential) {
  Credential c = ParseCredential(kAuth);
  EXPECT_EQ(c.access_key_id, "AKID");
  EXPECT_EQ(c.region, "eu-west-1");
}

TEST_F(RouterTest, CreatesAndListsATable) {
  Reply created = Call("CreateTable", R"({"TableName":"tab","BillingMode":"PAY_PER_REQUEST",
      "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
      "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}]})");
  EXPECT_EQ(created.status, 200) << created.body;
  EXPECT_NE(created.body.find("arn:aws:dynamodb:eu-west-1:000000000000:table/tab"),
            std::string::npos);
  Reply listed = Call("ListTables", "{}");
  EXPECT_EQ(listed.body, R"({"TableNames":["tab"]})");
}

TEST_F(RouterTest, UnknownOperationIs400) {
  Reply r = Call("Frobnicate", "{}");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"__type":"com.amazon.coral.service#UnknownOperationException"})");
}

TEST_F(RouterTest, MissingAuthorizationIsRefused) {
  Reply r = Call("ListTables", "{}", "");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("MissingAuthenticationTokenException"), std::string::npos);
}

}  // namespace
}  // namespace ddb::server
