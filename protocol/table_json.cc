// CreateTable, DescribeTable, ListTables, DeleteTable, UpdateTable <-> JSON.
#include "protocol/attribute_value_json.h"
#include "protocol/constraints.h"
#include "protocol/json_reader.h"
#include "protocol/operations.h"
#include "protocol/request_json.h"

namespace ddb::protocol {
namespace {

std::string Path(std::string_view base, std::size_t index, std::string_view member) {
  return std::string(base) + "." + std::to_string(index) + ".member." + std::string(member);
}

std::string Quote(const KeySchema& schema);

// Tables and local indexes have at most 2 key attributes; global indexes up
// to 8 (four HASH and four RANGE: multi-attribute keys).
Result<KeySchema> DecodeKeySchema(JsonArray array, std::string_view path, Constraints& c,
                                  std::size_t max_keys = 2) {
  KeySchema schema;
  std::size_t i = 0;
  for (JsonElement e : array) {
    ++i;
    auto object = AsObject(e);
    if (!object) return std::move(object).error();
    std::optional<std::string> name, type;
    DDB_ASSIGN(name, OptString(*object, "AttributeName"));
    DDB_ASSIGN(type, OptString(*object, "KeyType"));
    c.Required(name.has_value(), Path(path, i, "attributeName"));
    if (name) c.Length(*name, Path(path, i, "attributeName"), 1, 255);
    c.Required(type.has_value(), Path(path, i, "keyType"));
    c.Enum(type, Path(path, i, "keyType"), "[HASH, RANGE]");
    schema.push_back({name.value_or(""), type == "RANGE" ? KeyType::kRange : KeyType::kHash});
  }
  if (schema.empty()) c.Add("'[]'", path, "Member must have length greater than or equal to 1");
  if (schema.size() > max_keys) {
    c.Add(Quote(schema), path,
          "Member must have length less than or equal to " + std::to_string(max_keys));
  }
  return schema;
}

Result<std::optional<ProvisionedThroughput>> DecodeThroughput(JsonObject request,
                                                              std::string_view path,
                                                              Constraints& c) {
  std::optional<JsonObject> object;
  DDB_ASSIGN(object, OptObject(request, "ProvisionedThroughput"));
  if (!object) return std::optional<ProvisionedThroughput>();
  std::optional<int64_t> read, write;
  DDB_ASSIGN(read, OptInteger(*object, "ReadCapacityUnits"));
  DDB_ASSIGN(write, OptInteger(*object, "WriteCapacityUnits"));
  std::string p(path);
  c.Required(read.has_value(), p + ".readCapacityUnits");
  c.Range(read, p + ".readCapacityUnits", 1, INT64_MAX);
  c.Required(write.has_value(), p + ".writeCapacityUnits");
  c.Range(write, p + ".writeCapacityUnits", 1, INT64_MAX);
  return std::optional<ProvisionedThroughput>(ProvisionedThroughput{read.value_or(0), write.value_or(0)});
}

// An index's Projection member (required).
Result<Projection> DecodeProjection(JsonObject object, const std::string& path, Constraints& c) {
  Projection out;
  std::optional<JsonObject> projection;
  DDB_ASSIGN(projection, OptObject(object, "Projection"));
  c.Required(projection.has_value(), path + ".projection");
  if (projection) {
    std::optional<std::string> type;
    DDB_ASSIGN(type, OptString(*projection, "ProjectionType"));
    c.Enum(type, path + ".projection.projectionType", "[ALL, KEYS_ONLY, INCLUDE]");
    out.projection_type = type.value_or("");
    std::optional<std::vector<std::string>> non_key;
    DDB_ASSIGN(non_key, OptStringList(*projection, "NonKeyAttributes"));
    if (non_key) out.non_key_attributes = std::move(*non_key);
  }
  return out;
}

Result<SecondaryIndex> DecodeIndex(JsonElement e, const std::string& path, Constraints& c,
                                   std::size_t max_keys) {
  auto object = AsObject(e);
  if (!object) return std::move(object).error();
  SecondaryIndex index;
  std::optional<std::string> name;
  DDB_ASSIGN(name, OptString(*object, "IndexName"));
  c.IndexName(name, path + ".indexName");
  index.index_name = name.value_or("");
  std::optional<JsonArray> key_schema;
  DDB_ASSIGN(key_schema, OptArray(*object, "KeySchema"));
  c.Required(key_schema.has_value(), path + ".keySchema");
  if (key_schema) DDB_ASSIGN(index.key_schema, DecodeKeySchema(*key_schema, path + ".keySchema", c, max_keys));
  DDB_ASSIGN(index.projection, DecodeProjection(*object, path, c));
  DDB_ASSIGN(index.provisioned_throughput, DecodeThroughput(*object, path + ".provisionedThroughput", c));
  return index;
}

// A vector index of CreateTable's VectorIndexes or of a Create in
// UpdateTable's VectorIndexUpdates.
Result<VectorIndex> DecodeVectorIndex(JsonElement e, const std::string& path, Constraints& c) {
  auto object = AsObject(e);
  if (!object) return std::move(object).error();
  VectorIndex index;
  std::optional<std::string> name, distance;
  DDB_ASSIGN(name, OptString(*object, "IndexName"));
  c.IndexName(name, path + ".indexName");
  index.index_name = name.value_or("");
  std::optional<JsonObject> vector;
  DDB_ASSIGN(vector, OptObject(*object, "VectorAttribute"));
  c.Required(vector.has_value(), path + ".vectorAttribute");
  if (vector) {
    std::optional<std::string> attribute;
    DDB_ASSIGN(attribute, OptString(*vector, "AttributeName"));
    c.Required(attribute.has_value(), path + ".vectorAttribute.attributeName");
    index.vector_attribute = attribute.value_or("");
    if (attribute) c.Length(*attribute, path + ".vectorAttribute.attributeName", 1, 255);
  }
  std::optional<int64_t> dimensions;
  DDB_ASSIGN(dimensions, OptInteger(*object, "Dimensions"));
  c.Required(dimensions.has_value(), path + ".dimensions");
  c.Range(dimensions, path + ".dimensions", 1, INT64_MAX);
  index.dimensions = dimensions.value_or(0);
  DDB_ASSIGN(distance, OptString(*object, "DistanceFunction"));
  c.Required(distance.has_value(), path + ".distanceFunction");
  c.Enum(distance, path + ".distanceFunction", "[DOT_PRODUCT, COSINE, EUCLIDEAN]");
  index.distance_function = distance.value_or("");
  std::optional<JsonArray> schema;
  DDB_ASSIGN(schema, OptArray(*object, "SearchSchema"));
  if (schema) {
    std::size_t i = 0;
    for (JsonElement element : *schema) {
      auto member = AsObject(element);
      if (!member) return std::move(member).error();
      std::string at = path + ".searchSchema." + std::to_string(++i) + ".member";
      std::optional<std::string> attribute, type;
      DDB_ASSIGN(attribute, OptString(*member, "AttributeName"));
      DDB_ASSIGN(type, OptString(*member, "SearchSchemaElementType"));
      c.Required(attribute.has_value(), at + ".attributeName");
      c.Required(type.has_value(), at + ".searchSchemaElementType");
      c.Enum(type, at + ".searchSchemaElementType", "[HASH, INLINE_FILTER]");
      index.search_schema.push_back({attribute.value_or(""), type.value_or("")});
    }
    c.Range(static_cast<int64_t>(i), path + ".searchSchema", 1, INT64_MAX);
  }
  DDB_ASSIGN(index.projection, DecodeProjection(*object, path, c));
  return index;
}

Result<std::vector<VectorIndex>> DecodeVectorIndexList(JsonObject request, std::string_view member,
                                                      std::string_view path, Constraints& c) {
  std::optional<JsonArray> array;
  DDB_ASSIGN(array, OptArray(request, member));
  std::vector<VectorIndex> indexes;
  if (!array) return indexes;
  std::size_t i = 0;
  for (JsonElement e : *array) {
    VectorIndex index;
    DDB_ASSIGN(index, DecodeVectorIndex(e, std::string(path) + "." + std::to_string(++i) + ".member", c));
    indexes.push_back(std::move(index));
  }
  return indexes;
}

// VectorIndexUpdates: each entry a Create or a Delete.
Result<std::vector<VectorIndexUpdate>> DecodeVectorIndexUpdates(JsonObject request,
                                                               Constraints& c) {
  std::optional<JsonArray> array;
  DDB_ASSIGN(array, OptArray(request, "VectorIndexUpdates"));
  std::vector<VectorIndexUpdate> updates;
  if (!array) return updates;
  std::size_t i = 0;
  for (JsonElement e : *array) {
    auto entry = AsObject(e);
    if (!entry) return std::move(entry).error();
    std::string path = "vectorIndexUpdates." + std::to_string(++i) + ".member";
    VectorIndexUpdate update;
    if (auto create = Member(*entry, "Create")) {
      DDB_ASSIGN(update.index, DecodeVectorIndex(*create, path + ".create", c));
    } else if (auto remove = Member(*entry, "Delete")) {
      auto object = AsObject(*remove);
      if (!object) return std::move(object).error();
      update.create = false;
      std::optional<std::string> name;
      DDB_ASSIGN(name, OptString(*object, "IndexName"));
      c.IndexName(name, path + ".delete.indexName");
      update.index.index_name = name.value_or("");
    } else {
      return Error::Validation("One or more parameter values were invalid: One of "
                               "VectorIndexUpdate.Create or Delete must be specified");
    }
    updates.push_back(std::move(update));
  }
  return updates;
}

Result<std::vector<SecondaryIndex>> DecodeIndexes(JsonObject request, std::string_view member,
                                                  std::string_view path, Constraints& c,
                                                  std::size_t max_keys) {
  std::optional<JsonArray> array;
  DDB_ASSIGN(array, OptArray(request, member));
  std::vector<SecondaryIndex> indexes;
  if (!array) return indexes;
  std::size_t i = 0;
  for (JsonElement e : *array) {
    SecondaryIndex index;
    DDB_ASSIGN(index, DecodeIndex(e, std::string(path) + "." + std::to_string(++i) + ".member", c,
                                  max_keys));
    indexes.push_back(std::move(index));
  }
  return indexes;
}

// GlobalSecondaryIndexUpdates: each entry one of Create, Update, Delete.
Result<std::vector<GlobalSecondaryIndexUpdate>> DecodeIndexUpdates(JsonArray array,
                                                                  Constraints& c) {
  std::vector<GlobalSecondaryIndexUpdate> updates;
  std::size_t i = 0;
  for (JsonElement e : array) {
    auto entry = AsObject(e);
    if (!entry) return std::move(entry).error();
    std::string path = "globalSecondaryIndexUpdates." + std::to_string(++i) + ".member";
    GlobalSecondaryIndexUpdate update;
    if (auto create = Member(*entry, "Create")) {
      DDB_ASSIGN(update.index, DecodeIndex(*create, path + ".create", c, 8));
    } else {
      auto other = Member(*entry, "Update");
      update.kind = GlobalSecondaryIndexUpdate::Kind::kUpdate;
      if (!other) {
        other = Member(*entry, "Delete");
        update.kind = GlobalSecondaryIndexUpdate::Kind::kDelete;
      }
      if (!other) {
        return Error::Validation("One or more parameter values were invalid: One of "
                                 "GlobalSecondaryIndexUpdate.Create, Update, or Delete must "
                                 "be specified");
      }
      auto object = AsObject(*other);
      if (!object) return std::move(object).error();
      std::optional<std::string> name;
      DDB_ASSIGN(name, OptString(*object, "IndexName"));
      std::string member = update.kind == GlobalSecondaryIndexUpdate::Kind::kUpdate ? ".update"
                                                                                    : ".delete";
      c.IndexName(name, path + member + ".indexName");
      update.index.index_name = name.value_or("");
      if (update.kind == GlobalSecondaryIndexUpdate::Kind::kUpdate) {
        DDB_ASSIGN(update.index.provisioned_throughput,
                   DecodeThroughput(*object, path + ".update.provisionedThroughput", c));
      }
    }
    updates.push_back(std::move(update));
  }
  return updates;
}

Result<std::vector<AttributeDefinition>> DecodeDefinitions(JsonArray array, Constraints& c) {
  std::vector<AttributeDefinition> definitions;
  std::size_t i = 0;
  for (JsonElement e : array) {
    ++i;
    auto object = AsObject(e);
    if (!object) return std::move(object).error();
    std::optional<std::string> name, type;
    DDB_ASSIGN(name, OptString(*object, "AttributeName"));
    DDB_ASSIGN(type, OptString(*object, "AttributeType"));
    c.Required(name.has_value(), Path("attributeDefinitions", i, "attributeName"));
    if (name) c.Length(*name, Path("attributeDefinitions", i, "attributeName"), 1, 255);
    c.Required(type.has_value(), Path("attributeDefinitions", i, "attributeType"));
    c.Enum(type, Path("attributeDefinitions", i, "attributeType"), "[B, N, S]");
    definitions.push_back({name.value_or(""), type == "N" ? Type::kN : type == "B" ? Type::kB : Type::kS});
  }
  return definitions;
}

Result<std::optional<StreamSpecification>> DecodeStream(JsonObject request, Constraints& c) {
  std::optional<JsonObject> object;
  DDB_ASSIGN(object, OptObject(request, "StreamSpecification"));
  if (!object) return std::optional<StreamSpecification>();
  std::optional<bool> enabled;
  std::optional<std::string> view;
  DDB_ASSIGN(enabled, OptBool(*object, "StreamEnabled"));
  DDB_ASSIGN(view, OptString(*object, "StreamViewType"));
  c.Required(enabled.has_value(), "streamSpecification.streamEnabled");
  c.Enum(view, "streamSpecification.streamViewType",
         "[NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY]");
  if (!c.ok()) return std::optional<StreamSpecification>();
  if (*enabled && !view) {
    return Error::Validation(
        "One or more parameter values were invalid: StreamViewType is required when "
        "StreamEnabled is true");  // TODO(#7): confirm against DynamoDB
  }
  if (!*enabled && view) {
    return Error::Validation(
        "One or more parameter values were invalid: Stream view type can only be specified when "
        "stream is enabled");  // TODO(#7): confirm against DynamoDB
  }
  return std::optional<StreamSpecification>(StreamSpecification{*enabled, view.value_or("")});
}

Result<std::optional<SseSpecification>> DecodeSse(JsonObject request, Constraints& c) {
  std::optional<JsonObject> object;
  DDB_ASSIGN(object, OptObject(request, "SSESpecification"));
  if (!object) return std::optional<SseSpecification>();
  std::optional<bool> enabled;
  std::optional<std::string> type, key;
  DDB_ASSIGN(enabled, OptBool(*object, "Enabled"));
  DDB_ASSIGN(type, OptString(*object, "SSEType"));
  DDB_ASSIGN(key, OptString(*object, "KMSMasterKeyId"));
  c.Enum(type, "sSESpecification.sSEType", "[AES256, KMS]");
  SseSpecification sse{enabled.value_or(false), type.value_or(""), key.value_or("")};
  if (sse.enabled && sse.sse_type.empty()) sse.sse_type = "KMS";
  return std::optional<SseSpecification>(sse);
}

Result<std::vector<Tag>> DecodeTags(JsonObject request, Constraints& c) {
  std::optional<JsonArray> array;
  DDB_ASSIGN(array, OptArray(request, "Tags"));
  std::vector<Tag> tags;
  if (!array) return tags;
  std::size_t i = 0;
  for (JsonElement e : *array) {
    ++i;
    auto object = AsObject(e);
    if (!object) return std::move(object).error();
    std::optional<std::string> key, value;
    DDB_ASSIGN(key, OptString(*object, "Key"));
    DDB_ASSIGN(value, OptString(*object, "Value"));
    c.Required(key.has_value(), Path("tags", i, "key"));
    c.Required(value.has_value(), Path("tags", i, "value"));
    if (key) c.Length(*key, Path("tags", i, "key"), 1, 128);
    if (value) c.Length(*value, Path("tags", i, "value"), 0, 256);
    tags.push_back({key.value_or(""), value.value_or("")});
  }
  return tags;
}

Result<std::optional<std::string>> DecodeTableName(JsonObject request, Constraints& c,
                                                   std::size_t min_length = 1) {
  std::optional<std::string> name;
  DDB_ASSIGN(name, OptString(request, "TableName"));
  c.TableName(name, "tableName", min_length);
  return name;
}

// "[KeySchemaElement(attributeName=pk, keyType=HASH), ...]", as DynamoDB
// quotes a key schema in a constraint message.
std::string Quote(const KeySchema& schema) {
  std::string out = "'[";
  for (std::size_t i = 0; i < schema.size(); ++i) {
    if (i > 0) out += ", ";
    out += "KeySchemaElement(attributeName=" + schema[i].attribute_name + ", keyType=" +
           (schema[i].key_type == KeyType::kHash ? "HASH" : "RANGE") + ")";
  }
  return out + "]'";
}

}  // namespace

Result<CreateTableRequest> DecodeCreateTable(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  CreateTableRequest out;
  TableDefinition& t = out.table;
  std::optional<std::string> name;
  DDB_ASSIGN(name, OptString(request, "TableName"));
  if (!name) {
    return Error::Validation(
        "The parameter 'TableName' is required but was not present in the request");
  }
  c.TableName(name, "tableName", 3);
  t.table_name = name.value_or("");
  std::optional<JsonArray> definitions, key_schema;
  DDB_ASSIGN(definitions, OptArray(request, "AttributeDefinitions"));
  DDB_ASSIGN(key_schema, OptArray(request, "KeySchema"));
  c.Required(definitions.has_value(), "attributeDefinitions");
  c.Required(key_schema.has_value(), "keySchema");
  if (definitions) DDB_ASSIGN(t.attribute_definitions, DecodeDefinitions(*definitions, c));
  if (key_schema) DDB_ASSIGN(t.key_schema, DecodeKeySchema(*key_schema, "keySchema", c));
  DDB_ASSIGN(t.local_secondary_indexes, DecodeIndexes(request, "LocalSecondaryIndexes", "localSecondaryIndexes", c, 2));
  DDB_ASSIGN(t.global_secondary_indexes, DecodeIndexes(request, "GlobalSecondaryIndexes", "globalSecondaryIndexes", c, 8));
  DDB_ASSIGN(t.vector_indexes, DecodeVectorIndexList(request, "VectorIndexes", "vectorIndexes", c));
  std::optional<std::string> billing, table_class;
  DDB_ASSIGN(billing, OptString(request, "BillingMode"));
  c.Enum(billing, "billingMode", "[PROVISIONED, PAY_PER_REQUEST]");
  t.billing_mode = billing.value_or("PROVISIONED");
  std::optional<ProvisionedThroughput> throughput;
  DDB_ASSIGN(throughput, DecodeThroughput(request, "provisionedThroughput", c));
  out.has_provisioned_throughput = throughput.has_value();
  if (throughput) t.provisioned_throughput = *throughput;
  DDB_ASSIGN(t.stream_specification, DecodeStream(request, c));
  DDB_ASSIGN(t.sse_specification, DecodeSse(request, c));
  DDB_ASSIGN(t.tags, DecodeTags(request, c));
  DDB_ASSIGN(table_class, OptString(request, "TableClass"));
  c.Enum(table_class, "tableClass", "[STANDARD, STANDARD_INFREQUENT_ACCESS]");
  t.table_class = table_class.value_or("STANDARD");
  std::optional<bool> protection;
  DDB_ASSIGN(protection, OptBool(request, "DeletionProtectionEnabled"));
  t.deletion_protection_enabled = protection.value_or(false);
  std::optional<std::string> policy;
  DDB_ASSIGN(policy, OptString(request, "ResourcePolicy"));
  if (auto s = c.Finish(); !s) return std::move(s).error();
  if (policy) {
    // Last: it parses the document with a parser of its own.
    DDB_ASSIGN(t.resource_policies[""].document, CheckPolicyDocument(*policy));
  }
  return out;
}

Result<DescribeTableRequest> DecodeDescribeTable(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  std::optional<std::string> name;
  DDB_ASSIGN(name, DecodeTableName(request, c));
  if (auto s = c.Finish(); !s) return std::move(s).error();
  return DescribeTableRequest{*name};
}

Result<DeleteTableRequest> DecodeDeleteTable(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  std::optional<std::string> name;
  DDB_ASSIGN(name, DecodeTableName(request, c));
  if (auto s = c.Finish(); !s) return std::move(s).error();
  return DeleteTableRequest{*name};
}

Result<ListTablesRequest> DecodeListTables(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  ListTablesRequest out;
  DDB_ASSIGN(out.exclusive_start_table_name, OptString(request, "ExclusiveStartTableName"));
  if (out.exclusive_start_table_name) {
    c.TableName(out.exclusive_start_table_name, "exclusiveStartTableName", 3);
  }
  std::optional<int64_t> limit;
  DDB_ASSIGN(limit, OptInteger(request, "Limit"));
  c.Range(limit, "limit", 1, 100);
  if (limit) out.limit = static_cast<int>(*limit);
  if (auto s = c.Finish(); !s) return std::move(s).error();
  return out;
}

// UpdateTable's ReplicaUpdates: each element's one action and its region.
Result<std::vector<ReplicaUpdate>> DecodeReplicaUpdates(JsonArray array) {
  std::vector<ReplicaUpdate> out;
  for (JsonElement e : array) {
    JsonObject element;
    DDB_ASSIGN(element, AsObject(e));
    ReplicaUpdate update;
    int actions = 0;
    for (auto [member, action] : {std::pair{"Create", ReplicaUpdate::Action::kCreate},
                                  std::pair{"Update", ReplicaUpdate::Action::kUpdate},
                                  std::pair{"Delete", ReplicaUpdate::Action::kDelete}}) {
      std::optional<JsonObject> body;
      DDB_ASSIGN(body, OptObject(element, member));
      if (!body) continue;
      ++actions;
      update.action = action;
      std::optional<std::string> region;
      DDB_ASSIGN(region, OptString(*body, "RegionName"));
      update.region_name = region.value_or("");
      // An Update naming only its region changes nothing.
      if (action == ReplicaUpdate::Action::kUpdate && body->size() <= 1) {
        update.action = ReplicaUpdate::Action::kNone;
      }
    }
    if (actions > 1) update.action = ReplicaUpdate::Action::kSeveral;
    out.push_back(std::move(update));
  }
  return out;
}

Result<UpdateTableRequest> DecodeUpdateTable(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  UpdateTableRequest out;
  std::optional<std::string> name;
  DDB_ASSIGN(name, DecodeTableName(request, c));
  out.table_name = name.value_or("");
  std::optional<JsonArray> definitions;
  DDB_ASSIGN(definitions, OptArray(request, "AttributeDefinitions"));
  if (definitions) DDB_ASSIGN(out.attribute_definitions, DecodeDefinitions(*definitions, c));
  DDB_ASSIGN(out.billing_mode, OptString(request, "BillingMode"));
  c.Enum(out.billing_mode, "billingMode", "[PROVISIONED, PAY_PER_REQUEST]");
  DDB_ASSIGN(out.provisioned_throughput, DecodeThroughput(request, "provisionedThroughput", c));
  DDB_ASSIGN(out.stream_specification, DecodeStream(request, c));
  DDB_ASSIGN(out.sse_specification, DecodeSse(request, c));
  DDB_ASSIGN(out.table_class, OptString(request, "TableClass"));
  c.Enum(out.table_class, "tableClass", "[STANDARD, STANDARD_INFREQUENT_ACCESS]");
  DDB_ASSIGN(out.deletion_protection_enabled, OptBool(request, "DeletionProtectionEnabled"));
  std::optional<JsonArray> gsi_updates;
  DDB_ASSIGN(gsi_updates, OptArray(request, "GlobalSecondaryIndexUpdates"));
  out.has_global_secondary_index_updates = gsi_updates.has_value();
  if (gsi_updates) {
    DDB_ASSIGN(out.global_secondary_index_updates, DecodeIndexUpdates(*gsi_updates, c));
  }
  std::optional<JsonArray> replica_updates;
  DDB_ASSIGN(replica_updates, OptArray(request, "ReplicaUpdates"));
  if (replica_updates) {
    if (replica_updates->size() == 0) {
      c.Add("'[]'", "replicaUpdates", "Member must have length greater than or equal to 1");
    }
    DDB_ASSIGN(out.replica_updates, DecodeReplicaUpdates(*replica_updates));
  }
  DDB_ASSIGN(out.vector_index_updates, DecodeVectorIndexUpdates(request, c));
  if (auto s = c.Finish(); !s) return std::move(s).error();
  return out;
}

namespace {

Result<std::string> DecodeResourceArn(JsonObject request, Constraints& c) {
  std::optional<std::string> arn;
  DDB_ASSIGN(arn, OptString(request, "ResourceArn"));
  c.Required(arn.has_value(), "resourceArn");
  if (arn) c.Length(*arn, "resourceArn", 1, 1283);
  return arn.value_or("");
}

}  // namespace

Result<TagResourceRequest> DecodeTagResource(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  TagResourceRequest out;
  DDB_ASSIGN(out.resource_arn, DecodeResourceArn(request, c));
  DDB_ASSIGN(out.tags, DecodeTags(request, c));
  if (auto s = c.Finish(); !s) return std::move(s).error();
  return out;
}

Result<UntagResourceRequest> DecodeUntagResource(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  UntagResourceRequest out;
  DDB_ASSIGN(out.resource_arn, DecodeResourceArn(request, c));
  std::optional<std::vector<std::string>> keys;
  DDB_ASSIGN(keys, OptStringList(request, "TagKeys"));
  c.Required(keys.has_value(), "tagKeys");
  if (keys) out.tag_keys = *std::move(keys);
  if (auto s = c.Finish(); !s) return std::move(s).error();
  return out;
}

Result<ListTagsOfResourceRequest> DecodeListTagsOfResource(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  ListTagsOfResourceRequest out;
  DDB_ASSIGN(out.resource_arn, DecodeResourceArn(request, c));
  DDB_ASSIGN(out.next_token, OptString(request, "NextToken"));
  if (auto s = c.Finish(); !s) return std::move(s).error();
  return out;
}

std::string EncodeEmpty(const EmptyResponse&) { return "{}"; }

std::string EncodeListTagsOfResource(const ListTagsOfResourceResponse& response) {
  JsonWriter out;
  out.BeginObject().PlainKey("Tags").BeginArray();
  for (const Tag& tag : response.tags) {
    out.BeginObject().PlainKey("Key").String(tag.key).PlainKey("Value").String(tag.value);
    out.EndObject();
  }
  out.EndArray();
  if (response.next_token) out.PlainKey("NextToken").String(*response.next_token);
  out.EndObject();
  return std::move(out).Take();
}

Result<UpdateTimeToLiveRequest> DecodeUpdateTimeToLive(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  UpdateTimeToLiveRequest out;
  std::optional<std::string> name;
  DDB_ASSIGN(name, DecodeTableName(request, c, 3));
  out.table_name = name.value_or("");
  std::optional<JsonObject> spec;
  DDB_ASSIGN(spec, OptObject(request, "TimeToLiveSpecification"));
  c.Required(spec.has_value(), "timeToLiveSpecification");
  if (spec) {
    std::optional<std::string> attribute;
    std::optional<bool> enabled;
    DDB_ASSIGN(attribute, OptString(*spec, "AttributeName"));
    DDB_ASSIGN(enabled, OptBool(*spec, "Enabled"));
    c.Required(attribute.has_value(), "timeToLiveSpecification.attributeName");
    if (attribute) c.Length(*attribute, "timeToLiveSpecification.attributeName", 1, 255);
    c.Required(enabled.has_value(), "timeToLiveSpecification.enabled");
    out.specification = {attribute.value_or(""), enabled.value_or(false)};
  }
  if (auto s = c.Finish(); !s) return std::move(s).error();
  return out;
}

std::string EncodeUpdateTimeToLive(const TimeToLiveSpecification& spec) {
  JsonWriter out;
  out.BeginObject().PlainKey("TimeToLiveSpecification").BeginObject();
  out.PlainKey("AttributeName").String(spec.attribute_name);
  out.PlainKey("Enabled").Bool(spec.enabled);
  out.EndObject().EndObject();
  return std::move(out).Take();
}

std::string EncodeDescribeTimeToLive(const DescribeTimeToLiveResponse& response) {
  JsonWriter out;
  out.BeginObject().PlainKey("TimeToLiveDescription").BeginObject();
  if (response.attribute_name.empty()) {
    out.PlainKey("TimeToLiveStatus").String("DISABLED");
  } else {
    out.PlainKey("TimeToLiveStatus").String("ENABLED");
    out.PlainKey("AttributeName").String(response.attribute_name);
  }
  out.EndObject().EndObject();
  return std::move(out).Take();
}

Result<std::vector<SecondaryIndex>> DecodeSecondaryIndexes(JsonObject request,
                                                           std::string_view member,
                                                           std::string_view path, Constraints& c,
                                                           std::size_t max_keys) {
  return DecodeIndexes(request, member, path, c, max_keys);
}

Result<std::vector<VectorIndex>> DecodeVectorIndexes(JsonObject request, std::string_view member,
                                                    std::string_view path, Constraints& c) {
  return DecodeVectorIndexList(request, member, path, c);
}

}  // namespace ddb::protocol
