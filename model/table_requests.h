// model/table_requests.h
//
// Requests and responses of the table operations: CreateTable, DescribeTable,
// ListTables, DeleteTable, UpdateTable. Field names are the API member names
// in snake_case. Plain data; protocol/table_json.h fills and reads them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/table.h"

namespace ddb {

// Who is asking: the database an access key id + region maps to (or the
// shared one), and the region for ARNs.
struct RequestContext {
  std::string database{};
  std::string region = "us-east-1";
};

struct CreateTableRequest {
  TableDefinition table;  // table_id, uuid, times and status are assigned by the engine
  bool has_provisioned_throughput = false;
  // Set by ImportTable, never by a client: the table is created CREATING and
  // stays so (not readable or writable) until the import ends.
  bool importing = false;
};

struct TableResponse {  // CreateTable, DeleteTable, UpdateTable, DescribeTable
  TableDescription table{};
};

struct DescribeTableRequest {
  std::string table_name{};
};

struct ListTablesRequest {
  std::optional<std::string> exclusive_start_table_name{};
  std::optional<int> limit{};
};

struct ListTablesResponse {
  std::vector<std::string> table_names{};
  std::optional<std::string> last_evaluated_table_name{};
};

struct DeleteTableRequest {
  std::string table_name{};
};

// One entry of UpdateTable's GlobalSecondaryIndexUpdates.
struct GlobalSecondaryIndexUpdate {
  enum class Kind { kCreate, kUpdate, kDelete };
  Kind kind = Kind::kCreate;
  SecondaryIndex index;  // Create: all of it; Update: name and throughput; Delete: name
};

// One entry of UpdateTable's VectorIndexUpdates: Create (all of the index)
// or Delete (its name only).
struct VectorIndexUpdate {
  bool create = true;
  VectorIndex index;
};

// One element of UpdateTable's ReplicaUpdates.
struct ReplicaUpdate {
  enum class Action { kNone, kCreate, kUpdate, kDelete, kSeveral };
  Action action = Action::kNone;
  std::string region_name;
};

struct UpdateTableRequest {
  std::string table_name{};
  std::vector<AttributeDefinition> attribute_definitions{};
  std::optional<std::string> billing_mode{};
  std::optional<ProvisionedThroughput> provisioned_throughput{};
  std::optional<StreamSpecification> stream_specification{};
  std::optional<SseSpecification> sse_specification{};
  std::optional<std::string> table_class{};
  std::optional<bool> deletion_protection_enabled{};
  bool has_global_secondary_index_updates = false;
  std::vector<GlobalSecondaryIndexUpdate> global_secondary_index_updates{};
  std::optional<std::vector<ReplicaUpdate>> replica_updates{};
  std::vector<VectorIndexUpdate> vector_index_updates{};
};

// TagResource, UntagResource, ListTagsOfResource: a table by its ARN.
struct TagResourceRequest {
  std::string resource_arn{};
  std::vector<Tag> tags{};
};
struct UntagResourceRequest {
  std::string resource_arn{};
  std::vector<std::string> tag_keys{};
};
struct ListTagsOfResourceRequest {
  std::string resource_arn{};
  std::optional<std::string> next_token{};
};
struct ListTagsOfResourceResponse {
  std::vector<Tag> tags{};
  std::optional<std::string> next_token{};
};
struct EmptyResponse {};

// UpdateTimeToLive and DescribeTimeToLive.
struct TimeToLiveSpecification {
  std::string attribute_name{};
  bool enabled = false;
};
struct UpdateTimeToLiveRequest {
  std::string table_name{};
  TimeToLiveSpecification specification{};
};
struct DescribeTimeToLiveResponse {
  std::string attribute_name{};  // empty: DISABLED
};

}  // namespace ddb
