// Members shared by the operations (protocol/request_json.h).
#include "protocol/request_json.h"

#include <cstdio>

#include "protocol/attribute_value_json.h"

namespace ddb::protocol {

ReturnConsumedCapacity ToReturnConsumedCapacity(const std::optional<std::string>& text) {
  if (text == "TOTAL") return ReturnConsumedCapacity::kTotal;
  if (text == "INDEXES") return ReturnConsumedCapacity::kIndexes;
  return ReturnConsumedCapacity::kNone;
}

void WriteConsumedCapacityBody(const ConsumedCapacity& consumed, JsonWriter& out) {
  auto units = [&out](double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    out.RawNumber(text);
  };
  out.PlainKey("TableName").String(consumed.table_name);
  out.PlainKey("CapacityUnits");
  units(consumed.capacity_units);
  if (!consumed.by_index) return;
  out.PlainKey("Table").BeginObject().PlainKey("CapacityUnits");
  units(consumed.table_units);
  out.EndObject();
  for (const auto& [member, indexes] :
       {std::pair{"GlobalSecondaryIndexes", &consumed.global_indexes},
        std::pair{"LocalSecondaryIndexes", &consumed.local_indexes}}) {
    if (indexes->empty()) continue;
    out.PlainKey(member).BeginObject();
    for (const auto& [name, value] : *indexes) {
      out.Key(name).BeginObject().PlainKey("CapacityUnits");
      units(value);
      out.EndObject();
    }
    out.EndObject();
  }
  if (!consumed.vector_indexes.empty()) {
    out.PlainKey("VectorIndexes").BeginObject();
    for (const auto& [name, bytes] : consumed.vector_indexes) {
      out.Key(name).BeginObject().PlainKey("VectorWriteRequestBytes");
      units(bytes);
      out.EndObject();
    }
    out.EndObject();
  }
}

void WriteConsumedCapacity(const std::optional<ConsumedCapacity>& consumed, JsonWriter& out) {
  if (!consumed) return;
  out.PlainKey("ConsumedCapacity").BeginObject();
  WriteConsumedCapacityBody(*consumed, out);
  out.EndObject();
}

void WriteConsumedCapacities(const std::vector<ConsumedCapacity>& list, JsonWriter& out) {
  if (list.empty()) return;
  out.PlainKey("ConsumedCapacity").BeginArray();
  for (const auto& consumed : list) {
    out.BeginObject();
    WriteConsumedCapacityBody(consumed, out);
    out.EndObject();
  }
  out.EndArray();
}

void WriteItemCollectionMetricsMap(
    const std::vector<std::pair<std::string, std::vector<ItemCollectionMetrics>>>& by_table,
    JsonWriter& out) {
  if (by_table.empty()) return;
  out.PlainKey("ItemCollectionMetrics").BeginObject();
  for (const auto& [table, list] : by_table) {
    out.Key(table).BeginArray();
    for (const auto& metrics : list) {
      out.BeginObject();
      WriteItemCollectionMetricsBody(metrics, out);
      out.EndObject();
    }
    out.EndArray();
  }
  out.EndObject();
}

void WriteItemCollectionMetricsBody(const ItemCollectionMetrics& metrics, JsonWriter& out) {
  out.PlainKey("ItemCollectionKey");
  EncodeItem(metrics.item_collection_key, out);
  char low[32], high[32];
  std::snprintf(low, sizeof low, "%.1f", metrics.size_estimate_low_gb);
  std::snprintf(high, sizeof high, "%.1f", metrics.size_estimate_high_gb);
  out.PlainKey("SizeEstimateRangeGB").BeginArray().RawNumber(low).RawNumber(high).EndArray();
}

// The legacy (non-expression) parameters are refused when mixed with
// expressions, with DynamoDB's message (its lists in DynamoDB's order).
Status CheckLegacy(JsonObject request, const Expressions& e) {
  std::vector<std::string> legacy, modern;
  for (std::string_view member : {"AttributesToGet", "Expected", "KeyConditions", "QueryFilter",
                                  "ScanFilter", "ConditionalOperator", "AttributeUpdates"}) {
    if (Member(request, member)) legacy.emplace_back(member);
  }
  if (e.update_expression) modern.emplace_back("UpdateExpression");
  if (e.condition_expression) modern.emplace_back("ConditionExpression");
  if (e.key_condition_expression) modern.emplace_back("KeyConditionExpression");
  if (e.filter_expression) modern.emplace_back("FilterExpression");
  if (e.projection_expression) modern.emplace_back("ProjectionExpression");
  auto join = [](const std::vector<std::string>& names) {
    std::string out = "{";
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
    return out + "}";
  };
  if (!legacy.empty() && !modern.empty()) {
    return Error::Validation("Can not use both expression and non-expression parameters in the "
                             "same request: Non-expression parameters: " + join(legacy) +
                             " Expression parameters: " + join(modern));
  }
  return {};
}

Result<std::optional<std::vector<ExpectedAttribute>>> DecodeConditions(JsonObject request,
                                                                      std::string_view member,
                                                                      std::string_view path,
                                                                      Constraints& c) {
  std::optional<JsonObject> object;
  DDB_ASSIGN(object, OptObject(request, member));
  if (!object) return std::optional<std::vector<ExpectedAttribute>>();
  std::vector<ExpectedAttribute> expected;
  for (auto [name, json] : *object) {
    auto entry = AsObject(json);
    if (!entry) return std::move(entry).error();
    ExpectedAttribute e;
    e.name = std::string(name);
    DDB_ASSIGN(e.exists, OptBool(*entry, "Exists"));
    DDB_ASSIGN(e.comparison_operator, OptString(*entry, "ComparisonOperator"));
    c.Enum(e.comparison_operator, std::string(path) + "." + e.name + ".member.comparisonOperator",
           "[IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, "
           "CONTAINS]");
    if (auto value = Member(*entry, "Value")) {
      auto decoded = DecodeAttributeValue(*value);
      if (!decoded) return std::move(decoded).error();
      e.value = *std::move(decoded);
    }
    std::optional<JsonArray> list;
    DDB_ASSIGN(list, OptArray(*entry, "AttributeValueList"));
    if (list) {
      for (JsonElement v : *list) {
        auto decoded = DecodeAttributeValue(v);
        if (!decoded) return std::move(decoded).error();
        e.attribute_value_list.push_back(*std::move(decoded));
      }
    }
    expected.push_back(std::move(e));
  }
  return std::optional<std::vector<ExpectedAttribute>>(std::move(expected));
}

Result<std::optional<std::map<std::string, std::string>>> DecodeNames(JsonObject request) {
  std::optional<JsonObject> object;
  DDB_ASSIGN(object, OptObject(request, "ExpressionAttributeNames"));
  if (!object) return std::optional<std::map<std::string, std::string>>();
  std::map<std::string, std::string> names;
  for (auto [key, value] : *object) {
    auto name = AsString(value);
    if (!name) return std::move(name).error();
    names.emplace(std::string(key), *std::move(name));
  }
  return std::optional<std::map<std::string, std::string>>(std::move(names));
}

Result<std::optional<std::map<std::string, AttributeValue>>> DecodeValues(JsonObject request) {
  std::optional<JsonObject> object;
  DDB_ASSIGN(object, OptObject(request, "ExpressionAttributeValues"));
  if (!object) return std::optional<std::map<std::string, AttributeValue>>();
  std::map<std::string, AttributeValue> values;
  for (auto [key, json] : *object) {
    auto value = DecodeAttributeValue(json);
    if (!value) {
      Error e = std::move(value).error();
      if (e.code == ErrorCode::kValidationException) {
        e.message = "ExpressionAttributeValues contains invalid value: " + e.message +
                    " for key " + std::string(key);
      }
      return e;
    }
    values.emplace(std::string(key), *std::move(value));
  }
  return std::optional<std::map<std::string, AttributeValue>>(std::move(values));
}

Result<std::optional<double>> OptTime(JsonObject object, std::string_view name) {
  auto member = Member(object, name);
  if (!member) return std::optional<double>();
  double value = 0;
  if (member->get_double().get(value) != simdjson::SUCCESS) {
    return WrongType(*member, "Timestamp");
  }
  return std::optional<double>(value);
}

}  // namespace ddb::protocol
