// TableDescription -> JSON, as DescribeTable, CreateTable, UpdateTable and
// DeleteTable return it.
#include <algorithm>

#include "protocol/json_writer.h"
#include "protocol/operations.h"
#include "protocol/request_json.h"

namespace ddb::protocol {

void WriteKeySchema(const KeySchema& schema, JsonWriter& out) {
  out.BeginArray();
  for (const auto& k : schema) {
    out.BeginObject();
    out.Key("AttributeName").String(k.attribute_name);
    out.Key("KeyType").String(k.key_type == KeyType::kHash ? "HASH" : "RANGE");
    out.EndObject();
  }
  out.EndArray();
}

void WriteThroughput(const ProvisionedThroughput& t, double last_increase, double last_decrease,
                     JsonWriter& out) {
  out.BeginObject();
  if (last_increase > 0) out.Key("LastIncreaseDateTime").EpochSeconds(last_increase);
  if (last_decrease > 0) out.Key("LastDecreaseDateTime").EpochSeconds(last_decrease);
  out.Key("NumberOfDecreasesToday").Int(0);
  out.Key("ReadCapacityUnits").Int(t.read_capacity_units);
  out.Key("WriteCapacityUnits").Int(t.write_capacity_units);
  out.EndObject();
}

void WriteProjection(const Projection& p, JsonWriter& out) {
  out.BeginObject();
  out.Key("ProjectionType").String(p.projection_type);
  if (!p.non_key_attributes.empty()) {
    out.Key("NonKeyAttributes").BeginArray();
    for (const auto& a : p.non_key_attributes) out.String(a);
    out.EndArray();
  }
  out.EndObject();
}

namespace {

// An index's IndexSizeBytes, ItemCount (as counted by Describe) and IndexArn.
void WriteIndexCounts(const TableDescription& d, const std::string& name, JsonWriter& out) {
  auto stats = d.index_stats.find(name);
  TableDescription::IndexStats counted;
  if (stats != d.index_stats.end()) counted = stats->second;
  out.Key("IndexSizeBytes").Int(counted.size_bytes);
  out.Key("ItemCount").Int(counted.item_count);
  out.Key("IndexArn").String(d.table_arn + "/index/" + name);
}

void WriteIndexes(const TableDescription& d, const std::vector<SecondaryIndex>& indexes,
                  bool global, JsonWriter& out) {
  for (const auto& index : indexes) {
    out.BeginObject();
    out.Key("IndexName").String(index.index_name);
    out.Key("KeySchema");
    WriteKeySchema(index.key_schema, out);
    out.Key("Projection");
    WriteProjection(index.projection, out);
    if (global) {
      bool creating = std::find(d.creating_indexes.begin(), d.creating_indexes.end(),
                                index.index_name) != d.creating_indexes.end();
      bool deleting = &indexes == &d.deleting_indexes;
      out.Key("IndexStatus").String(creating ? "CREATING" : deleting ? "DELETING" : "ACTIVE");
      if (creating) out.Key("Backfilling").Bool(false);
      out.Key("ProvisionedThroughput");
      WriteThroughput(index.provisioned_throughput.value_or(ProvisionedThroughput{}), 0, 0, out);
    }
    WriteIndexCounts(d, index.index_name, out);
    out.EndObject();
  }
}

}  // namespace

void WriteVectorIndexInfo(const VectorIndex& index, JsonWriter& out) {
  out.Key("IndexName").String(index.index_name);
  if (!index.search_schema.empty()) {
    out.Key("SearchSchema").BeginArray();
    for (const auto& e : index.search_schema) {
      out.BeginObject();
      out.Key("AttributeName").String(e.attribute_name);
      out.Key("SearchSchemaElementType").String(e.element_type);
      out.EndObject();
    }
    out.EndArray();
  }
  out.Key("Projection");
  WriteProjection(index.projection, out);
  out.Key("VectorAttribute").BeginObject();
  out.Key("AttributeName").String(index.vector_attribute);
  out.EndObject();
  out.Key("Dimensions").Int(index.dimensions);
  out.Key("DistanceFunction").String(index.distance_function);
}

void WriteVectorIndexInfos(const std::vector<VectorIndex>& indexes, JsonWriter& out) {
  if (indexes.empty()) return;
  out.Key("VectorIndexes").BeginArray();
  for (const VectorIndex& index : indexes) {
    out.BeginObject();
    WriteVectorIndexInfo(index, out);
    out.EndObject();
  }
  out.EndArray();
}

namespace {

// VectorIndexes: ACTIVE (dynarock builds nothing before searches can use
// an index), with its counts from index_stats; in UpdateTable's answer a
// created one is CREATING (not backfilling yet) and a deleted one DELETING.
void WriteVectorIndexes(const TableDescription& d, JsonWriter& out) {
  const TableDefinition& t = d.definition;
  if (t.vector_indexes.empty() && d.deleting_vector_indexes.empty()) return;
  out.Key("VectorIndexes").BeginArray();
  auto write = [&](const VectorIndex& index, bool deleting) {
    out.BeginObject();
    WriteVectorIndexInfo(index, out);
    const bool creating = std::find(d.creating_indexes.begin(), d.creating_indexes.end(),
                                    index.index_name) != d.creating_indexes.end();
    out.Key("IndexStatus").String(creating ? "CREATING" : deleting ? "DELETING" : "ACTIVE");
    if (creating) out.Key("Backfilling").Bool(false);
    WriteIndexCounts(d, index.index_name, out);
    out.EndObject();
  };
  for (const auto& index : t.vector_indexes) write(index, false);
  for (const auto& index : d.deleting_vector_indexes) write(index, true);
  out.EndArray();
}

void WriteStream(const TableDescription& d, JsonWriter& out) {
  const TableDefinition& t = d.definition;
  if (t.stream_specification && t.stream_specification->stream_enabled) {
    out.Key("StreamSpecification").BeginObject();
    out.Key("StreamEnabled").Bool(true);
    out.Key("StreamViewType").String(t.stream_specification->stream_view_type);
    out.EndObject();
  }
  if (!t.latest_stream_label.empty()) {
    out.Key("LatestStreamLabel").String(t.latest_stream_label);
    out.Key("LatestStreamArn").String(d.latest_stream_arn);
  }
}

void WriteSse(const TableDefinition& t, JsonWriter& out) {
  if (!t.sse_specification || !t.sse_specification->enabled) return;
  out.Key("SSEDescription").BeginObject();
  out.Key("Status").String("ENABLED");
  out.Key("SSEType").String("KMS");
  std::string key = t.sse_specification->kms_master_key_id;
  if (key.rfind("arn:", 0) != 0) {
    key = "arn:aws:kms:" + t.region + ":000000000000:key/" +
          (key.empty() ? "dynamodb-managed" : key);
  }
  out.Key("KMSMasterKeyArn").String(key);
  out.EndObject();
}

void WriteTableDescription(const TableDescription& d, JsonWriter& out) {
  const TableDefinition& t = d.definition;
  out.BeginObject();
  out.Key("AttributeDefinitions").BeginArray();
  for (const auto& a : t.attribute_definitions) {
    out.BeginObject();
    out.Key("AttributeName").String(a.attribute_name);
    out.Key("AttributeType").String(TypeName(a.attribute_type));
    out.EndObject();
  }
  out.EndArray();
  out.Key("TableName").String(t.table_name);
  out.Key("KeySchema");
  WriteKeySchema(t.key_schema, out);
  out.Key("TableStatus").String(t.table_status);
  out.Key("CreationDateTime").EpochSeconds(t.creation_date_time);
  out.Key("ProvisionedThroughput");
  WriteThroughput(t.provisioned_throughput, t.last_increase, t.last_decrease, out);
  out.Key("TableSizeBytes").Int(d.table_size_bytes);
  out.Key("ItemCount").Int(d.item_count);
  out.Key("TableArn").String(d.table_arn);
  out.Key("TableId").String(t.table_uuid);
  // Shown once a table has been on demand, also after a switch back.
  if (t.billing_mode == "PAY_PER_REQUEST" || t.billing_mode_updated > 0) {
    out.Key("BillingModeSummary").BeginObject();
    out.Key("BillingMode").String(t.billing_mode);
    out.Key("LastUpdateToPayPerRequestDateTime").EpochSeconds(t.billing_mode_updated);
    out.EndObject();
  }
  if (!t.local_secondary_indexes.empty()) {
    out.Key("LocalSecondaryIndexes");
    out.BeginArray();
    WriteIndexes(d, t.local_secondary_indexes, false, out);
    out.EndArray();
  }
  if (!t.global_secondary_indexes.empty() || !d.deleting_indexes.empty()) {
    out.Key("GlobalSecondaryIndexes");
    out.BeginArray();
    WriteIndexes(d, t.global_secondary_indexes, true, out);
    WriteIndexes(d, d.deleting_indexes, true, out);
    out.EndArray();
  }
  WriteVectorIndexes(d, out);
  WriteStream(d, out);
  WriteSse(t, out);
  if (t.table_class != "STANDARD") {
    out.Key("TableClassSummary").BeginObject();
    out.Key("TableClass").String(t.table_class);
    out.EndObject();
  }
  out.Key("DeletionProtectionEnabled").Bool(t.deletion_protection_enabled);
  // A global table (2019.11.21) lists its other regions; a regional table
  // has none of these members.
  if (!t.replicas.empty()) {
    out.Key("GlobalTableVersion").String("2019.11.21");
    out.Key("Replicas").BeginArray();
    for (const auto& replica : t.replicas) {
      out.BeginObject();
      out.Key("RegionName").String(replica.region_name);
      out.Key("ReplicaStatus").String(replica.status);
      out.Key("GlobalTableSettingsReplicationMode").String("ENABLED_WITH_OVERRIDES");
      out.EndObject();
    }
    out.EndArray();
    out.Key("GlobalTableSettingsReplicationMode").String("ENABLED_WITH_OVERRIDES");
  }
  if (!t.restored_from_table_arn.empty()) {
    out.Key("RestoreSummary").BeginObject();
    if (!t.restored_from_backup_arn.empty()) {
      out.Key("SourceBackupArn").String(t.restored_from_backup_arn);
    }
    out.Key("SourceTableArn").String(t.restored_from_table_arn);
    out.Key("RestoreDateTime").EpochSeconds(t.restore_date_time);
    out.Key("RestoreInProgress").Bool(d.restore_in_progress);
    out.EndObject();
  }
  out.EndObject();
}

std::string Wrapped(std::string_view key, const TableDescription& d) {
  JsonWriter out;
  out.BeginObject();
  out.Key(key);
  WriteTableDescription(d, out);
  out.EndObject();
  return std::move(out).Take();
}

}  // namespace

std::string EncodeTableDescriptionResponse(const TableResponse& response) {
  return Wrapped("TableDescription", response.table);
}

std::string EncodeDescribeTable(const TableResponse& response) {
  return Wrapped("Table", response.table);
}

std::string EncodeListTables(const ListTablesResponse& response) {
  JsonWriter out;
  out.BeginObject();
  out.Key("TableNames").BeginArray();
  for (const auto& name : response.table_names) out.String(name);
  out.EndArray();
  if (response.last_evaluated_table_name) {
    out.Key("LastEvaluatedTableName").String(*response.last_evaluated_table_name);
  }
  out.EndObject();
  return std::move(out).Take();
}

}  // namespace ddb::protocol
