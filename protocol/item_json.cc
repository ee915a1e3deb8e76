// PutItem, GetItem, DeleteItem <-> JSON.
#include <cstdio>
#include <map>

#include "protocol/attribute_value_json.h"
#include "protocol/constraints.h"
#include "protocol/json_reader.h"
#include "protocol/operations.h"
#include "protocol/request_json.h"

namespace ddb::protocol {
namespace {

constexpr std::string_view kReturnValues = "[ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]";

ReturnValues ToReturnValues(const std::optional<std::string>& text) {
  if (text == "ALL_OLD") return ReturnValues::kAllOld;
  if (text == "UPDATED_OLD") return ReturnValues::kUpdatedOld;
  if (text == "ALL_NEW") return ReturnValues::kAllNew;
  if (text == "UPDATED_NEW") return ReturnValues::kUpdatedNew;
  return ReturnValues::kNone;
}

void WriteItemCollectionMetrics(const std::optional<ItemCollectionMetrics>& metrics,
                                JsonWriter& out) {
  if (!metrics) return;
  out.PlainKey("ItemCollectionMetrics").BeginObject();
  WriteItemCollectionMetricsBody(*metrics, out);
  out.EndObject();
}

Result<std::optional<std::vector<AttributeUpdate>>> DecodeAttributeUpdates(JsonObject request,
                                                                          Constraints& c) {
  std::optional<JsonObject> object;
  DDB_ASSIGN(object, OptObject(request, "AttributeUpdates"));
  if (!object) return std::optional<std::vector<AttributeUpdate>>();
  std::vector<AttributeUpdate> updates;
  for (auto [name, json] : *object) {
    auto entry = AsObject(json);
    if (!entry) return std::move(entry).error();
    AttributeUpdate u;
    u.name = std::string(name);
    std::optional<std::string> action;
    DDB_ASSIGN(action, OptString(*entry, "Action"));
    c.Enum(action, "attributeUpdates." + u.name + ".member.action", "[ADD, PUT, DELETE]");
    u.action = action.value_or("PUT");
    if (auto value = Member(*entry, "Value")) {
      auto decoded = DecodeAttributeValue(*value);
      if (!decoded) return std::move(decoded).error();
      u.value = *std::move(decoded);
    }
    updates.push_back(std::move(u));
  }
  return std::optional<std::vector<AttributeUpdate>>(std::move(updates));
}

Status DecodeExpressions(JsonObject request, Constraints& c, Expressions& e) {
  DDB_ASSIGN(e.condition_expression, OptString(request, "ConditionExpression"));
  DDB_ASSIGN(e.projection_expression, OptString(request, "ProjectionExpression"));
  DDB_ASSIGN(e.update_expression, OptString(request, "UpdateExpression"));
  DDB_ASSIGN(e.expression_attribute_names, DecodeNames(request));
  DDB_ASSIGN(e.expression_attribute_values, DecodeValues(request));
  DDB_ASSIGN(e.expected, DecodeConditions(request, "Expected", "expected", c));
  DDB_ASSIGN(e.conditional_operator, OptString(request, "ConditionalOperator"));
  c.Enum(e.conditional_operator, "conditionalOperator", "[AND, OR]");
  DDB_ASSIGN(e.attribute_updates, DecodeAttributeUpdates(request, c));
  return {};
}

// ReturnValuesOnConditionCheckFailure: true for ALL_OLD.
Result<bool> DecodeOnConditionFailure(JsonObject request, Constraints& c) {
  std::optional<std::string> value;
  DDB_ASSIGN(value, OptString(request, "ReturnValuesOnConditionCheckFailure"));
  c.Enum(value, "returnValuesOnConditionCheckFailure", "[ALL_OLD, NONE]");
  return value == "ALL_OLD";
}

Result<Item> DecodeRequiredItem(JsonObject request, std::string_view member, std::string_view path,
                                Constraints& c) {
  auto element = Member(request, member);
  c.Required(element.has_value(), path);
  if (!element) return Item();
  return DecodeItem(*element);
}

}  // namespace

namespace {

// Every item request ends the same way: its expressions, then every
// constraint violation at once, then the legacy/expression mix check.
template <typename Request>
Result<Request> FinishDecode(JsonObject request, Constraints& c, Request out) {
  if (auto s = DecodeExpressions(request, c, out.expressions); !s) return std::move(s).error();
  if (auto s = c.Finish(); !s) return std::move(s).error();
  if (auto s = CheckLegacy(request, out.expressions); !s) return std::move(s).error();
  return out;
}

// PutItem, DeleteItem, UpdateItem: the common members, the item or key
// (`member`, stored in `target`), ReturnValues and
// ReturnValuesOnConditionCheckFailure.
template <typename Request>
Result<Request> DecodeWrite(std::string_view body, std::string_view member, std::string_view path,
                            Item Request::*target) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  Request out;
  if (auto s = DecodeCommon(request, c, out); !s) return std::move(s).error();
  std::optional<std::string> return_values;
  DDB_ASSIGN(return_values, OptString(request, "ReturnValues"));
  c.Enum(return_values, "returnValues", kReturnValues);
  out.return_values = ToReturnValues(return_values);
  DDB_ASSIGN(out.*target, DecodeRequiredItem(request, member, path, c));
  DDB_ASSIGN(out.return_old_item_on_condition_failure, DecodeOnConditionFailure(request, c));
  return FinishDecode(request, c, std::move(out));
}

}  // namespace

