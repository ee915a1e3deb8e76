// model/global_table_requests.h
//
// Requests and responses of the global-table calls: the version 2017.11.29
// ones (CreateGlobalTable, UpdateGlobalTable, DescribeGlobalTable,
// ListGlobalTables, Describe/UpdateGlobalTableSettings), which DynamoDB no
// longer serves, and Describe/UpdateTableReplicaAutoScaling of version
// 2019.11.21 tables. Plain data; protocol/global_table_json.cc fills and
// reads them.
#pragma once

#include <string>
#include <vector>

namespace ddb {

struct GlobalTableRequest {
  std::string global_table_name;
  bool creates_replica = false;  // CreateGlobalTable, or UpdateGlobalTable with a Create
  bool no_updates = false;       // UpdateGlobalTable with ReplicaUpdates []
};

struct GlobalTableResponse {};  // never answered: every call is refused

struct ListGlobalTablesRequest {};

struct ListGlobalTablesResponse {};  // always no global table

struct ReplicaAutoScalingRequest {
  std::string table_name;
  // Update: the members that set auto scaling up (and do not only disable
  // it), as DynamoDB names them in its messages.
  std::vector<std::string> settings;
  std::vector<std::string> index_names;  // Update: GlobalSecondaryIndexUpdates'
};

struct ReplicaAutoScalingResponse {
  std::string table_name;
  std::string table_status;
  std::vector<std::string> regions;       // every replica's, this one's first
  std::vector<std::string> index_names;   // the table's global indexes
};

}  // namespace ddb
