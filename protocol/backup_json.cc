// CreateBackup, DescribeBackup, ListBackups, DeleteBackup,
// RestoreTableFromBackup, DescribeContinuousBackups, UpdateContinuousBackups
// <-> JSON.
#include "protocol/attribute_value_json.h"
#include "protocol/operations.h"
#include "protocol/request_json.h"

namespace ddb::protocol {
namespace {


Status DecodeBackupArn(JsonObject request, Constraints& c, std::string& out) {
  std::optional<std::string> arn;
  DDB_ASSIGN(arn, OptString(request, "BackupArn"));
  c.Required(arn.has_value(), "backupArn");
  if (arn) c.Length(*arn, "backupArn", 37, 1024);
  out = arn.value_or("");
  return {};
}

void WriteDetails(const BackupDescription& b, JsonWriter& out) {
  out.BeginObject();
  out.Key("BackupArn").String(b.backup_arn);
  out.Key("BackupName").String(b.backup_name);
  out.Key("BackupSizeBytes").Int(b.backup_size_bytes);
  out.Key("BackupStatus").String(b.backup_status);
  out.Key("BackupType").String(b.backup_type);
  out.Key("BackupCreationDateTime").EpochSeconds(b.backup_creation_date_time);
  if (b.backup_expiry_date_time > 0) {
    out.Key("BackupExpiryDateTime").EpochSeconds(b.backup_expiry_date_time);
  }
  out.EndObject();
}

void WriteIndexList(const std::vector<SecondaryIndex>& indexes, bool global, JsonWriter& out) {
  out.BeginArray();
  for (const SecondaryIndex& index : indexes) {
    out.BeginObject();
    out.Key("IndexName").String(index.index_name);
    out.Key("KeySchema");
    WriteKeySchema(index.key_schema, out);
    out.Key("Projection");
    WriteProjection(index.projection, out);
    if (global) {
      out.Key("ProvisionedThroughput");
      WriteThroughput(index.provisioned_throughput.value_or(ProvisionedThroughput{}), 0, 0, out);
    }
    out.EndObject();
  }
  out.EndArray();
}

void WriteDescription(const BackupDescription& b, JsonWriter& out) {
  const TableDefinition& t = b.source_table;
  out.BeginObject();
  out.Key("BackupDetails");
  WriteDetails(b, out);
  out.Key("SourceTableDetails").BeginObject();
  out.Key("TableName").String(t.table_name);
  out.Key("TableId").String(t.table_uuid);
  out.Key("TableArn").String(b.source_table_arn);
  out.Key("TableSizeBytes").Int(b.backup_size_bytes);
  out.Key("KeySchema");
  WriteKeySchema(t.key_schema, out);
  out.Key("TableCreationDateTime").EpochSeconds(t.creation_date_time);
  out.Key("ProvisionedThroughput").BeginObject();
  out.Key("ReadCapacityUnits").Int(t.provisioned_throughput.read_capacity_units);
  out.Key("WriteCapacityUnits").Int(t.provisioned_throughput.write_capacity_units);
  out.EndObject();
  out.Key("ItemCount").Int(b.item_count);
  out.Key("BillingMode").String(t.billing_mode);
  out.EndObject();
  out.Key("SourceTableFeatureDetails").BeginObject();
  if (!t.local_secondary_indexes.empty()) {
    out.Key("LocalSecondaryIndexes");
    WriteIndexList(t.local_secondary_indexes, false, out);
  }
  if (!t.global_secondary_indexes.empty()) {
    out.Key("GlobalSecondaryIndexes");
    WriteIndexList(t.global_secondary_indexes, true, out);
  }
  WriteVectorIndexInfos(t.vector_indexes, out);
  if (t.stream_specification) {
    out.Key("StreamDescription").BeginObject();
    out.Key("StreamEnabled").Bool(t.stream_specification->stream_enabled);
    if (t.stream_specification->stream_enabled) {
      out.Key("StreamViewType").String(t.stream_specification->stream_view_type);
    }
    out.EndObject();
  }
  if (!t.ttl_attribute.empty()) {
    out.Key("TimeToLiveDescription").BeginObject();
    out.Key("TimeToLiveStatus").String("ENABLED");
    out.Key("AttributeName").String(t.ttl_attribute);
    out.EndObject();
  }
  out.EndObject();
  out.EndObject();
}

}  // namespace

Result<CreateBackupRequest> DecodeCreateBackup(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  CreateBackupRequest out;
  std::optional<std::string> table, name;
  DDB_ASSIGN(table, OptString(request, "TableName"));
  c.TableName(table, "tableName");
  DDB_ASSIGN(name, OptString(request, "BackupName"));
  c.IndexName(name, "backupName");
  if (auto s = c.Finish(); !s) return std::move(s).error();
  out.table_name = table.value_or("");
  out.backup_name = name.value_or("");
  return out;
}

Result<BackupArnRequest> DecodeBackupArnRequest(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  BackupArnRequest out;
  if (auto s = DecodeBackupArn(request, c, out.backup_arn); !s) return std::move(s).error();
  if (auto s = c.Finish(); !s) return std::move(s).error();
  return out;
}

Result<ListBackupsRequest> DecodeListBackups(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  ListBackupsRequest out;
  DDB_ASSIGN(out.table_name, OptString(request, "TableName"));
  if (out.table_name) c.TableName(out.table_name, "tableName", 3);
  DDB_ASSIGN(out.limit, OptInteger(request, "Limit"));
  c.Range(out.limit, "limit", 1, 100);
  DDB_ASSIGN(out.time_range_lower_bound, OptTime(request, "TimeRangeLowerBound"));
  DDB_ASSIGN(out.time_range_upper_bound, OptTime(request, "TimeRangeUpperBound"));
  DDB_ASSIGN(out.exclusive_start_backup_arn, OptString(request, "ExclusiveStartBackupArn"));
  if (out.exclusive_start_backup_arn) {
    c.Length(*out.exclusive_start_backup_arn, "exclusiveStartBackupArn", 37, 1024);
  }
  std::optional<std::string> type;
  DDB_ASSIGN(type, OptString(request, "BackupType"));
  c.Enum(type, "backupType", "[USER, SYSTEM, AWS_BACKUP, ALL]");
  out.backup_type = type.value_or("USER");
  if (auto s = c.Finish(); !s) return std::move(s).error();
  return out;
}

// The overrides RestoreTableFromBackup and RestoreTableToPointInTime share.
Status DecodeOverrides(JsonObject request, Constraints& c, RestoreTableFromBackupRequest& out) {
  std::optional<std::string> target;
  DDB_ASSIGN(target, OptString(request, "TargetTableName"));
  c.TableName(target, "targetTableName", 3);
  out.target_table_name = target.value_or("");
  DDB_ASSIGN(out.billing_mode_override, OptString(request, "BillingModeOverride"));
  c.Enum(out.billing_mode_override, "billingModeOverride", "[PROVISIONED, PAY_PER_REQUEST]");
  std::optional<JsonObject> throughput;
  DDB_ASSIGN(throughput, OptObject(request, "ProvisionedThroughputOverride"));
  if (throughput) {
    std::optional<int64_t> read, write;
    DDB_ASSIGN(read, OptInteger(*throughput, "ReadCapacityUnits"));
    DDB_ASSIGN(write, OptInteger(*throughput, "WriteCapacityUnits"));
    c.Range(read, "provisionedThroughputOverride.readCapacityUnits", 1, INT64_MAX);
    c.Range(write, "provisionedThroughputOverride.writeCapacityUnits", 1, INT64_MAX);
    out.provisioned_throughput_override = ProvisionedThroughput{read.value_or(0), write.value_or(0)};
  }
  if (Member(request, "GlobalSecondaryIndexOverride")) {
    DDB_ASSIGN(out.global_secondary_index_override,
               DecodeSecondaryIndexes(request, "GlobalSecondaryIndexOverride",
                                      "globalSecondaryIndexOverride", c, 2));
  }
  if (Member(request, "LocalSecondaryIndexOverride")) {
    DDB_ASSIGN(out.local_secondary_index_override,
               DecodeSecondaryIndexes(request, "LocalSecondaryIndexOverride",
                                      "localSecondaryIndexOverride", c, 2));
  }
  if (Member(request, "VectorIndexOverride")) {
    DDB_ASSIGN(out.vector_index_override,
               DecodeVectorIndexes(request, "VectorIndexOverride", "vectorIndexOverride", c));
  }
  std::optional<JsonObject> sse;
  DDB_ASSIGN(sse, OptObject(request, "SSESpecificationOverride"));
  if (sse) {
    std::optional<bool> enabled;
    std::optional<std::string> type, key;
    DDB_ASSIGN(enabled, OptBool(*sse, "Enabled"));
    DDB_ASSIGN(type, OptString(*sse, "SSEType"));
    DDB_ASSIGN(key, OptString(*sse, "KMSMasterKeyId"));
    c.Enum(type, "sSESpecificationOverride.sSEType", "[AES256, KMS]");
    out.sse_specification_override =
        SseSpecification{enabled.value_or(false), type.value_or(""), key.value_or("")};
  }
  return {};
}

Result<RestoreTableFromBackupRequest> DecodeRestoreTableFromBackup(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  RestoreTableFromBackupRequest out;
  if (auto s = DecodeOverrides(request, c, out); !s) return std::move(s).error();
  if (auto s = DecodeBackupArn(request, c, out.backup_arn); !s) return std::move(s).error();
  if (auto s = c.Finish(); !s) return std::move(s).error();
  return out;
}

Result<RestoreTableToPointInTimeRequest> DecodeRestoreTableToPointInTime(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  RestoreTableToPointInTimeRequest out;
  if (auto s = DecodeOverrides(request, c, out); !s) return std::move(s).error();
  DDB_ASSIGN(out.source_table_name, OptString(request, "SourceTableName"));
  if (out.source_table_name) c.TableName(out.source_table_name, "sourceTableName", 3);
  DDB_ASSIGN(out.source_table_arn, OptString(request, "SourceTableArn"));
  if (out.source_table_arn) c.Length(*out.source_table_arn, "sourceTableArn", 1, 1024);
  std::optional<bool> latest;
  DDB_ASSIGN(latest, OptBool(request, "UseLatestRestorableTime"));
  out.use_latest_restorable_time = latest.value_or(false);
  DDB_ASSIGN(out.restore_date_time, OptTime(request, "RestoreDateTime"));
  if (auto s = c.Finish(); !s) return std::move(s).error();
  if (!out.source_table_name && !out.source_table_arn) {
    return Error::Validation("SourceTableName or SourceTableArn must be specified");
  }
  return out;
}

Result<ContinuousBackupsRequest> DecodeDescribeContinuousBackups(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  ContinuousBackupsRequest out;
  std::optional<std::string> table;
  DDB_ASSIGN(table, OptString(request, "TableName"));
  c.TableName(table, "tableName");
  out.table_name = table.value_or("");
  if (auto s = c.Finish(); !s) return std::move(s).error();
  return out;
}

Result<ContinuousBackupsRequest> DecodeUpdateContinuousBackups(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  ContinuousBackupsRequest out;
  std::optional<std::string> table;
  DDB_ASSIGN(table, OptString(request, "TableName"));
  c.TableName(table, "tableName");
  out.table_name = table.value_or("");
  std::optional<JsonObject> spec;
  DDB_ASSIGN(spec, OptObject(request, "PointInTimeRecoverySpecification"));
  c.Required(spec.has_value(), "pointInTimeRecoverySpecification");
  if (spec) {
    DDB_ASSIGN(out.point_in_time_recovery_enabled, OptBool(*spec, "PointInTimeRecoveryEnabled"));
    c.Required(out.point_in_time_recovery_enabled.has_value(),
               "pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled");
    DDB_ASSIGN(out.recovery_period_in_days, OptInteger(*spec, "RecoveryPeriodInDays"));
    c.Range(out.recovery_period_in_days, "pointInTimeRecoverySpecification.recoveryPeriodInDays",
            1, 35);
  }
  if (auto s = c.Finish(); !s) return std::move(s).error();
  return out;
}

std::string EncodeBackup(const BackupResponse& response) {
  JsonWriter out;
  out.BeginObject();
  if (response.details_only) {
    out.Key("BackupDetails");
    WriteDetails(response.backup, out);
  } else {
    out.Key("BackupDescription");
    WriteDescription(response.backup, out);
  }
  out.EndObject();
  return std::move(out).Take();
}

std::string EncodeListBackups(const ListBackupsResponse& response) {
  JsonWriter out;
  out.BeginObject();
  out.Key("BackupSummaries").BeginArray();
  for (const BackupDescription& b : response.backups) {
    out.BeginObject();
    out.Key("TableName").String(b.source_table.table_name);
    out.Key("TableId").String(b.source_table.table_uuid);
    out.Key("TableArn").String(b.source_table_arn);
    out.Key("BackupArn").String(b.backup_arn);
    out.Key("BackupName").String(b.backup_name);
    out.Key("BackupCreationDateTime").EpochSeconds(b.backup_creation_date_time);
    if (b.backup_expiry_date_time > 0) {
      out.Key("BackupExpiryDateTime").EpochSeconds(b.backup_expiry_date_time);
    }
    out.Key("BackupStatus").String(b.backup_status);
    out.Key("BackupType").String(b.backup_type);
    out.Key("BackupSizeBytes").Int(b.backup_size_bytes);
    out.EndObject();
  }
  out.EndArray();
  if (response.last_evaluated_backup_arn) {
    out.Key("LastEvaluatedBackupArn").String(*response.last_evaluated_backup_arn);
  }
  out.EndObject();
  return std::move(out).Take();
}

std::string EncodeContinuousBackups(const ContinuousBackupsResponse& response) {
  JsonWriter out;
  out.BeginObject();
  out.Key("ContinuousBackupsDescription").BeginObject();
  out.Key("ContinuousBackupsStatus").String("ENABLED");
  out.Key("PointInTimeRecoveryDescription").BeginObject();
  out.Key("PointInTimeRecoveryStatus")
      .String(response.point_in_time_recovery_enabled ? "ENABLED" : "DISABLED");
  if (response.point_in_time_recovery_enabled) {
    out.Key("RecoveryPeriodInDays").Int(response.recovery_period_in_days);
    out.Key("EarliestRestorableDateTime").EpochSeconds(response.earliest_restorable_date_time);
    out.Key("LatestRestorableDateTime").EpochSeconds(response.latest_restorable_date_time);
  }
  out.EndObject();
  out.EndObject();
  out.EndObject();
  return std::move(out).Take();
}

}  // namespace ddb::protocol
