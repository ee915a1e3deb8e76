// model/exchange_requests.h
//
// Requests and responses of export and import: ExportTableToPointInTime,
// DescribeExport, ListExports, ImportTable, DescribeImport, ListImports.
// Plain data; protocol/exchange_json.cc fills and reads them. Times are
// epoch seconds.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/table.h"
#include "model/table_requests.h"

namespace ddb {

struct IncrementalExportSpecification {
  std::optional<double> export_from_time;
  std::optional<double> export_to_time;
  std::string export_view_type = "NEW_AND_OLD_IMAGES";  // or NEW_IMAGE
};

struct ExportDescription {
  std::string export_arn;
  std::string export_status = "IN_PROGRESS";  // COMPLETED, FAILED
  double start_time = 0;
  double end_time = 0;                        // once finished
  std::string export_manifest;                // S3 key of manifest-summary.json
  std::string table_arn;
  std::string table_id;
  double export_time = 0;
  std::string client_token;
  std::string s3_bucket;
  std::optional<std::string> s3_bucket_owner;
  std::string s3_prefix;                      // "" when none was given
  std::string s3_sse_algorithm = "AES256";    // or KMS
  std::optional<std::string> s3_sse_kms_key_id;
  std::optional<std::string> failure_code;
  std::optional<std::string> failure_message;
  std::string export_format = "DYNAMODB_JSON";  // or ION
  int64_t billed_size_bytes = 0;
  int64_t item_count = 0;
  std::string export_type = "FULL_EXPORT";      // or INCREMENTAL_EXPORT
  std::optional<IncrementalExportSpecification> incremental;
};

struct ExportTableToPointInTimeRequest {
  std::string table_arn;
  std::optional<double> export_time;
  std::optional<std::string> client_token;
  std::string s3_bucket;
  std::optional<std::string> s3_bucket_owner;
  std::optional<std::string> s3_prefix;
  std::optional<std::string> s3_sse_algorithm;
  std::optional<std::string> s3_sse_kms_key_id;
  std::optional<std::string> export_format;
  std::optional<std::string> export_type;
  std::optional<IncrementalExportSpecification> incremental;
};

struct DescribeExportRequest {
  std::string export_arn;
};

struct ExportResponse {
  ExportDescription description;
};

struct ListExportsRequest {
  std::optional<std::string> table_arn;
  std::optional<int64_t> max_results;
  std::optional<std::string> next_token;
};

struct ListExportsResponse {
  std::vector<ExportDescription> exports;  // described as ExportSummary
  std::optional<std::string> next_token;
};

struct CsvOptions {
  std::optional<std::string> delimiter;                 // one character, "," by default
  std::optional<std::vector<std::string>> header_list;  // else the first line
};

struct ImportDescription {
  std::string import_arn;
  std::string import_status = "IN_PROGRESS";  // COMPLETED, FAILED (CANCELLING, CANCELLED)
  std::string table_arn;
  std::string table_id;
  std::string client_token;
  std::string s3_bucket;
  std::optional<std::string> s3_bucket_owner;
  std::string s3_key_prefix;
  int64_t error_count = 0;
  std::string cloud_watch_log_group_arn;
  std::string input_format = "DYNAMODB_JSON";  // ION, CSV
  std::optional<CsvOptions> csv;
  std::string input_compression_type = "NONE";  // GZIP, ZSTD
  TableDefinition table;  // TableCreationParameters, as they were given
  double start_time = 0;
  double end_time = 0;
  int64_t processed_size_bytes = 0;
  int64_t processed_item_count = 0;
  int64_t imported_item_count = 0;
  std::optional<std::string> failure_code;
  std::optional<std::string> failure_message;
};

struct ImportTableRequest {
  std::optional<std::string> client_token;
  std::string s3_bucket;
  std::optional<std::string> s3_bucket_owner;
  std::string s3_key_prefix;
  std::string input_format;
  std::optional<CsvOptions> csv;
  std::string input_compression_type = "NONE";
  CreateTableRequest table;  // TableCreationParameters
};

struct DescribeImportRequest {
  std::string import_arn;
};

struct ImportResponse {
  ImportDescription description;
};

struct ListImportsRequest {
  std::optional<std::string> table_arn;
  std::optional<int64_t> page_size;
  std::optional<std::string> next_token;
};

struct ListImportsResponse {
  std::vector<ImportDescription> imports;  // described as ImportSummary
  std::optional<std::string> next_token;
};

}  // namespace ddb
