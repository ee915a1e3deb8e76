// BatchGetItem, BatchWriteItem <-> JSON.
#include "protocol/attribute_value_json.h"
#include "protocol/operations.h"
#include "protocol/request_json.h"

namespace ddb::protocol {
namespace {

Result<JsonArray> AsArray(JsonElement element) {
  JsonArray a;
  if (element.get(a) != simdjson::SUCCESS) return WrongType(element, "List");
  return a;
}

Result<KeysAndAttributes> DecodeKeysAndAttributes(JsonElement json, const std::string& path,
                                                  Constraints& c) {
  auto object = AsObject(json);
  if (!object) return std::move(object).error();
  KeysAndAttributes out;
  std::optional<JsonArray> keys;
  DDB_ASSIGN(keys, OptArray(*object, "Keys"));
  c.Required(keys.has_value(), path + ".keys");
  if (keys) {
    for (JsonElement key : *keys) {
      Item decoded;
      DDB_ASSIGN(decoded, DecodeItem(key));
      out.keys.push_back(std::move(decoded));
    }
  }
  std::optional<bool> consistent;
  DDB_ASSIGN(consistent, OptBool(*object, "ConsistentRead"));
  out.consistent_read = consistent.value_or(false);
  DDB_ASSIGN(out.attributes_to_get, OptStringList(*object, "AttributesToGet"));
  if (out.attributes_to_get && out.attributes_to_get->empty()) {
    c.Add("'[]'", path + ".attributesToGet", "Member must have length greater than or equal to 1");
  }
  DDB_ASSIGN(out.expressions.projection_expression, OptString(*object, "ProjectionExpression"));
  DDB_ASSIGN(out.expressions.expression_attribute_names, DecodeNames(*object));
  return out;
}

Result<WriteRequest> DecodeWriteRequest(JsonElement json) {
  auto object = AsObject(json);
  if (!object) return std::move(object).error();
  std::optional<JsonObject> put, del;
  DDB_ASSIGN(put, OptObject(*object, "PutRequest"));
  DDB_ASSIGN(del, OptObject(*object, "DeleteRequest"));
  WriteRequest out;
  if (put.has_value() == del.has_value()) {
    return Error::Validation("Supplied AttributeValue has more than one datatypes set, must "
                             "contain exactly one of the supported datatypes");
  }
  out.put = put.has_value();
  auto member = Member(out.put ? *put : *del, out.put ? "Item" : "Key");
  if (!member) {
    return Error::Validation(std::string("1 validation error detected: Value null at '") +
                             (out.put ? "item" : "key") +
                             "' failed to satisfy constraint: Member must not be null");
  }
  DDB_ASSIGN(out.item, DecodeItem(*member));
  return out;
}

// The number of keys, in the wording of DynamoDB's newer validation layer,
// which checks them first.
Status CheckKeyCounts(bool present, const BatchGetItemRequest& request) {
  if (present && request.request_items.empty()) {
    return Error::Validation("The requestItems parameter is required for BatchGetItem");
  }
  Constraints counts;
  for (const auto& [table, part] : request.request_items) {
    counts.RangeUnvalued(static_cast<int64_t>(part.keys.size()),
                         "RequestItems." + table + ".member.Keys", 1, 100, "length");
  }
  return counts.Finish();
}

// BatchWriteItem's limits are checked on the whole map, which DynamoDB
// echoes in its Java model's words; only the frame of that echo is ours.
std::string EchoRequestItems(const BatchWriteItemRequest& request) {
  std::string out = "{";
  for (std::size_t t = 0; t < request.request_items.size(); ++t) {
    const auto& [table, writes] = request.request_items[t];
    out += (t ? ", " : "") + table + "=[";
    for (std::size_t i = 0; i < writes.size(); ++i) {
      out += i ? ", WriteRequest(...)" : "WriteRequest(...)";
    }
    out += "]";
  }
  return out + "}";
}

void CheckWriteCounts(const BatchWriteItemRequest& request, Constraints& c) {
  for (const auto& [table, writes] : request.request_items) {
    if (writes.empty() || writes.size() > 25) {
      c.Add("'" + EchoRequestItems(request) + "'", "requestItems",
            "Map value must satisfy constraint: [Member must have length less than or equal to "
            "25, Member must have length greater than or equal to 1]");
      return;
    }
  }
}

}  // namespace

Result<BatchGetItemRequest> DecodeBatchGetItem(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  BatchGetItemRequest out;
  std::optional<JsonObject> items;
  DDB_ASSIGN(items, OptObject(request, "RequestItems"));
  c.Required(items.has_value(), "requestItems");
  if (auto s = DecodeReturns(request, c, out); !s) return std::move(s).error();
  if (items) {
    for (auto [name, json] : *items) {
      std::string table(name);
      KeysAndAttributes part;
      DDB_ASSIGN(part, DecodeKeysAndAttributes(json, "requestItems." + table + ".member", c));
      out.request_items.emplace_back(std::move(table), std::move(part));
    }
  }
  if (auto s = CheckKeyCounts(items.has_value(), out); !s) return std::move(s).error();
  if (auto s = c.Finish(); !s) return std::move(s).error();
  // Expressions and legacy parameters may not mix, even across tables.
  Expressions mix;
  for (const auto& [table, part] : out.request_items) {
    if (part.expressions.projection_expression) {
      mix.projection_expression = part.expressions.projection_expression;
    }
  }
  for (const auto& [table, part] : out.request_items) {
    if (part.attributes_to_get && mix.projection_expression) {
      return Error::Validation("Can not use both expression and non-expression parameters in "
                               "the same request: Non-expression parameters: {AttributesToGet} "
                               "Expression parameters: {ProjectionExpression}");
    }
  }
  return out;
}

Result<BatchWriteItemRequest> DecodeBatchWriteItem(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  BatchWriteItemRequest out;
  std::optional<JsonObject> items;
  DDB_ASSIGN(items, OptObject(request, "RequestItems"));
  c.Required(items.has_value(), "requestItems");
  if (auto s = DecodeReturns(request, c, out); !s) return std::move(s).error();
  if (items && items->size() == 0) {
    return Error::Validation("The requestItems parameter is required for BatchWriteItem");
  }
  if (items) {
    for (auto [name, json] : *items) {
      JsonArray list;
      DDB_ASSIGN(list, AsArray(json));
      std::vector<WriteRequest> writes;
      for (JsonElement e : list) {
        WriteRequest w;
        DDB_ASSIGN(w, DecodeWriteRequest(e));
        writes.push_back(std::move(w));
      }
      out.request_items.emplace_back(std::string(name), std::move(writes));
    }
  }
  CheckWriteCounts(out, c);
  if (auto s = c.Finish(); !s) return std::move(s).error();
  return out;
}

std::string EncodeBatchGetItem(const BatchGetItemResponse& response) {
  JsonWriter out;
  out.BeginObject();
  out.PlainKey("Responses").BeginObject();
  for (const auto& [table, items] : response.responses) {
    out.Key(table).BeginArray();
    for (const Item& item : items) EncodeItem(item, out);
    out.EndArray();
  }
  out.EndObject();
  out.PlainKey("UnprocessedKeys").BeginObject();
  for (const auto& [table, part] : response.unprocessed_keys) {
    out.Key(table).BeginObject();
    out.PlainKey("Keys").BeginArray();
    for (const Item& key : part.keys) EncodeItem(key, out);
    out.EndArray();
    if (part.consistent_read) out.PlainKey("ConsistentRead").Bool(true);
    if (part.attributes_to_get) {
      out.PlainKey("AttributesToGet").BeginArray();
      for (const auto& name : *part.attributes_to_get) out.String(name);
      out.EndArray();
    }
    if (part.expressions.projection_expression) {
      out.PlainKey("ProjectionExpression").String(*part.expressions.projection_expression);
    }
    if (part.expressions.expression_attribute_names) {
      out.PlainKey("ExpressionAttributeNames").BeginObject();
      for (const auto& [key, name] : *part.expressions.expression_attribute_names) {
        out.Key(key).String(name);
      }
      out.EndObject();
    }
    out.EndObject();
  }
  out.EndObject();
  WriteConsumedCapacities(response.consumed_capacity, out);
  out.EndObject();
  return std::move(out).Take();
}

std::string EncodeBatchWriteItem(const BatchWriteItemResponse& response) {
  JsonWriter out;
  out.BeginObject();
  out.PlainKey("UnprocessedItems").BeginObject();
  for (const auto& [table, writes] : response.unprocessed_items) {
    out.Key(table).BeginArray();
    for (const auto& w : writes) {
      out.BeginObject().PlainKey(w.put ? "PutRequest" : "DeleteRequest").BeginObject();
      out.PlainKey(w.put ? "Item" : "Key");
      EncodeItem(w.item, out);
      out.EndObject().EndObject();
    }
    out.EndArray();
  }
  out.EndObject();
  WriteConsumedCapacities(response.consumed_capacity, out);
  WriteItemCollectionMetricsMap(response.item_collection_metrics, out);
  out.EndObject();
  return std::move(out).Take();
}

}  // namespace ddb::protocol
