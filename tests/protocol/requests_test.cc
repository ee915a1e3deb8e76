#include <gtest/gtest.h>

#include "protocol/operations.h"

namespace ddb::protocol {
namespace {

TEST(RequestsTest, CreateTableDecodesEveryMember) {
  auto r = DecodeCreateTable(R"({"TableName":"tab","BillingMode":"PAY_PER_REQUEST",
    "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
    "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],
    "StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_IMAGE"},
    "Tags":[{"Key":"k","Value":"v"}],"TableClass":"STANDARD_INFREQUENT_ACCESS",
    "DeletionProtectionEnabled":true})");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->table.table_name, "tab");
  EXPECT_EQ(r->table.billing_mode, "PAY_PER_REQUEST");
  EXPECT_EQ(r->table.stream_specification->stream_view_type, "NEW_IMAGE");
  EXPECT_EQ(r->table.tags.size(), 1u);
  EXPECT_TRUE(r->table.deletion_protection_enabled);
}

TEST(RequestsTest, ConstraintViolationsAreReportedTogether) {
  auto r = DecodeCreateTable(R"({"TableName":"a!","KeySchema":[],"AttributeDefinitions":[]})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "3 validation errors detected: Value 'a!' at 'tableName' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; "
            "Value 'a!' at 'tableName' failed to satisfy constraint: Member must have length "
            "greater than or equal to 3; Value '[]' at 'keySchema' failed to satisfy constraint: "
            "Member must have length greater than or equal to 1");
}

TEST(RequestsTest, ExistingTablesMayBeNamedShortlyOrByArn) {
  EXPECT_TRUE(DecodeDescribeTable(R"({"TableName":"a"})"));
  EXPECT_TRUE(DecodeDescribeTable(
      R"({"TableName":"arn:aws:dynamodb:us-east-1:000000000000:table/tab"})"));
  auto r = DecodeDescribeTable(R"({"TableName":""})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "1 validation error detected: Value '' at 'tableName' failed to satisfy constraint: "
            "Member must have length greater than or equal to 1");
}

TEST(RequestsTest, MissingRequiredMemberIsNamed) {
  auto r = DecodeGetItem(R"({"TableName":"tab"})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "1 validation error detected: Value null at 'key' failed to satisfy constraint: "
            "Member must not be null");
}

TEST(RequestsTest, MalformedJsonIsASerializationError) {
  for (std::string body : {"", "{", "[]", "\"x\"", "{\"TableName\":123}", "{\"a\":\"\xff\"}"}) {
    auto r = DecodeDescribeTable(body);
    ASSERT_FALSE(r) << body;
    EXPECT_EQ(r.error().code, ErrorCode::kSerializationException) << body;
  }
}

TEST(RequestsTest, ErrorBodyNamesTheNamespace) {
  EXPECT_EQ(EncodeError(Error::ResourceNotFound("Requested resource not found")),
            R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",)"
            R"("message":"Requested resource not found"})");
  EXPECT_EQ(EncodeError(Error::Validation("x")),
            R"({"__type":"com.amazon.coral.validate#ValidationException","message":"x"})");
}

}  // namespace
}  // namespace ddb::protocol
