// The global-table calls of version 2017.11.29, and the replica auto scaling
// of version 2019.11.21 tables.
//
// DynamoDB no longer creates 2017.11.29 global tables: CreateGlobalTable and
// UpdateGlobalTable's Create are refused with its message, there is never a
// global table to describe, and ListGlobalTables lists none. Version
// 2019.11.21 replicas come from UpdateTable (replicas.cc); their auto
// scaling is described as never configured, and on-demand tables (the only
// ones that take replicas here) cannot configure it, as in DynamoDB.
#include <algorithm>

#include "engine/engine.h"

namespace ddb {
namespace {

Error GlobalTableNotFound(const std::string& name, bool prefixed) {
  return {ErrorCode::kGlobalTableNotFoundException,
          std::string(prefixed ? "Global table not found: " : "") + "Global table with name: '" +
              name + "' does not exist.",
          {}, {}};
}

Error LegacyVersion() {
  return Error::Validation(
      "One or more parameter values were invalid: DynamoDB global tables version 2017.11.29 is "
      "not supported. We recommend using DynamoDB global tables version 2019.11.21, instead of "
      "version 2017.11.29 (Legacy).");
}

}  // namespace

Result<GlobalTableResponse> Engine::CreateGlobalTable(const RequestContext&,
                                                      const GlobalTableRequest&) {
  return LegacyVersion();
}

Result<GlobalTableResponse> Engine::UpdateGlobalTable(const RequestContext&,
                                                      const GlobalTableRequest& request) {
  if (request.no_updates) return Error::Validation("One or more parameter values were invalid");
  if (request.creates_replica) return LegacyVersion();
  return GlobalTableNotFound(request.global_table_name, true);
}

Result<GlobalTableResponse> Engine::DescribeGlobalTable(const RequestContext&,
                                                        const GlobalTableRequest& request) {
  return GlobalTableNotFound(request.global_table_name, true);
}

Result<GlobalTableResponse> Engine::GlobalTableSettings(const RequestContext&,
                                                        const GlobalTableRequest& request) {
  return GlobalTableNotFound(request.global_table_name, false);
}

Result<ListGlobalTablesResponse> Engine::ListGlobalTables(const RequestContext&,
                                                          const ListGlobalTablesRequest&) {
  return ListGlobalTablesResponse{};
}

Result<ReplicaAutoScalingResponse> Engine::DescribeTableReplicaAutoScaling(
    const RequestContext& context, const ReplicaAutoScalingRequest& request) {
  const std::string name = TableNameOf(request.table_name);
  TablePtr table = Settle(context, catalog_.Find(context.database, name));
  if (!table || table->replicas.empty()) {
    return Error::ResourceNotFound("Global table with name: '" + name + "' does not exist.");
  }
  ReplicaAutoScalingResponse out;
  out.table_name = table->table_name;
  out.table_status = table->table_status;
  out.regions.push_back(context.region);
  for (const auto& replica : table->replicas) out.regions.push_back(replica.region_name);
  for (const auto& index : table->global_secondary_indexes) {
    out.index_names.push_back(index.index_name);
  }
  return out;
}

Result<ReplicaAutoScalingResponse> Engine::UpdateTableReplicaAutoScaling(
    const RequestContext& context, const ReplicaAutoScalingRequest& request) {
  auto described = DescribeTableReplicaAutoScaling(context, request);
  if (!described) return described;
  std::string unknown;
  for (const std::string& index : request.index_names) {
    if (std::find(described->index_names.begin(), described->index_names.end(), index) ==
        described->index_names.end()) {
      unknown += (unknown.empty() ? "" : ", ") + index;
    }
  }
  if (!unknown.empty()) {
    return Error::ResourceNotFound("Failed to update settings for global table with name: \u2018" +
                                   described->table_name +
                                   "\u2019 because the global secondary indexes with names: "
                                   "\u2018[" + unknown + "]\u2019 do not exist.");
  }
  if (request.settings.empty()) return described;
  std::string replicas, settings;
  for (const std::string& region : described->regions) {
    replicas += (replicas.empty() ? "'" : ", '") + region + "'";
  }
  for (const std::string& setting : request.settings) {
    settings += (settings.empty() ? "'" : ", '") + setting + "'";
  }
  return Error::Validation("Failed to update global table with name \u2018" +
                           described->table_name + "\u2018. Replicas " + replicas +
                           " BillingMode is PayPerRequest. You must convert table's BillingMode "
                           "to PROVISIONED to set parameters: " + settings + ".");
}

}  // namespace ddb
