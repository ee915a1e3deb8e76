// The global-table calls <-> JSON: CreateGlobalTable, UpdateGlobalTable,
// DescribeGlobalTable, ListGlobalTables, Describe/UpdateGlobalTableSettings,
// Describe/UpdateTableReplicaAutoScaling.
#include <algorithm>
#include <limits>

#include "protocol/operations.h"
#include "protocol/request_json.h"

namespace ddb::protocol {
namespace {

Status DecodeGlobalTableName(JsonObject request, Constraints& c, GlobalTableRequest& out) {
  std::optional<std::string> name;
  DDB_ASSIGN(name, OptString(request, "GlobalTableName"));
  c.TableName(name, "globalTableName", 3);
  out.global_table_name = name.value_or("");
  return {};
}

// An AutoScalingSettingsUpdate that sets auto scaling up, rather than only
// turning it off.
bool SetsUp(JsonObject parent, std::string_view member) {
  auto update = Member(parent, member);
  JsonObject object;
  if (!update || update->get_object().get(object) != simdjson::SUCCESS) return false;
  bool disabled = false;
  auto d = Member(object, "AutoScalingDisabled");
  if (d && d->get_bool().get(disabled) != simdjson::SUCCESS) disabled = false;
  return !disabled;
}

void WriteAutoScalingNotConfigured(JsonWriter& out) {
  out.BeginObject().Key("AutoScalingDisabled").Bool(true);
  out.Key("ScalingPolicies").BeginArray().EndArray().EndObject();
}

}  // namespace

Result<GlobalTableRequest> DecodeCreateGlobalTable(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  GlobalTableRequest out;
  if (auto s = DecodeGlobalTableName(request, c, out); !s) return std::move(s).error();
  std::optional<JsonArray> group;
  DDB_ASSIGN(group, OptArray(request, "ReplicationGroup"));
  c.Required(group.has_value(), "replicationGroup");
  if (auto s = c.Finish(); !s) return std::move(s).error();
  out.creates_replica = true;
  return out;
}

Result<GlobalTableRequest> DecodeUpdateGlobalTable(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  GlobalTableRequest out;
  if (auto s = DecodeGlobalTableName(request, c, out); !s) return std::move(s).error();
  std::optional<JsonArray> updates;
  DDB_ASSIGN(updates, OptArray(request, "ReplicaUpdates"));
  c.Required(updates.has_value(), "replicaUpdates");
  if (auto s = c.Finish(); !s) return std::move(s).error();
  out.no_updates = updates->size() == 0;
  for (JsonElement e : *updates) {
    JsonObject update;
    DDB_ASSIGN(update, AsObject(e));
    if (Member(update, "Create")) out.creates_replica = true;
  }
  return out;
}

Result<GlobalTableRequest> DecodeGlobalTableRequest(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  GlobalTableRequest out;
  if (auto s = DecodeGlobalTableName(request, c, out); !s) return std::move(s).error();
  if (auto s = c.Finish(); !s) return std::move(s).error();
  return out;
}

Result<ListGlobalTablesRequest> DecodeListGlobalTables(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  std::optional<std::string> start, region;
  std::optional<int64_t> limit;
  DDB_ASSIGN(start, OptString(request, "ExclusiveStartGlobalTableName"));
  if (start) c.TableName(start, "exclusiveStartGlobalTableName", 3);
  DDB_ASSIGN(limit, OptInteger(request, "Limit"));
  c.Range(limit, "limit", 1, std::numeric_limits<int>::max());
  DDB_ASSIGN(region, OptString(request, "RegionName"));
  if (auto s = c.Finish(); !s) return std::move(s).error();
  return ListGlobalTablesRequest{};
}

std::string EncodeGlobalTable(const GlobalTableResponse&) { return "{}"; }

std::string EncodeListGlobalTables(const ListGlobalTablesResponse&) {
  return "{\"GlobalTables\":[]}";
}

Result<ReplicaAutoScalingRequest> DecodeReplicaAutoScaling(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  ReplicaAutoScalingRequest out;
  std::optional<std::string> name;
  DDB_ASSIGN(name, OptString(request, "TableName"));
  c.Required(name.has_value(), "tableName");
  if (name) c.Length(*name, "tableName", 1, 1024);
  out.table_name = name.value_or("");
  if (auto s = c.Finish(); !s) return std::move(s).error();
  if (SetsUp(request, "ProvisionedWriteCapacityAutoScalingUpdate")) {
    out.settings.push_back("ProvisionedWriteCapacityAutoScalingUpdate");
  }
  auto each = [&](std::string_view list, std::string_view member) -> Status {
    std::optional<JsonArray> array;
    DDB_ASSIGN(array, OptArray(request, list));
    if (!array) return {};
    for (JsonElement e : *array) {
      JsonObject element;
      if (e.get_object().get(element) != simdjson::SUCCESS) continue;
      std::string_view index;
      if (list == "GlobalSecondaryIndexUpdates" &&
          element["IndexName"].get_string().get(index) == simdjson::SUCCESS) {
        out.index_names.emplace_back(index);
      }
      if (SetsUp(element, member) &&
          std::find(out.settings.begin(), out.settings.end(), member) == out.settings.end()) {
        out.settings.push_back(std::string(member));
      }
    }
    return {};
  };
  if (auto s = each("GlobalSecondaryIndexUpdates", "ProvisionedWriteCapacityAutoScalingUpdate");
      !s) {
    return std::move(s).error();
  }
  if (auto s = each("ReplicaUpdates", "ReplicaProvisionedReadCapacityAutoScalingUpdate"); !s) {
    return std::move(s).error();
  }
  return out;
}

std::string EncodeReplicaAutoScaling(const ReplicaAutoScalingResponse& response) {
  JsonWriter out;
  out.BeginObject().PlainKey("TableAutoScalingDescription").BeginObject();
  out.Key("TableName").String(response.table_name);
  out.Key("TableStatus").String(response.table_status);
  out.Key("Replicas").BeginArray();
  for (const std::string& region : response.regions) {
    out.BeginObject();
    out.Key("RegionName").String(region);
    out.Key("GlobalSecondaryIndexes").BeginArray();
    for (const std::string& index : response.index_names) {
      out.BeginObject();
      out.Key("IndexName").String(index);
      out.Key("IndexStatus").String("ACTIVE");
      out.Key("ProvisionedReadCapacityAutoScalingSettings");
      WriteAutoScalingNotConfigured(out);
      out.Key("ProvisionedWriteCapacityAutoScalingSettings");
      WriteAutoScalingNotConfigured(out);
      out.EndObject();
    }
    out.EndArray();
    out.Key("ReplicaProvisionedReadCapacityAutoScalingSettings");
    WriteAutoScalingNotConfigured(out);
    out.Key("ReplicaProvisionedWriteCapacityAutoScalingSettings");
    WriteAutoScalingNotConfigured(out);
    out.Key("ReplicaStatus").String("ACTIVE");
    out.EndObject();
  }
  out.EndArray();
  out.EndObject().EndObject();
  return std::move(out).Take();
}

}  // namespace ddb::protocol
