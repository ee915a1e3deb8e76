// TransactWriteItems, TransactGetItems <-> JSON.
#include "protocol/attribute_value_json.h"
#include "protocol/operations.h"
#include "protocol/request_json.h"

namespace ddb::protocol {
namespace {

// DynamoDB's limit on actions per transaction.
constexpr std::size_t kMaxActions = 100;

// `echo` names the element type DynamoDB's Java model prints when it echoes
// a list that is too long ("TransactWriteItem(...)"); only that frame is ours.
// Absent (a violation recorded in `c`): nullopt, never a default-constructed
// simdjson array, which must not be iterated.
Result<std::optional<JsonArray>> TransactItems(JsonObject request, Constraints& c,
                                               std::string_view echo) {
  std::optional<JsonArray> items;
  DDB_ASSIGN(items, OptArray(request, "TransactItems"));
  c.Required(items.has_value(), "transactItems");
  if (!items) return items;
  if (items->size() == 0) {
    c.Add("'[]'", "transactItems", "Member must have length greater than or equal to 1");
  } else if (items->size() > kMaxActions) {
    std::string listed = "'[";
    for (std::size_t i = 0; i < items->size(); ++i) {
      listed += (i ? ", " : "") + std::string(echo);
    }
    c.Add(listed + "]'", "transactItems", "Member must have length less than or equal to 100");
  }
  return items;
}

std::vector<JsonElement> Elements(const std::optional<JsonArray>& items) {
  std::vector<JsonElement> out;
  if (items) {
    for (JsonElement e : *items) out.push_back(e);
  }
  return out;
}

Status DecodeNamesAndValues(JsonObject object, Expressions& e) {
  DDB_ASSIGN(e.expression_attribute_names, DecodeNames(object));
  DDB_ASSIGN(e.expression_attribute_values, DecodeValues(object));
  return {};
}

Result<TransactWriteAction> DecodeWriteAction(JsonElement json, const std::string& base,
                                              Constraints& c) {
  auto object = AsObject(json);
  if (!object) return std::move(object).error();
  using Kind = TransactWriteAction::Kind;
  struct ActionMember {
    const char* name;
    const char* path;
    Kind kind;
  };
  static const ActionMember kKinds[] = {
      {"ConditionCheck", ".conditionCheck", Kind::kConditionCheck},
      {"Put", ".put", Kind::kPut},
      {"Delete", ".delete", Kind::kDelete},
      {"Update", ".update", Kind::kUpdate}};
  TransactWriteAction out;
  std::optional<JsonObject> body;
  std::string path = base;
  int given = 0;
  for (const auto& member : kKinds) {
    std::optional<JsonObject> candidate;
    DDB_ASSIGN(candidate, OptObject(*object, member.name));
    if (!candidate) continue;
    ++given;
    body = candidate;
    out.kind = member.kind;
    path = base + member.path;
  }
  if (given == 0) {
    return Error::Validation("Invalid Request: TransactWriteRequest should contain Delete or Put "
                             "or Update request");
  }
  if (given > 1) {
    return Error::Validation("TransactItems can only contain one of Check, Put, Update or "
                             "Delete");
  }
  std::optional<std::string> table;
  DDB_ASSIGN(table, OptString(*body, "TableName"));
  c.TableName(table, path + ".tableName");
  out.table_name = table.value_or("");
  const char* item_member = out.kind == Kind::kPut ? "Item" : "Key";
  auto item = Member(*body, item_member);
  c.Required(item.has_value(), path + (out.kind == Kind::kPut ? ".item" : ".key"));
  if (item) DDB_ASSIGN(out.item, DecodeItem(*item));
  Expressions& e = out.expressions;
  DDB_ASSIGN(e.condition_expression, OptString(*body, "ConditionExpression"));
  if (out.kind == Kind::kUpdate) {
    DDB_ASSIGN(e.update_expression, OptString(*body, "UpdateExpression"));
    c.Required(e.update_expression.has_value(), path + ".updateExpression");
  }
  if (out.kind == Kind::kConditionCheck) {
    c.Required(e.condition_expression.has_value(), path + ".conditionExpression");
  }
  if (auto s = DecodeNamesAndValues(*body, e); !s) return std::move(s).error();
  std::optional<std::string> on_failure;
  DDB_ASSIGN(on_failure, OptString(*body, "ReturnValuesOnConditionCheckFailure"));
  c.Enum(on_failure, path + ".returnValuesOnConditionCheckFailure", "[ALL_OLD, NONE]");
  out.return_old_item_on_condition_failure = on_failure == "ALL_OLD";
  return out;
}

}  // namespace

Result<TransactWriteItemsRequest> DecodeTransactWriteItems(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  TransactWriteItemsRequest out;
  std::optional<JsonArray> items;
  DDB_ASSIGN(items, TransactItems(request, c, "TransactWriteItem(...)"));
  std::size_t i = 0;
  for (JsonElement e : Elements(items)) {
    std::string path = "transactItems." + std::to_string(++i) + ".member";
    TransactWriteAction action;
    DDB_ASSIGN(action, DecodeWriteAction(e, path, c));
    out.actions.push_back(std::move(action));
  }
  DDB_ASSIGN(out.client_request_token, OptString(request, "ClientRequestToken"));
  if (out.client_request_token) c.Length(*out.client_request_token, "clientRequestToken", 1, 36);
  if (auto s = DecodeReturns(request, c, out); !s) return std::move(s).error();
  if (auto s = c.Finish(); !s) return std::move(s).error();
  // What makes two requests "the same" for a ClientRequestToken: the actions
  // (the Return* members may differ).
  if (auto items_json = Member(request, "TransactItems")) {
    out.fingerprint = simdjson::minify(*items_json);
  }
  return out;
}

Result<TransactGetItemsRequest> DecodeTransactGetItems(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  TransactGetItemsRequest out;
  std::optional<JsonArray> items;
  DDB_ASSIGN(items, TransactItems(request, c, "TransactGetItem(get=Get(...))"));
  std::size_t i = 0;
  for (JsonElement e : Elements(items)) {
    std::string path = "transactItems." + std::to_string(++i) + ".member.get";
    auto object = AsObject(e);
    if (!object) return std::move(object).error();
    std::optional<JsonObject> get;
    DDB_ASSIGN(get, OptObject(*object, "Get"));
    c.Required(get.has_value(), "transactItems." + std::to_string(i) + ".member.get");
    if (!get) continue;
    TransactGetAction action;
    std::optional<std::string> table;
    DDB_ASSIGN(table, OptString(*get, "TableName"));
    c.TableName(table, path + ".tableName");
    action.table_name = table.value_or("");
    auto key = Member(*get, "Key");
    c.Required(key.has_value(), path + ".key");
    if (key) DDB_ASSIGN(action.key, DecodeItem(*key));
    DDB_ASSIGN(action.expressions.projection_expression, OptString(*get, "ProjectionExpression"));
    DDB_ASSIGN(action.expressions.expression_attribute_names, DecodeNames(*get));
    out.actions.push_back(std::move(action));
  }
  if (auto s = DecodeReturns(request, c, out); !s) return std::move(s).error();
  if (auto s = c.Finish(); !s) return std::move(s).error();
  return out;
}

std::string EncodeTransactWriteItems(const TransactWriteItemsResponse& response) {
  JsonWriter out;
  out.BeginObject();
  WriteConsumedCapacities(response.consumed_capacity, out);
  WriteItemCollectionMetricsMap(response.item_collection_metrics, out);
  out.EndObject();
  return std::move(out).Take();
}

std::string EncodeTransactGetItems(const TransactGetItemsResponse& response) {
  JsonWriter out;
  out.BeginObject();
  WriteItemResponses(response.responses, out);
  WriteConsumedCapacities(response.consumed_capacity, out);
  out.EndObject();
  return std::move(out).Take();
}

void WriteItemResponses(const std::vector<std::optional<Item>>& items, JsonWriter& out) {
  out.PlainKey("Responses").BeginArray();
  for (const auto& item : items) {
    out.BeginObject();
    if (item) {
      out.PlainKey("Item");
      EncodeItem(*item, out);
    }
    out.EndObject();
  }
  out.EndArray();
}

}  // namespace ddb::protocol
