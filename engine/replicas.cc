// UpdateTable's ReplicaUpdates (global tables version 2019.11.21), emulated:
// the replicas are kept in the table's definition and described as
// DynamoDB describes them, and nothing is replicated anywhere. The checks
// and their messages are DynamoDB's.
#include <algorithm>

#include "engine/engine.h"
#include "engine/replicas.h"
#include "engine/stream_label.h"

namespace ddb {
namespace {

// The regions where DynamoDB offers global tables.
constexpr std::string_view kRegions[] = {
    "af-south-1",     "ap-east-1",      "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
    "ap-south-1",     "ap-south-2",     "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
    "ap-southeast-4", "ca-central-1",   "ca-west-1",      "eu-central-1",   "eu-central-2",
    "eu-north-1",     "eu-south-1",     "eu-south-2",     "eu-west-1",      "eu-west-2",
    "eu-west-3",      "il-central-1",   "me-central-1",   "me-south-1",     "sa-east-1",
    "us-east-1",      "us-east-2",      "us-west-1",      "us-west-2"};

Error RegionNotSupported(const std::string& region) {
  std::string list;
  for (std::string_view r : kRegions) list += (list.empty() ? "" : ", ") + std::string(r);
  return Error::Validation("Region " + region + " is not supported. The latest version of "
                           "global tables are only supported in the following regions: [" +
                           list + "]");
}

bool IsMember(const TableDefinition& t, const std::string& region) {
  return std::any_of(t.replicas.begin(), t.replicas.end(),
                     [&](const auto& r) { return r.region_name == region; });
}

}  // namespace

Status ApplyReplicaUpdates(const std::vector<ReplicaUpdate>& updates, const std::string& region,
                           double now, uint64_t next_sequence, TableDefinition& table) {
  int creates_or_deletes = 0;
  for (const ReplicaUpdate& u : updates) {
    if (u.action == ReplicaUpdate::Action::kSeveral) {
      return Error::Validation(
          "Update table operation with more than one type of replica actions not allowed.");
    }
    if (u.action == ReplicaUpdate::Action::kNone) {
      return Error::Validation(
          "There are no actions specified in the Replica Update Action of the request.");
    }
    if (u.action != ReplicaUpdate::Action::kUpdate) ++creates_or_deletes;
  }
  if (creates_or_deletes > 1) {
    // Two Creates of one region count once.
    bool same = std::all_of(updates.begin(), updates.end(), [&](const ReplicaUpdate& u) {
      return u.action == updates[0].action && u.region_name == updates[0].region_name;
    });
    if (!same) {
      return Error::Validation(
          "Update table operation with more than one create or delete replica actions not "
          "allowed");
    }
  }
  for (const ReplicaUpdate& u : updates) {
    if (std::find(std::begin(kRegions), std::end(kRegions), u.region_name) ==
        std::end(kRegions)) {
      return RegionNotSupported(u.region_name);
    }
    if (u.region_name == region && u.action != ReplicaUpdate::Action::kUpdate) {
      return Error::Validation(
          "Cannot add or delete the local region through ReplicaUpdates. Use CreateTable, "
          "DeleteTable, or UpdateTable as required.");
    }
    if (u.action == ReplicaUpdate::Action::kCreate) {
      if (table.billing_mode == "PROVISIONED") {
        return Error::Validation(
            "Table write capacity should either be Pay-Per-Request or AutoScaled.");
      }
      if (IsMember(table, u.region_name)) {
        return Error::Validation("Failed to create a the new replica of table with name: \u2018" +
                                 table.table_name +
                                 "\u2019 because one or more replicas already existed as tables.");
      }
    } else if (u.region_name != region && !IsMember(table, u.region_name)) {
      return Error::Validation(
          "Update global table operation failed because one or more replicas were not part of "
          "the global table. Please retry the request without these replicas: [" +
          u.region_name + "].");
    }
  }
  for (const ReplicaUpdate& u : updates) {
    if (u.action == ReplicaUpdate::Action::kCreate && !IsMember(table, u.region_name)) {
      table.replicas.push_back({u.region_name, "ACTIVE"});
    } else if (u.action == ReplicaUpdate::Action::kDelete) {
      std::erase_if(table.replicas, [&](const auto& r) { return r.region_name == u.region_name; });
    }
  }
  // A replica needs the table's changes: without a stream, DynamoDB turns
  // one on (NEW_AND_OLD_IMAGES); a stream it has is left as it is.
  bool streaming = table.stream_specification && table.stream_specification->stream_enabled;
  if (!table.replicas.empty() && !streaming) {
    table.stream_specification = StreamSpecification{true, "NEW_AND_OLD_IMAGES"};
    table.latest_stream_label = StreamLabel(now);
    table.streams.push_back({table.latest_stream_label, "NEW_AND_OLD_IMAGES", now, next_sequence});
  }
  return {};
}

}  // namespace ddb
