// model/backup_requests.h
//
// Requests and responses of the on-demand backup operations (CreateBackup,
// DescribeBackup, ListBackups, DeleteBackup, RestoreTableFromBackup) and of
// DescribeContinuousBackups / UpdateContinuousBackups. Plain data;
// protocol/backup_json.cc fills and reads them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/table.h"

namespace ddb {

// A backup as DynamoDB describes it: its details, and the table it was
// taken of, as the table was then.
struct BackupDescription {
  std::string backup_arn;
  std::string backup_name;
  int64_t backup_size_bytes = 0;
  std::string backup_status = "AVAILABLE";  // CREATING, AVAILABLE, DELETED
  std::string backup_type = "USER";
  double backup_creation_date_time = 0;     // epoch seconds
  double backup_expiry_date_time = 0;       // SYSTEM backups: when they go; 0: never
  TableDefinition source_table;             // as it was when the backup was taken
  std::string source_table_arn;
  int64_t item_count = 0;
};

struct CreateBackupRequest {
  std::string table_name;
  std::string backup_name;
};

struct BackupArnRequest {  // DescribeBackup, DeleteBackup
  std::string backup_arn;
};

struct BackupResponse {
  BackupDescription backup;
  bool details_only = false;  // CreateBackup answers BackupDetails alone
};

struct ListBackupsRequest {
  std::optional<std::string> table_name;
  std::optional<int64_t> limit;
  std::optional<double> time_range_lower_bound;  // epoch seconds, inclusive
  std::optional<double> time_range_upper_bound;  // epoch seconds, exclusive
  std::optional<std::string> exclusive_start_backup_arn;
  std::string backup_type = "USER";               // USER, SYSTEM, AWS_BACKUP, ALL
};

struct ListBackupsResponse {
  std::vector<BackupDescription> backups;
  std::optional<std::string> last_evaluated_backup_arn;
};

struct RestoreTableFromBackupRequest {
  std::string target_table_name;
  std::string backup_arn;
  std::optional<std::string> billing_mode_override;
  std::optional<std::vector<SecondaryIndex>> global_secondary_index_override;
  std::optional<std::vector<SecondaryIndex>> local_secondary_index_override;
  // Vector indexes of the source to keep (all when absent).
  std::optional<std::vector<VectorIndex>> vector_index_override;
  std::optional<ProvisionedThroughput> provisioned_throughput_override;
  std::optional<SseSpecification> sse_specification_override;
};

struct RestoreTableToPointInTimeRequest : RestoreTableFromBackupRequest {
  std::optional<std::string> source_table_name;  // or
  std::optional<std::string> source_table_arn;
  bool use_latest_restorable_time = false;
  std::optional<double> restore_date_time;       // epoch seconds
};

struct ContinuousBackupsRequest {  // Describe (no specification) and Update
  std::string table_name;
  std::optional<bool> point_in_time_recovery_enabled;
  std::optional<int64_t> recovery_period_in_days;
};

struct ContinuousBackupsResponse {
  bool point_in_time_recovery_enabled = false;
  int64_t recovery_period_in_days = 35;
  double earliest_restorable_date_time = 0;  // when enabled
  double latest_restorable_date_time = 0;
};

}  // namespace ddb
