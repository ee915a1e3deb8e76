#include "protocol/attribute_value_json.h"

#include <gtest/gtest.h>

#include "model/item_codec.h"
#include "protocol/operations.h"

namespace ddb::protocol {
namespace {

// Decodes {"v": <json>} and returns the value's result.
Result<AttributeValue> Decode(const std::string& json) {
  static thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  std::string doc = "{\"v\":" + json + "}";
  EXPECT_EQ(parser.parse(doc).get(root), simdjson::SUCCESS);
  return DecodeAttributeValue(root["v"].value());
}

std::string Encode(const AttributeValue& value) {
  JsonWriter out;
  EncodeAttributeValue(value, out);
  return std::move(out).Take();
}

std::string ErrorOf(const std::string& json) {
  auto r = Decode(json);
  return r ? "" : r.error().message;
}

TEST(AttributeValueJsonTest, RoundTripsEveryType) {
  for (std::string json :
       {R"({"S":"a\"b\n"})", R"({"N":"-1.5"})", R"({"B":"AAH/"})", R"({"BOOL":false})",
        R"({"NULL":true})", R"({"M":{"a":{"L":[{"N":"1"},{"S":""}]}}})", R"({"SS":["a","b"]})",
        R"({"NS":["1","2.5"]})", R"({"BS":["AA==","eA=="]})"}) {
    auto v = Decode(json);
    ASSERT_TRUE(v) << json << ": " << v.error().message;
    EXPECT_EQ(Encode(*v), json);
  }
}

TEST(AttributeValueJsonTest, NormalizesNumbers) {
  EXPECT_EQ(Encode(*Decode(R"({"N":"1E+3"})")), R"({"N":"1000"})");
}

TEST(AttributeValueJsonTest, RejectsWhatDynamoDbRejects) {
  EXPECT_EQ(ErrorOf("{}"),
            "Supplied AttributeValue is empty, must contain exactly one of the supported "
            "datatypes");
  EXPECT_EQ(ErrorOf(R"({"S":"a","N":"1"})"),
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one "
            "of the supported datatypes");
  EXPECT_EQ(ErrorOf(R"({"SS":[]})"),
            "One or more parameter values were invalid: An string set  may not be empty");
  EXPECT_EQ(ErrorOf(R"({"SS":["a","a"]})"),
            "One or more parameter values were invalid: Input collection [a, a] contains "
            "duplicates.");
  EXPECT_EQ(ErrorOf(R"({"N":"x"})"), "A value provided cannot be converted into a number");
  EXPECT_EQ(ErrorOf(R"({"NULL":false})"),
            "One or more parameter values were invalid: Null attribute value types must have "
            "the value of true");
}

TEST(AttributeValueJsonTest, WrongJsonTypesAreSerializationErrors) {
  for (std::string json : {R"({"S":1})", R"({"N":1})", R"({"BOOL":"true"})", R"({"L":{}})",
                           R"({"M":[]})", R"("x")", R"({"B":"not base64!"})"}) {
    auto v = Decode(json);
    ASSERT_FALSE(v) << json;
    EXPECT_EQ(v.error().code, ErrorCode::kSerializationException) << json;
  }
}

TEST(AttributeValueJsonTest, LimitsNestingToThirtyTwoLevels) {
  std::string ok = R"({"S":"x"})", deep;
  for (int i = 1; i < 32; ++i) ok = R"({"L":[)" + ok + "]}";
  EXPECT_TRUE(Decode(ok));
  deep = R"({"L":[)" + ok + "]}";
  auto r = Decode(deep);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kValidationException);
}

TEST(AttributeValueJsonTest, EscapesWhereverTheCharacterFalls) {
  // The writer skips safe runs eight bytes at a time: put every character
  // that needs an escape at every offset of such a run.
  for (std::string special : std::vector<std::string>{"\"", "\\", "\n", "\x01", "\x1f"}) {
    for (std::size_t at = 0; at < 20; ++at) {
      std::string text = std::string(at, 'a') + special + "\xc3\xa9" + std::string(9, 'b');
      std::string json = Encode(AttributeValue::S(text));
      auto back = Decode(json);
      ASSERT_TRUE(back) << json;
      EXPECT_EQ(back->s(), text) << json;
    }
  }
  EXPECT_EQ(Encode(AttributeValue::S("0123456789\t")), R"({"S":"0123456789\t"})");
}

TEST(AttributeValueJsonTest, StoredItemsEncodeAsTheirDecodedSelves) {
  auto item = Decode(R"({"M":{"s":{"S":"a\"b"},"n":{"N":"-1.5E3"},"b":{"B":"AAH/"},)"
                                 R"("t":{"BOOL":true},"z":{"NULL":true},"ss":{"SS":["b","a"]},)"
                                 R"("ns":{"NS":["10","9"]},"bs":{"BS":["eA==","AA=="]},)"
                                 R"("l":{"L":[{"M":{"x":{"L":[]}}},{"SS":["q"]},{"N":"0"}]},)"
                                 R"("m":{"M":{}}}})");
  ASSERT_TRUE(item) << item.error().message;
  Item decoded = item->m();
  JsonWriter direct, stored;
  EncodeItem(decoded, direct);
  EXPECT_TRUE(EncodeStoredItem(ddb::EncodeItem(decoded), stored));
  EXPECT_EQ(std::move(stored).Take(), std::move(direct).Take());
}

TEST(AttributeValueJsonTest, GetItemSendsAStoredItemAsItsDecodedSelf) {
  Item item{{"pk", AttributeValue::S("a")}, {"list", AttributeValue::L({AttributeValue::Bool(true)})}};
  GetItemResponse decoded{.item = item};
  GetItemResponse stored{.stored_item = ddb::EncodeItem(item)};
  auto from_decoded = EncodeGetItem(decoded);
  auto from_stored = EncodeGetItem(stored);
  ASSERT_TRUE(from_decoded && from_stored);
  EXPECT_EQ(*from_stored, *from_decoded);
  EXPECT_EQ(*from_stored, R"({"Item":{"list":{"L":[{"BOOL":true}]},"pk":{"S":"a"}}})");
}

TEST(AttributeValueJsonTest, GetItemOfACorruptStoredItemIsAnInternalError) {
  std::string bytes = ddb::EncodeItem({{"pk", AttributeValue::S("abc")}});
  bytes.resize(bytes.size() - 1);  // the string cut short
  auto r = EncodeGetItem(GetItemResponse{.stored_item = bytes});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInternalServerError);
}

}  // namespace
}  // namespace ddb::protocol
