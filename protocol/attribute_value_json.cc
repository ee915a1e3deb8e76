#include "protocol/attribute_value_json.h"

#include <array>
#include <cstdint>
#include <vector>

#include "model/item_codec.h"
#include "model/item_walk.h"

#include "protocol/base64.h"

namespace ddb::protocol {
namespace {

// DynamoDB allows documents nested up to 32 levels.
constexpr int kMaxDepth = 32;

Error Invalid(std::string_view detail) { return Error::InvalidParameter(detail); }

Result<Number> DecodeNumberText(JsonElement json) {
  auto text = AsString(json);
  if (!text) return std::move(text).error();
  auto number = Number::Parse(*text);
  if (!number) return Error::Validation(std::string(NumberErrorMessage(number.error())));
  return *std::move(number);
}

Result<std::string> DecodeBinaryText(JsonElement json) {
  auto text = AsString(json);
  if (!text) return std::move(text).error();
  auto bytes = Base64Decode(*text);
  if (!bytes) {
    return Error::Serialization("Base64 encoded length is expected a multiple of 4 bytes but found: " +
                                std::to_string(text->size()));
  }
  return *std::move(bytes);
}

Result<JsonArray> SetArray(JsonElement json) {
  JsonArray array;
  if (json.get(array) != simdjson::SUCCESS) return WrongType(json, "List");
  return array;
}

// "Input collection [a, b, a] contains duplicates." lists the set as sent.
Error Duplicates(JsonArray array) {
  std::string listed = "[";
  bool first = true;
  for (JsonElement e : array) {
    std::string_view s;
    if (e.get(s) != simdjson::SUCCESS) continue;
    if (!first) listed += ", ";
    listed += s;
    first = false;
  }
  return Invalid("Input collection " + listed + "] contains duplicates.");
}

template <typename Set, typename DecodeOne>
Result<Set> DecodeSet(JsonElement json, std::string_view set_name, DecodeOne decode_one) {
  auto array = SetArray(json);
  if (!array) return std::move(array).error();
  Set set;
  std::size_t count = 0;
  for (JsonElement e : *array) {
    auto member = decode_one(e);
    if (!member) return std::move(member).error();
    set.insert(*std::move(member));
    ++count;
  }
  if (count == 0) {
    // Sic: DynamoDB words the binary case differently from the other two.
    if (set_name == "binary") return Invalid("Binary sets should not be empty");
    return Invalid("An " + std::string(set_name) + " set  may not be empty");
  }
  if (set.size() != count) return Duplicates(*array);
  return set;
}

Result<AttributeValue> DecodeMap(JsonElement json, int depth) {
  auto object = AsObject(json);
  if (!object) return std::move(object).error();
  Map map;
  for (auto [name, value] : *object) {
    auto decoded = DecodeAttributeValue(value, depth + 1);
    if (!decoded) return std::move(decoded).error();
    map.insert_or_assign(std::string(name), *std::move(decoded));
  }
  return AttributeValue::M(std::move(map));
}

Result<AttributeValue> DecodeList(JsonElement json, int depth) {
  JsonArray array;
  if (json.get(array) != simdjson::SUCCESS) return WrongType(json, "List");
  List list;
  for (JsonElement e : array) {
    auto decoded = DecodeAttributeValue(e, depth + 1);
    if (!decoded) return std::move(decoded).error();
    list.push_back(*std::move(decoded));
  }
  return AttributeValue::L(std::move(list));
}

Result<AttributeValue> DecodeTyped(std::string_view type, JsonElement body, int depth) {
  if (type == "S") {
    auto s = AsString(body);
    if (!s) return std::move(s).error();
    return AttributeValue::S(*std::move(s));
  }
  if (type == "N") {
    auto n = DecodeNumberText(body);
    if (!n) return std::move(n).error();
    return AttributeValue::N(*std::move(n));
  }
  if (type == "B") {
    auto b = DecodeBinaryText(body);
    if (!b) return std::move(b).error();
    return AttributeValue::B(*std::move(b));
  }
  if (type == "BOOL") {
    bool b = false;
    if (body.get(b) != simdjson::SUCCESS) return WrongType(body, "Boolean");
    return AttributeValue::Bool(b);
  }
  if (type == "NULL") {
    bool b = false;
    if (body.get(b) != simdjson::SUCCESS) return WrongType(body, "Boolean");
    if (!b) return Invalid("Null attribute value types must have the value of true");
    return AttributeValue::Null();
  }
  if (type == "M") return DecodeMap(body, depth);
  if (type == "L") return DecodeList(body, depth);
  if (type == "SS") {
    auto set = DecodeSet<AttributeValue::StringSet>(body, "string", AsString);
    if (!set) return std::move(set).error();
    return AttributeValue::SS(*std::move(set));
  }
  if (type == "NS") {
    auto set = DecodeSet<AttributeValue::NumberSet>(body, "number", DecodeNumberText);
    if (!set) return std::move(set).error();
    return AttributeValue::NS(*std::move(set));
  }
  auto set = DecodeSet<AttributeValue::BinarySet>(body, "binary", [](JsonElement e) -> Result<Binary> {
    auto bytes = DecodeBinaryText(e);
    if (!bytes) return std::move(bytes).error();
    return Binary{*std::move(bytes)};
  });
  if (!set) return std::move(set).error();
  return AttributeValue::BS(*std::move(set));
}

bool IsTypeName(std::string_view name) {
  return name == "S" || name == "N" || name == "B" || name == "BOOL" || name == "NULL" ||
         name == "M" || name == "L" || name == "SS" || name == "NS" || name == "BS";
}

}  // namespace

Result<AttributeValue> DecodeAttributeValue(JsonElement json, int depth) {
  if (depth > kMaxDepth) {
    return Error::Validation(
        "Nesting Levels have exceeded supported limits: Attributes in the item have nested "
        "levels beyond supported limit");
  }
  auto object = AsObject(json);
  if (!object) return std::move(object).error();
  std::string_view type;
  JsonElement body;
  int count = 0;
  for (auto [name, value] : *object) {
    // Coral ignores unknown members and null ones, as if absent.
    if (!IsTypeName(name) || value.is_null()) continue;
    type = name;
    body = value;
    ++count;
  }
  if (count == 0) {
    return Error::Validation(
        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  }
  if (count > 1) {
    return Error::Validation(
        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
        "the supported datatypes");
  }
  return DecodeTyped(type, body, depth);
}

Result<Item> DecodeItem(JsonElement json) {
  auto object = AsObject(json);
  if (!object) return std::move(object).error();
  Item item;
  for (auto [name, value] : *object) {
    auto decoded = DecodeAttributeValue(value);
    if (!decoded) return std::move(decoded).error();
    item.insert_or_assign(std::string(name), *std::move(decoded));
  }
  return item;
}

namespace {

struct EncodeVisitor {
  JsonWriter& out;
  void operator()(const std::string& s) const { out.Key("S").String(s); }
  void operator()(const Number& n) const { out.Key("N").String(n.ToString()); }
  void operator()(const Binary& b) const { out.Key("B").String(Base64Encode(b.bytes)); }
  void operator()(bool b) const { out.Key("BOOL").Bool(b); }
  void operator()(const NullValue&) const { out.Key("NULL").Bool(true); }
  void operator()(const Map& m) const {
    out.Key("M");
    EncodeItem(m, out);
  }
  void operator()(const List& l) const {
    out.Key("L").BeginArray();
    for (const auto& v : l) EncodeAttributeValue(v, out);
    out.EndArray();
  }
  void operator()(const AttributeValue::StringSet& ss) const {
    out.Key("SS").BeginArray();
    for (const auto& s : ss) out.String(s);
    out.EndArray();
  }
  void operator()(const AttributeValue::NumberSet& ns) const {
    out.Key("NS").BeginArray();
    for (const auto& n : ns) out.String(n.ToString());
    out.EndArray();
  }
  void operator()(const AttributeValue::BinarySet& bs) const {
    out.Key("BS").BeginArray();
    for (const auto& b : bs) out.String(Base64Encode(b.bytes));
    out.EndArray();
  }
};

}  // namespace

void EncodeAttributeValue(const AttributeValue& value, JsonWriter& out) {
  out.BeginObject();
  std::visit(EncodeVisitor{out}, value.variant());
  out.EndObject();
}

void EncodeItem(const Item& item, JsonWriter& out) {
  out.BeginObject();
  for (const auto& [name, value] : item) {
    out.Key(name);
    EncodeAttributeValue(value, out);
  }
  out.EndObject();
}

namespace {

// Stored item bytes straight to DynamoDB JSON, in the order EncodeItem
// writes a decoded item (members by name, set elements in set order). A
// visitor of model/item_walk.h.
class StoredToJson {
 public:
  explicit StoredToJson(JsonWriter& out) : out_(out) {}

  void BeginMap() {
    if (depth_ > 0) out_.BeginObject().PlainKey("M");
    out_.BeginObject();
    frames_[depth_++] = Frame::kMap;
  }
  void Member(std::string_view name) { out_.Key(name); }
  void EndMap() {
    out_.EndObject();
    if (--depth_ > 0) out_.EndObject();
  }
  void BeginList(Type type) {
    out_.BeginObject().PlainKey(TypeName(type)).BeginArray();
    frames_[depth_++] = type == Type::kL ? Frame::kList : Frame::kSet;
  }
  void EndList() {
    out_.EndArray().EndObject();
    --depth_;
  }
  void Scalar(Type type, std::string_view bytes) {
    if (type == Type::kB) return Text(type, Base64Encode(bytes));
    Text(type, bytes);
  }
  void Bool(bool value) { out_.BeginObject().PlainKey("BOOL").Bool(value).EndObject(); }
  void Null() { out_.BeginObject().PlainKey("NULL").Bool(true).EndObject(); }

 private:
  // A scalar's JSON text: bare in a set, typed anywhere else.
  void Text(Type type, std::string_view text) {
    if (frames_[depth_ - 1] == Frame::kSet) {
      out_.String(text);
    } else {
      out_.TypedString(TypeName(type), text);
    }
  }

  enum class Frame : uint8_t { kMap, kList, kSet };
  JsonWriter& out_;
  int depth_ = 0;  // containers open
  // The walk fails past item_walk::kMaxDecodeDepth, so no more than that
  // (and the item) are ever open.
  std::array<Frame, item_walk::kMaxDecodeDepth + 2> frames_;
};

}  // namespace

bool EncodeStoredItem(std::string_view stored, JsonWriter& out) {
  StoredToJson transcoder(out);
  return VisitStoredItem(stored, transcoder);
}

}  // namespace ddb::protocol
