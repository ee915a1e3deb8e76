#include "model/attribute_value.h"

#include <gtest/gtest.h>

namespace ddb {
namespace {

AttributeValue Num(std::string_view text) { return AttributeValue::N(*Number::Parse(text)); }

TEST(ItemSizeTest, CountsNamesAndValuesTheDynamoDbWay) {
  EXPECT_EQ(ItemSize({{"pk", AttributeValue::S("abc")}}), 5u);
  EXPECT_EQ(ItemSize({{"b", AttributeValue::B("\x01\x02")}}), 3u);
  EXPECT_EQ(ItemSize({{"t", AttributeValue::Bool(true)}, {"n", AttributeValue::Null()}}), 4u);
  // Numbers: one byte per two significant digits, plus one.
  EXPECT_EQ(AttributeSize(Num("12345")), 4u);
  EXPECT_EQ(AttributeSize(Num("1000")), 2u);
  // Maps and lists: 3 bytes, plus one per element.
  EXPECT_EQ(AttributeSize(AttributeValue::M({})), 3u);
  EXPECT_EQ(AttributeSize(AttributeValue::M({{"a", AttributeValue::S("xy")}})), 3u + 1 + 2 + 1);
  EXPECT_EQ(AttributeSize(AttributeValue::L({AttributeValue::S("xy")})), 3u + 2 + 1);
  EXPECT_EQ(AttributeSize(AttributeValue::SS({"a", "bc"})), 3u);
}

TEST(AttributeValueTest, EqualityIsTypeSensitiveAndNumeric) {
  EXPECT_EQ(Num("1"), Num("1.00"));
  EXPECT_NE(AttributeValue::S("1"), Num("1"));
  EXPECT_EQ(TypeName(AttributeValue::NS({}).type()), "NS");
}

}  // namespace
}  // namespace ddb