Result<PutItemRequest> DecodePutItem(std::string_view body) {
  return DecodeWrite(body, "Item", "item", &PutItemRequest::item);
}

Result<DeleteItemRequest> DecodeDeleteItem(std::string_view body) {
  return DecodeWrite(body, "Key", "key", &DeleteItemRequest::key);
}

Result<UpdateItemRequest> DecodeUpdateItem(std::string_view body) {
  return DecodeWrite(body, "Key", "key", &UpdateItemRequest::key);
}

Result<GetItemRequest> DecodeGetItem(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  GetItemRequest out;
  if (auto s = DecodeCommon(request, c, out); !s) return std::move(s).error();
  DDB_ASSIGN(out.key, DecodeRequiredItem(request, "Key", "key", c));
  std::optional<bool> consistent;
  DDB_ASSIGN(consistent, OptBool(request, "ConsistentRead"));
  out.consistent_read = consistent.value_or(false);
  DDB_ASSIGN(out.attributes_to_get, OptStringList(request, "AttributesToGet"));
  if (out.attributes_to_get && out.attributes_to_get->empty()) {
    c.Add("'[]'", "attributesToGet", "Member must have length greater than or equal to 1");
  }
  return FinishDecode(request, c, std::move(out));
}

std::string EncodeWriteItem(const WriteItemResponse& response) {
  JsonWriter out;
  out.BeginObject();
  if (response.attributes && !response.attributes->empty()) {
    out.Key("Attributes");
    EncodeItem(*response.attributes, out);
  }
  WriteConsumedCapacity(response.consumed_capacity, out);
  WriteItemCollectionMetrics(response.item_collection_metrics, out);
  out.EndObject();
  return std::move(out).Take();
}

Result<std::string> EncodeGetItem(const GetItemResponse& response) {
  JsonWriter out;
  out.BeginObject();
  if (response.stored_item) {
    out.Reserve(128 + response.stored_item->size() * 2);
    out.Key("Item");
    if (!EncodeStoredItem(*response.stored_item, out)) {
      return Error::Internal("corrupt item record");
    }
  } else if (response.item) {
    out.Key("Item");
    EncodeItem(*response.item, out);
  }
  WriteConsumedCapacity(response.consumed_capacity, out);
  out.EndObject();
  return std::move(out).Take();
}

}  // namespace ddb::protocol
