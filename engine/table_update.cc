// UpdateTable: billing mode, provisioned throughput, streams, SSE, table
// class and deletion protection. Index changes come with the index issue.
#include <algorithm>
#include <string>

#include "engine/engine.h"
#include "engine/replicas.h"
#include "engine/stream_label.h"
#include "engine/table_validation.h"
#include "engine/vector_indexes.h"

namespace ddb {
namespace {

std::string ThroughputUnchanged(const ProvisionedThroughput& current,
                                const ProvisionedThroughput& requested) {
  return "The provisioned throughput for the table will not change. The requested value "
         "equals the current value. Current ReadCapacityUnits provisioned for the table: " +
         std::to_string(current.read_capacity_units) +
         ". Requested ReadCapacityUnits: " + std::to_string(requested.read_capacity_units) +
         ". Current WriteCapacityUnits provisioned for the table: " +
         std::to_string(current.write_capacity_units) +
         ". Requested WriteCapacityUnits: " + std::to_string(requested.write_capacity_units) +
         ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to request "
         "higher limits.";
}

bool ChangesNothing(const UpdateTableRequest& r) {
  return !r.billing_mode && !r.provisioned_throughput && !r.stream_specification &&
         !r.sse_specification && !r.table_class && !r.deletion_protection_enabled &&
         !r.has_global_secondary_index_updates && !r.replica_updates &&
         r.vector_index_updates.empty();
}

// Applies billing and throughput changes to `table`.
Status UpdateBilling(const UpdateTableRequest& r, double now, TableDefinition& table) {
  std::string mode = r.billing_mode.value_or(table.billing_mode);
  if (mode == "PAY_PER_REQUEST") {
    if (r.provisioned_throughput) {
      return Error::InvalidParameter(
          "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode "
          "is PAY_PER_REQUEST");
    }
    if (table.billing_mode != mode) {
      table.billing_mode_updated = now;
      table.provisioned_throughput = {};
    }
    table.billing_mode = mode;
    return {};
  }
  if (table.billing_mode != mode && !r.provisioned_throughput) {
    return Error::Validation(
        "One or more parameter values were invalid: ProvisionedThroughput must be specified when "
        "BillingMode is PROVISIONED");
  }
  if (r.provisioned_throughput) {
    const ProvisionedThroughput& next = *r.provisioned_throughput;
    const ProvisionedThroughput& current = table.provisioned_throughput;
    if (table.billing_mode == mode && next.read_capacity_units == current.read_capacity_units &&
        next.write_capacity_units == current.write_capacity_units && !r.stream_specification) {
      return Error::Validation(ThroughputUnchanged(current, next));
    }
    if (next.read_capacity_units > current.read_capacity_units ||
        next.write_capacity_units > current.write_capacity_units) {
      table.last_increase = now;
    }
    if (next.read_capacity_units < current.read_capacity_units ||
        next.write_capacity_units < current.write_capacity_units) {
      table.last_decrease = now;
    }
    table.provisioned_throughput = next;
  }
  table.billing_mode = mode;
  return {};
}

// A new stream starts at `next_sequence`; a disabled one ends before it.
Status UpdateStream(const UpdateTableRequest& r, double now, uint64_t next_sequence,
                    TableDefinition& table) {
  const StreamSpecification& next = *r.stream_specification;
  bool enabled = table.stream_specification && table.stream_specification->stream_enabled;
  if (next.stream_enabled && enabled) {
    return Error::Validation("Table already has an enabled stream: TableName: " +
                             table.table_name);
  }
  if (!next.stream_enabled && !enabled) {
    return Error::Validation("Table already has no stream enabled: TableName: " +
                             table.table_name);
  }
  if (next.stream_enabled) {
    table.stream_specification = next;
    table.latest_stream_label = StreamLabel(now);
    table.streams.push_back({table.latest_stream_label, next.stream_view_type, now,
                             next_sequence});
  } else {
    table.stream_specification = StreamSpecification{false, ""};
    if (!table.streams.empty()) {
      table.streams.back().end_sequence = next_sequence;
      table.streams.back().disabled_at = now;
    }
  }
  return {};
}

}  // namespace

Result<TableResponse> Engine::UpdateTable(const RequestContext& context,
                                          const UpdateTableRequest& request) {
  TablePtr found = Settle(context, catalog_.Find(context.database, request.table_name));
  std::lock_guard lock(write_mu_);
  TablePtr current = catalog_.Find(context.database, request.table_name);
  if (!current || current != found || current->table_status == "DELETING") {
    return Error::ResourceNotFound("Requested resource not found: Table: " +
                                   request.table_name + " not found");
  }
  if (ChangesNothing(request)) {
    return Error::Validation(
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
        "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
  }
  if (request.replica_updates &&
      (request.billing_mode || request.provisioned_throughput || request.stream_specification ||
       request.sse_specification || request.table_class || request.deletion_protection_enabled ||
       request.has_global_secondary_index_updates)) {
    return Error::Validation(
        "Requests that modify replicas or witnesses must not also modify other fields");
  }
  if (current->table_status != "ACTIVE") {
    return Error::ResourceInUse("Attempt to change a resource which is still in use: Table is "
                                "being updated: " + current->table_name);
  }
  const double now = clock();
  TableDefinition table = *current;
  if (request.billing_mode || request.provisioned_throughput) {
    if (auto s = UpdateBilling(request, now, table); !s) return std::move(s).error();
  }
  if (request.stream_specification) {
    if (!table.replicas.empty() && !request.stream_specification->stream_enabled) {
      return Error::Validation("One or more parameter values were invalid: Disabling Stream is "
                               "not allowed for a Global Table replica.");
    }
    if (auto s = UpdateStream(request, now, next_sequence_, table); !s) return std::move(s).error();
  }
  std::vector<TableDefinition::Replica> before = table.replicas;
  if (request.replica_updates) {
    if (auto s = ApplyReplicaUpdates(*request.replica_updates, context.region, now,
                                     next_sequence_, table);
        !s) {
      return std::move(s).error();
    }
  }
  storage::WriteBatch batch;
  if (request.has_global_secondary_index_updates) {
    if (auto s = UpdateGlobalIndexes(request, table, batch); !s) return std::move(s).error();
  }
  if (!request.vector_index_updates.empty()) {
    if (auto s = ApplyVectorIndexUpdates(request.vector_index_updates,
                                         request.attribute_definitions, table);
        !s) {
      return std::move(s).error();
    }
  }
  if (!table.vector_indexes.empty()) {
    // Also refuses a switch to PROVISIONED billing while vector indexes exist.
    if (auto s = ValidateTableIndexes(table); !s) return std::move(s).error();
  }
  if (request.sse_specification) table.sse_specification = request.sse_specification;
  if (request.table_class) table.table_class = *request.table_class;
  if (request.deletion_protection_enabled) {
    table.deletion_protection_enabled = *request.deletion_protection_enabled;
  }
  if (options_.transient_status_delay.count() > 0) {
    table.table_status = "UPDATING";
    table.status_until = now + static_cast<double>(options_.transient_status_delay.count()) / 1000;
  }
  catalog_.StagePut(context.database, table, batch);
  if (auto s = Commit(batch); !s) return std::move(s).error();
  catalog_.CommitPut(context.database, table);
  // The answer shows the replicas on their way: new ones CREATING, removed
  // ones DELETING; the next DescribeTable shows them ACTIVE, or gone.
  TableDefinition shown = table;
  for (auto& replica : shown.replicas) {
    bool was = std::any_of(before.begin(), before.end(), [&](const auto& r) {
      return r.region_name == replica.region_name;
    });
    if (!was) replica.status = "CREATING";
  }
  for (const auto& replica : before) {
    if (std::none_of(table.replicas.begin(), table.replicas.end(),
                     [&](const auto& r) { return r.region_name == replica.region_name; })) {
      shown.replicas.push_back({replica.region_name, "DELETING"});
    }
  }
  TableDescription description = Describe(context, shown);
  for (const auto& update : request.global_secondary_index_updates) {
    const std::string& name = update.index.index_name;
    if (update.kind == GlobalSecondaryIndexUpdate::Kind::kCreate) {
      description.creating_indexes.push_back(name);
    } else if (update.kind == GlobalSecondaryIndexUpdate::Kind::kDelete) {
      for (const auto& index : current->global_secondary_indexes) {
        if (index.index_name == name) description.deleting_indexes.push_back(index);
      }
    }
  }
  for (const auto& update : request.vector_index_updates) {
    if (update.create) {
      description.creating_indexes.push_back(update.index.index_name);
      continue;
    }
    for (const auto& index : current->vector_indexes) {
      if (index.index_name == update.index.index_name) {
        description.deleting_vector_indexes.push_back(index);
      }
    }
  }
  return TableResponse{std::move(description)};
}

}  // namespace ddb
