// ExecuteStatement, BatchExecuteStatement, ExecuteTransaction <-> JSON.
#include <limits>

#include "protocol/attribute_value_json.h"
#include "protocol/operations.h"
#include "protocol/request_json.h"

namespace ddb::protocol {
namespace {

constexpr std::size_t kMaxStatementLength = 8192;
constexpr std::size_t kMaxBatchStatements = 25;
constexpr std::size_t kMaxTransactStatements = 100;

// Statement, Parameters and the per-statement options; `path` is the
// member path DynamoDB names in its messages ("" or "statements.1.member.").
Result<ParameterizedStatement> DecodeStatement(JsonObject object, const std::string& path,
                                               Constraints& c) {
  ParameterizedStatement out;
  std::optional<std::string> statement;
  DDB_ASSIGN(statement, OptString(object, "Statement"));
  c.Required(statement.has_value(), path + "statement");
  if (statement) c.Length(*statement, path + "statement", 1, kMaxStatementLength);
  out.statement = statement.value_or("");
  std::optional<JsonArray> parameters;
  DDB_ASSIGN(parameters, OptArray(object, "Parameters"));
  if (parameters) {
    if (parameters->size() == 0) {
      c.Add("'[]'", path + "parameters", "Member must have length greater than or equal to 1");
    }
    out.parameters.emplace();
    for (JsonElement e : *parameters) {
      AttributeValue value;
      DDB_ASSIGN(value, DecodeAttributeValue(e));
      out.parameters->push_back(std::move(value));
    }
  }
  std::optional<bool> consistent;
  DDB_ASSIGN(consistent, OptBool(object, "ConsistentRead"));
  out.consistent_read = consistent.value_or(false);
  std::optional<std::string> on_failure;
  DDB_ASSIGN(on_failure, OptString(object, "ReturnValuesOnConditionCheckFailure"));
  c.Enum(on_failure, path + "returnValuesOnConditionCheckFailure", "[ALL_OLD, NONE]");
  out.return_old_item_on_condition_failure = on_failure == "ALL_OLD";
  return out;
}

// The list member of the multi-statement operations, each element decoded.
Result<std::vector<ParameterizedStatement>> DecodeStatements(JsonObject request,
                                                             std::string_view member,
                                                             std::string_view path,
                                                             std::size_t max, Constraints& c) {
  std::vector<ParameterizedStatement> out;
  std::optional<JsonArray> list;
  DDB_ASSIGN(list, OptArray(request, member));
  c.Required(list.has_value(), path);
  if (!list) return out;
  if (list->size() == 0) {
    c.Add("'[]'", path, "Member must have length greater than or equal to 1");
  } else if (list->size() > max) {
    c.RangeUnvalued(static_cast<int64_t>(list->size()), path, 1, static_cast<int64_t>(max),
                    "length");
  }
  std::size_t i = 0;
  for (JsonElement e : *list) {
    auto object = AsObject(e);
    if (!object) return std::move(object).error();
    ParameterizedStatement statement;
    DDB_ASSIGN(statement, DecodeStatement(*object, std::string(path) + "." +
                                                       std::to_string(++i) + ".member.", c));
    out.push_back(std::move(statement));
  }
  return out;
}

void WriteItems(const std::vector<Item>& items, JsonWriter& out) {
  out.PlainKey("Items").BeginArray();
  for (const Item& item : items) EncodeItem(item, out);
  out.EndArray();
}

}  // namespace

Result<ExecuteStatementRequest> DecodeExecuteStatement(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  ExecuteStatementRequest out;
  DDB_ASSIGN(out.statement, DecodeStatement(request, "", c));
  DDB_ASSIGN(out.next_token, OptString(request, "NextToken"));
  if (out.next_token) c.Length(*out.next_token, "nextToken", 1, 32768);
  DDB_ASSIGN(out.limit, OptInteger(request, "Limit"));
  c.Range(out.limit, "limit", 1, std::numeric_limits<int32_t>::max());
  if (auto s = DecodeReturns(request, c, out); !s) return std::move(s).error();
  if (auto s = c.Finish(); !s) return std::move(s).error();
  return out;
}

Result<BatchExecuteStatementRequest> DecodeBatchExecuteStatement(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  BatchExecuteStatementRequest out;
  DDB_ASSIGN(out.statements,
             DecodeStatements(request, "Statements", "statements", kMaxBatchStatements, c));
  if (auto s = DecodeReturns(request, c, out); !s) return std::move(s).error();
  if (auto s = c.Finish(); !s) return std::move(s).error();
  return out;
}

Result<ExecuteTransactionRequest> DecodeExecuteTransaction(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  ExecuteTransactionRequest out;
  DDB_ASSIGN(out.statements, DecodeStatements(request, "TransactStatements", "transactStatements",
                                              kMaxTransactStatements, c));
  DDB_ASSIGN(out.client_request_token, OptString(request, "ClientRequestToken"));
  if (out.client_request_token) c.Length(*out.client_request_token, "clientRequestToken", 1, 36);
  if (auto s = DecodeReturns(request, c, out); !s) return std::move(s).error();
  if (auto s = c.Finish(); !s) return std::move(s).error();
  if (auto statements = Member(request, "TransactStatements")) {
    out.fingerprint = simdjson::minify(*statements);
  }
  return out;
}

std::string EncodeExecuteStatement(const ExecuteStatementResponse& response) {
  JsonWriter out;
  out.BeginObject();
  WriteItems(response.items, out);
  if (response.next_token) out.PlainKey("NextToken").String(*response.next_token);
  WriteConsumedCapacity(response.consumed_capacity, out);
  out.EndObject();
  return std::move(out).Take();
}

std::string EncodeBatchExecuteStatement(const BatchExecuteStatementResponse& response) {
  JsonWriter out;
  out.BeginObject();
  out.PlainKey("Responses").BeginArray();
  for (const BatchStatementResult& r : response.responses) {
    out.BeginObject();
    if (r.error_code) {
      out.PlainKey("Error").BeginObject();
      out.PlainKey("Code").String(*r.error_code);
      out.PlainKey("Message").String(r.error_message);
      if (r.error_item) {
        out.PlainKey("Item");
        EncodeItem(*r.error_item, out);
      }
      out.EndObject();
    }
    if (r.table_name) out.PlainKey("TableName").String(*r.table_name);
    if (r.item) {
      out.PlainKey("Item");
      EncodeItem(*r.item, out);
    }
    out.EndObject();
  }
  out.EndArray();
  WriteConsumedCapacities(response.consumed_capacity, out);
  out.EndObject();
  return std::move(out).Take();
}

std::string EncodeExecuteTransaction(const ExecuteTransactionResponse& response) {
  JsonWriter out;
  out.BeginObject();
  if (response.reads) WriteItemResponses(response.responses, out);
  WriteConsumedCapacities(response.consumed_capacity, out);
  out.EndObject();
  return std::move(out).Take();
}

}  // namespace ddb::protocol
