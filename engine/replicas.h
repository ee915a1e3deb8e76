// engine/replicas.h
//
// UpdateTable's ReplicaUpdates (engine/replicas.cc). Internal to engine/.
#pragma once

#include <string>
#include <vector>

#include "model/error.h"
#include "model/table_requests.h"

namespace ddb {

// Applies `updates` to `table` (in `region`), or DynamoDB's error for them;
// turns a stream on (NEW_AND_OLD_IMAGES) when a replica needs one.
Status ApplyReplicaUpdates(const std::vector<ReplicaUpdate>& updates, const std::string& region,
                           double now, uint64_t next_sequence, TableDefinition& table);

}  // namespace ddb
