// engine/restore.h
//
// What RestoreTableFromBackup (backups.cc) and RestoreTableToPointInTime
// (point_in_time.cc) share. Internal to engine/.
#pragma once

#include <string>

#include "model/backup_requests.h"
#include "model/error.h"

namespace ddb {

// The definition of a table restored from `source`: what DynamoDB restores
// (keys, attributes, indexes, billing, encryption) with the request's
// overrides, and nothing of what it does not (streams, Time to Live, tags,
// deletion protection, point-in-time recovery). Its table_id is left to the
// caller. Vector indexes are checked as CreateTable checks them (a
// PROVISIONED billing override with vector indexes kept is refused).
Result<TableDefinition> RestoredDefinition(TableDefinition source,
                                   const RestoreTableFromBackupRequest& request,
                                   const std::string& region, double now);

Error TableExists(const std::string& name);

}  // namespace ddb
