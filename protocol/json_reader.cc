#include "protocol/json_reader.h"

namespace ddb::protocol {
namespace {

// One parser per thread, reused across requests (simdjson's advice for
// servers). Its capacity grows to the largest body seen, at most 16 MB.
simdjson::dom::parser& ThreadParser() {
  static thread_local simdjson::dom::parser parser(16 * 1024 * 1024 + 1024);
  return parser;
}

std::string_view JsonTypeName(JsonElement element) {
  switch (element.type()) {
    case simdjson::dom::element_type::ARRAY: return "START_ARRAY";
    case simdjson::dom::element_type::OBJECT: return "START_OBJECT";
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE: return "NUMBER_VALUE";
    case simdjson::dom::element_type::STRING: return "STRING_VALUE";
    case simdjson::dom::element_type::BOOL: return "TRUE_VALUE";
    case simdjson::dom::element_type::NULL_VALUE: return "NULL_VALUE";
  }
  return "NULL_VALUE";
}

}  // namespace

Error WrongType(JsonElement element, std::string_view expected) {
  if (element.type() == simdjson::dom::element_type::OBJECT) {
    return Error::Serialization("Start of structure or map found where not expected.");
  }
  if (element.type() == simdjson::dom::element_type::ARRAY) {
    return Error::Serialization("Start of list found where not expected");
  }
  std::string found(JsonTypeName(element));
  if (element.type() == simdjson::dom::element_type::BOOL) {
    bool b = false;
    if (element.get(b) == simdjson::SUCCESS && !b) found = "FALSE_VALUE";
  }
  // e.g. "NUMBER_VALUE cannot be converted to String", as DynamoDB words it.
  return Error::Serialization(found + " cannot be converted to " + std::string(expected));
}

Result<JsonObject> ParseBody(std::string_view body) {
  JsonElement root;
  if (ThreadParser().parse(body.data(), body.size()).get(root) != simdjson::SUCCESS) {
    return Error::Serialization("Unexpected character found where not expected.");
  }
  JsonObject object;
  if (root.get(object) != simdjson::SUCCESS) {
    return Error::Serialization("Unexpected value type in payload");
  }
  return object;
}

std::optional<JsonElement> Member(JsonObject object, std::string_view name) {
  JsonElement element;
  if (object.at_key(name).get(element) != simdjson::SUCCESS) return std::nullopt;
  if (element.is_null()) return std::nullopt;
  return element;
}

Result<std::string> AsString(JsonElement element) {
  std::string_view s;
  if (element.get(s) != simdjson::SUCCESS) return WrongType(element, "String");
  return std::string(s);
}

Result<JsonObject> AsObject(JsonElement element) {
  JsonObject o;
  if (element.get(o) != simdjson::SUCCESS) return WrongType(element, "Structure");
  return o;
}

Result<int64_t> AsInteger(JsonElement element) {
  int64_t i = 0;
  if (element.get(i) == simdjson::SUCCESS) return i;
  double d = 0;
  if (element.get(d) == simdjson::SUCCESS) {
    // Coral truncates a fractional number given for an integer member.
    if (d > 9.2e18 || d < -9.2e18) return Error::Serialization("Number out of range");
    return static_cast<int64_t>(d);
  }
  uint64_t u = 0;
  if (element.get(u) == simdjson::SUCCESS) return Error::Serialization("Number out of range");
  return WrongType(element, "Long");
}

Result<std::optional<std::string>> OptString(JsonObject object, std::string_view name) {
  auto element = Member(object, name);
  if (!element) return std::optional<std::string>();
  auto s = AsString(*element);
  if (!s) return std::move(s).error();
  return std::optional<std::string>(*std::move(s));
}

Result<std::optional<bool>> OptBool(JsonObject object, std::string_view name) {
  auto element = Member(object, name);
  if (!element) return std::optional<bool>();
  bool b = false;
  if (element->get(b) != simdjson::SUCCESS) return WrongType(*element, "Boolean");
  return std::optional<bool>(b);
}

Result<std::optional<int64_t>> OptInteger(JsonObject object, std::string_view name) {
  auto element = Member(object, name);
  if (!element) return std::optional<int64_t>();
  auto i = AsInteger(*element);
  if (!i) return std::move(i).error();
  return std::optional<int64_t>(*i);
}

Result<std::optional<JsonObject>> OptObject(JsonObject object, std::string_view name) {
  auto element = Member(object, name);
  if (!element) return std::optional<JsonObject>();
  auto o = AsObject(*element);
  if (!o) return std::move(o).error();
  return std::optional<JsonObject>(*o);
}

Result<std::optional<JsonArray>> OptArray(JsonObject object, std::string_view name) {
  auto element = Member(object, name);
  if (!element) return std::optional<JsonArray>();
  JsonArray a;
  if (element->get(a) != simdjson::SUCCESS) return WrongType(*element, "List");
  return std::optional<JsonArray>(a);
}

Result<std::optional<std::vector<std::string>>> OptStringList(JsonObject object,
                                                              std::string_view name) {
  auto array = OptArray(object, name);
  if (!array) return std::move(array).error();
  if (!*array) return std::optional<std::vector<std::string>>();
  std::vector<std::string> out;
  for (JsonElement e : **array) {
    auto s = AsString(e);
    if (!s) return std::move(s).error();
    out.push_back(*std::move(s));
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

}  // namespace ddb::protocol
