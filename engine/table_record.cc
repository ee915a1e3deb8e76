// The catalog record of a table, as an Item so that it shares the item
// codec's byte format (model/item_codec.h). Attribute names are the API's
// member names. Fields added later must be optional when read back, so that
// records written by older versions still load.
#include <algorithm>

#include "engine/catalog.h"

namespace ddb {
namespace {

AttributeValue Str(std::string s) { return AttributeValue::S(std::move(s)); }
AttributeValue Int(int64_t v) { return AttributeValue::N(*Number::Parse(std::to_string(v))); }
// Times are kept at millisecond precision as integers.
AttributeValue Time(double seconds) {
  return Int(static_cast<int64_t>(seconds * 1000.0 + 0.5));
}

AttributeValue KeySchemaValue(const KeySchema& schema) {
  List list;
  for (const auto& k : schema) {
    list.push_back(AttributeValue::M(
        {{"AttributeName", Str(k.attribute_name)},
         {"KeyType", Str(k.key_type == KeyType::kHash ? "HASH" : "RANGE")}}));
  }
  return AttributeValue::L(std::move(list));
}

AttributeValue IndexesValue(const std::vector<SecondaryIndex>& indexes) {
  List list;
  for (const auto& index : indexes) {
    List non_key;
    for (const auto& a : index.projection.non_key_attributes) non_key.push_back(Str(a));
    Map m = {{"IndexName", Str(index.index_name)},
             {"IndexId", Int(index.index_id)},
             {"KeySchema", KeySchemaValue(index.key_schema)},
             {"ProjectionType", Str(index.projection.projection_type)},
             {"NonKeyAttributes", AttributeValue::L(std::move(non_key))}};
    if (index.provisioned_throughput) {
      m["Read"] = Int(index.provisioned_throughput->read_capacity_units);
      m["Write"] = Int(index.provisioned_throughput->write_capacity_units);
    }
    list.push_back(AttributeValue::M(std::move(m)));
  }
  return AttributeValue::L(std::move(list));
}

// Readers: each returns a default when the field is absent or mistyped.
const AttributeValue* Field(const Map& m, std::string_view name) {
  auto it = m.find(name);
  return it == m.end() ? nullptr : &it->second;
}
std::string GetStr(const Map& m, std::string_view name) {
  const AttributeValue* v = Field(m, name);
  return v && v->type() == Type::kS ? v->s() : std::string();
}
int64_t GetInt(const Map& m, std::string_view name) {
  const AttributeValue* v = Field(m, name);
  if (!v || v->type() != Type::kN) return 0;
  return std::stoll(v->n().ToString());
}
double GetTime(const Map& m, std::string_view name) {
  return static_cast<double>(GetInt(m, name)) / 1000.0;
}
bool GetBool(const Map& m, std::string_view name) {
  const AttributeValue* v = Field(m, name);
  return v && v->type() == Type::kBool && v->boolean();
}
const List& GetList(const Map& m, std::string_view name) {
  static const List kEmpty;
  const AttributeValue* v = Field(m, name);
  return v && v->type() == Type::kL ? v->l() : kEmpty;
}

KeySchema ReadKeySchema(const List& list) {
  KeySchema schema;
  for (const auto& e : list) {
    if (e.type() != Type::kM) continue;
    schema.push_back({GetStr(e.m(), "AttributeName"),
                      GetStr(e.m(), "KeyType") == "RANGE" ? KeyType::kRange : KeyType::kHash});
  }
  return schema;
}

std::vector<SecondaryIndex> ReadIndexes(const List& list) {
  std::vector<SecondaryIndex> indexes;
  for (const auto& e : list) {
    if (e.type() != Type::kM) continue;
    const Map& m = e.m();
    SecondaryIndex index;
    index.index_name = GetStr(m, "IndexName");
    index.index_id = static_cast<uint32_t>(GetInt(m, "IndexId"));
    index.key_schema = ReadKeySchema(GetList(m, "KeySchema"));
    index.projection.projection_type = GetStr(m, "ProjectionType");
    for (const auto& a : GetList(m, "NonKeyAttributes")) {
      if (a.type() == Type::kS) index.projection.non_key_attributes.push_back(a.s());
    }
    if (Field(m, "Read")) {
      index.provisioned_throughput = ProvisionedThroughput{GetInt(m, "Read"), GetInt(m, "Write")};
    }
    indexes.push_back(std::move(index));
  }
  return indexes;
}

AttributeValue VectorIndexesValue(const std::vector<VectorIndex>& indexes) {
  List list;
  for (const auto& index : indexes) {
    List schema, non_key;
    for (const auto& e : index.search_schema) {
      schema.push_back(AttributeValue::M({{"AttributeName", Str(e.attribute_name)},
                                          {"SearchSchemaElementType", Str(e.element_type)}}));
    }
    for (const auto& a : index.projection.non_key_attributes) non_key.push_back(Str(a));
    list.push_back(AttributeValue::M(
        {{"IndexName", Str(index.index_name)},
         {"VectorAttribute", Str(index.vector_attribute)},
         {"Dimensions", Int(index.dimensions)},
         {"DistanceFunction", Str(index.distance_function)},
         {"SearchSchema", AttributeValue::L(std::move(schema))},
         {"ProjectionType", Str(index.projection.projection_type)},
         {"NonKeyAttributes", AttributeValue::L(std::move(non_key))}}));
  }
  return AttributeValue::L(std::move(list));
}

std::vector<VectorIndex> ReadVectorIndexes(const List& list) {
  std::vector<VectorIndex> indexes;
  for (const auto& e : list) {
    if (e.type() != Type::kM) continue;
    const Map& m = e.m();
    VectorIndex index;
    index.index_name = GetStr(m, "IndexName");
    index.vector_attribute = GetStr(m, "VectorAttribute");
    index.dimensions = GetInt(m, "Dimensions");
    index.distance_function = GetStr(m, "DistanceFunction");
    for (const auto& s : GetList(m, "SearchSchema")) {
      if (s.type() != Type::kM) continue;
      index.search_schema.push_back(
          {GetStr(s.m(), "AttributeName"), GetStr(s.m(), "SearchSchemaElementType")});
    }
    index.projection.projection_type = GetStr(m, "ProjectionType");
    for (const auto& a : GetList(m, "NonKeyAttributes")) {
      if (a.type() == Type::kS) index.projection.non_key_attributes.push_back(a.s());
    }
    indexes.push_back(std::move(index));
  }
  return indexes;
}

AttributeValue StreamsValue(const std::vector<TableStream>& streams) {
  List list;
  for (const TableStream& stream : streams) {
    list.push_back(AttributeValue::M({{"Label", Str(stream.label)},
                                      {"ViewType", Str(stream.view_type)},
                                      {"Created", Time(stream.created)},
                                      {"First", Int(static_cast<int64_t>(stream.first_sequence))},
                                      {"End", Int(static_cast<int64_t>(stream.end_sequence))},
                                      {"DisabledAt", Time(stream.disabled_at)}}));
  }
  return AttributeValue::L(std::move(list));
}

std::vector<TableStream> ReadStreams(const List& list) {
  std::vector<TableStream> streams;
  for (const auto& e : list) {
    if (e.type() != Type::kM) continue;
    const Map& m = e.m();
    streams.push_back({GetStr(m, "Label"), GetStr(m, "ViewType"), GetTime(m, "Created"),
                       static_cast<uint64_t>(GetInt(m, "First")),
                       static_cast<uint64_t>(GetInt(m, "End")), GetTime(m, "DisabledAt")});
  }
  return streams;
}

}  // namespace

Item TableRecord(const TableDefinition& t) {
  List definitions, tags;
  for (const auto& d : t.attribute_definitions) {
    definitions.push_back(AttributeValue::M({{"AttributeName", Str(d.attribute_name)},
                                             {"AttributeType", Str(std::string(TypeName(d.attribute_type)))}}));
  }
  for (const auto& tag : t.tags) {
    tags.push_back(AttributeValue::M({{"Key", Str(tag.key)}, {"Value", Str(tag.value)}}));
  }
  Item r = {{"TableName", Str(t.table_name)},
            {"Id", Int(static_cast<int64_t>(t.table_id))},
            {"TableId", Str(t.table_uuid)},
            {"Region", Str(t.region)},
            {"KeySchema", KeySchemaValue(t.key_schema)},
            {"AttributeDefinitions", AttributeValue::L(std::move(definitions))},
            {"GlobalSecondaryIndexes", IndexesValue(t.global_secondary_indexes)},
            {"LocalSecondaryIndexes", IndexesValue(t.local_secondary_indexes)},
            {"VectorIndexes", VectorIndexesValue(t.vector_indexes)},
            {"BillingMode", Str(t.billing_mode)},
            {"Read", Int(t.provisioned_throughput.read_capacity_units)},
            {"Write", Int(t.provisioned_throughput.write_capacity_units)},
            {"BillingModeUpdated", Time(t.billing_mode_updated)},
            {"LastIncrease", Time(t.last_increase)},
            {"LastDecrease", Time(t.last_decrease)},
            {"LatestStreamLabel", Str(t.latest_stream_label)},
            {"Streams", StreamsValue(t.streams)},
            {"TableClass", Str(t.table_class)},
            {"DeletionProtectionEnabled", AttributeValue::Bool(t.deletion_protection_enabled)},
            {"Tags", AttributeValue::L(std::move(tags))},
            {"TimeToLiveAttribute", Str(t.ttl_attribute)},
            {"CreationDateTime", Time(t.creation_date_time)},
            {"TableStatus", Str(t.table_status)},
            {"StatusUntil", Time(t.status_until)},
            {"PointInTimeRecovery", AttributeValue::Bool(t.point_in_time_recovery)},
            {"RecoveryPeriodInDays", Int(t.recovery_period_in_days)},
            {"PointInTimeRecoverySince", Time(t.point_in_time_recovery_since)},
            {"PointInTimeBase", Int(static_cast<int64_t>(t.point_in_time_base_id))},
            {"PointInTimeHistory", Int(static_cast<int64_t>(t.point_in_time_history_id))},
            {"RestoredFromBackup", Str(t.restored_from_backup_arn)},
            {"RestoredFromTable", Str(t.restored_from_table_arn)},
            {"RestoreDateTime", Time(t.restore_date_time)},
            {"ContributorInsightsUpdated", Time(t.contributor_insights_updated)}};
  Map insights;
  for (const auto& [index, mode] : t.contributor_insights) insights[index] = Str(mode);
  r["ContributorInsights"] = AttributeValue::M(std::move(insights));
  List kinesis;
  for (const auto& k : t.kinesis_destinations) {
    kinesis.push_back(AttributeValue::M({{"StreamArn", Str(k.stream_arn)},
                                         {"Status", Str(k.status)},
                                         {"Precision", Str(k.precision)}}));
  }
  r["Kinesis"] = AttributeValue::L(std::move(kinesis));
  Map policies;
  for (const auto& [slot, policy] : t.resource_policies) {
    policies[slot] = AttributeValue::M({{"Document", Str(policy.document)},
                                        {"RevisionId", Str(policy.revision_id)}});
  }
  r["ResourcePolicies"] = AttributeValue::M(std::move(policies));
  List replicas;
  for (const auto& replica : t.replicas) {
    replicas.push_back(AttributeValue::M({{"RegionName", Str(replica.region_name)},
                                          {"Status", Str(replica.status)}}));
  }
  r["Replicas"] = AttributeValue::L(std::move(replicas));
  if (t.stream_specification) {
    r["StreamEnabled"] = AttributeValue::Bool(t.stream_specification->stream_enabled);
    r["StreamViewType"] = Str(t.stream_specification->stream_view_type);
  }
  if (t.sse_specification) {
    r["SSEEnabled"] = AttributeValue::Bool(t.sse_specification->enabled);
    r["SSEType"] = Str(t.sse_specification->sse_type);
    r["KMSMasterKeyId"] = Str(t.sse_specification->kms_master_key_id);
  }
  return r;
}

std::optional<TableDefinition> TableFromRecord(const Item& r) {
  TableDefinition t;
  t.table_name = GetStr(r, "TableName");
  t.table_id = static_cast<uint64_t>(GetInt(r, "Id"));
  if (t.table_name.empty() || t.table_id == 0) return std::nullopt;
  t.table_uuid = GetStr(r, "TableId");
  t.region = GetStr(r, "Region");
  t.key_schema = ReadKeySchema(GetList(r, "KeySchema"));
  for (const auto& e : GetList(r, "AttributeDefinitions")) {
    if (e.type() != Type::kM) continue;
    std::string type = GetStr(e.m(), "AttributeType");
    t.attribute_definitions.push_back(
        {GetStr(e.m(), "AttributeName"), type == "N" ? Type::kN : type == "B" ? Type::kB : Type::kS});
  }
  t.ttl_attribute = GetStr(r, "TimeToLiveAttribute");
  t.global_secondary_indexes = ReadIndexes(GetList(r, "GlobalSecondaryIndexes"));
  t.local_secondary_indexes = ReadIndexes(GetList(r, "LocalSecondaryIndexes"));
  t.vector_indexes = ReadVectorIndexes(GetList(r, "VectorIndexes"));
  // Records written before indexes were stored had no ids (nor entries).
  uint32_t next_id = 1;
  for (auto* list : {&t.global_secondary_indexes, &t.local_secondary_indexes}) {
    for (auto& index : *list) {
      if (index.index_id == 0) index.index_id = next_id;
      next_id = std::max(next_id, index.index_id) + 1;
    }
  }
  t.billing_mode = GetStr(r, "BillingMode");
  t.provisioned_throughput = {GetInt(r, "Read"), GetInt(r, "Write")};
  t.billing_mode_updated = GetTime(r, "BillingModeUpdated");
  t.last_increase = GetTime(r, "LastIncrease");
  t.last_decrease = GetTime(r, "LastDecrease");
  t.latest_stream_label = GetStr(r, "LatestStreamLabel");
  t.streams = ReadStreams(GetList(r, "Streams"));
  if (Field(r, "StreamEnabled")) {
    t.stream_specification = StreamSpecification{GetBool(r, "StreamEnabled"), GetStr(r, "StreamViewType")};
  }
  // Records written before streams were kept: an enabled stream starts now.
  if (t.stream_specification && t.stream_specification->stream_enabled && t.streams.empty()) {
    t.streams.push_back({t.latest_stream_label, t.stream_specification->stream_view_type,
                         GetTime(r, "CreationDateTime"), 0});
  }
  if (Field(r, "SSEEnabled")) {
    t.sse_specification = SseSpecification{GetBool(r, "SSEEnabled"), GetStr(r, "SSEType"),
                                           GetStr(r, "KMSMasterKeyId")};
  }
  t.table_class = GetStr(r, "TableClass");
  t.deletion_protection_enabled = GetBool(r, "DeletionProtectionEnabled");
  for (const auto& e : GetList(r, "Tags")) {
    if (e.type() == Type::kM) t.tags.push_back({GetStr(e.m(), "Key"), GetStr(e.m(), "Value")});
  }
  t.creation_date_time = GetTime(r, "CreationDateTime");
  t.table_status = GetStr(r, "TableStatus");
  t.status_until = GetTime(r, "StatusUntil");
  t.point_in_time_recovery = GetBool(r, "PointInTimeRecovery");
  if (Field(r, "RecoveryPeriodInDays")) t.recovery_period_in_days = GetInt(r, "RecoveryPeriodInDays");
  t.point_in_time_recovery_since = GetTime(r, "PointInTimeRecoverySince");
  t.point_in_time_base_id = static_cast<uint64_t>(GetInt(r, "PointInTimeBase"));
  t.point_in_time_history_id = static_cast<uint64_t>(GetInt(r, "PointInTimeHistory"));
  t.restored_from_backup_arn = GetStr(r, "RestoredFromBackup");
  t.restored_from_table_arn = GetStr(r, "RestoredFromTable");
  t.restore_date_time = GetTime(r, "RestoreDateTime");
  t.contributor_insights_updated = GetTime(r, "ContributorInsightsUpdated");
  if (const AttributeValue* insights = Field(r, "ContributorInsights");
      insights && insights->type() == Type::kM) {
    for (const auto& [index, mode] : insights->m()) {
      if (mode.type() == Type::kS) t.contributor_insights[index] = mode.s();
    }
  }
  for (const auto& e : GetList(r, "Kinesis")) {
    if (e.type() != Type::kM) continue;
    t.kinesis_destinations.push_back(
        {GetStr(e.m(), "StreamArn"), GetStr(e.m(), "Status"), GetStr(e.m(), "Precision")});
  }
  for (const auto& e : GetList(r, "Replicas")) {
    if (e.type() != Type::kM) continue;
    t.replicas.push_back({GetStr(e.m(), "RegionName"), GetStr(e.m(), "Status")});
  }
  if (const AttributeValue* policies = Field(r, "ResourcePolicies");
      policies && policies->type() == Type::kM) {
    for (const auto& [slot, policy] : policies->m()) {
      if (policy.type() != Type::kM) continue;
      t.resource_policies[slot] = {GetStr(policy.m(), "Document"),
                                   GetStr(policy.m(), "RevisionId")};
    }
  }
  return t;
}

}  // namespace ddb
