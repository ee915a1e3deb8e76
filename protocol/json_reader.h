// protocol/json_reader.h
//
// Reading request bodies: the only code that uses simdjson. A request body
// is parsed once into a DOM (request bodies are at most 16 MB and are read
// member by member while validating, which the DOM allows and On-Demand does
// not). Views returned here point into the thread's parser and are valid
// until the next ParseBody on this thread; nothing from simdjson leaves
// protocol/.
//
// Members of the wrong JSON type are SerializationException, as DynamoDB
// (Coral) reports them; a member that is JSON null counts as absent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "model/error.h"

namespace ddb::protocol {

using JsonElement = simdjson::dom::element;
using JsonObject = simdjson::dom::object;
using JsonArray = simdjson::dom::array;

// Parses a request body, which must be a JSON object. SerializationException
// otherwise (malformed JSON, invalid UTF-8, another top-level type).
Result<JsonObject> ParseBody(std::string_view body);

// The member `name` of `object`, or nullopt when absent or null.
std::optional<JsonElement> Member(JsonObject object, std::string_view name);

// Typed members. SerializationException when present with the wrong type.
Result<std::optional<std::string>> OptString(JsonObject object, std::string_view name);
Result<std::optional<bool>> OptBool(JsonObject object, std::string_view name);
Result<std::optional<int64_t>> OptInteger(JsonObject object, std::string_view name);
Result<std::optional<JsonObject>> OptObject(JsonObject object, std::string_view name);
Result<std::optional<JsonArray>> OptArray(JsonObject object, std::string_view name);

// Element conversions with the same errors.
Result<std::string> AsString(JsonElement element);
Result<JsonObject> AsObject(JsonElement element);
Result<int64_t> AsInteger(JsonElement element);

// An array of strings (e.g. AttributesToGet, NonKeyAttributes).
Result<std::optional<std::vector<std::string>>> OptStringList(JsonObject object,
                                                              std::string_view name);

// DynamoDB's message when a JSON value has a type the member cannot take.
Error WrongType(JsonElement element, std::string_view expected);

// Inside protocol/*.cc decoders: assigns a decoded member to `target`, or
// returns its error from the enclosing function.
#define DDB_ASSIGN(target, expression)                     \
  do {                                                     \
    auto ddb_result = (expression);                        \
    if (!ddb_result) return std::move(ddb_result).error(); \
    target = *std::move(ddb_result);                       \
  } while (false)

}  // namespace ddb::protocol
