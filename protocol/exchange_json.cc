// ExportTableToPointInTime, DescribeExport, ListExports, ImportTable,
// DescribeImport, ListImports <-> JSON; and the lines of export data files.
#include "protocol/attribute_value_json.h"
#include "protocol/exchange_lines.h"
#include "protocol/operations.h"
#include "protocol/request_json.h"

namespace ddb::protocol {
namespace {

constexpr std::string_view kBucketPattern = "^[a-z0-9A-Z]+[\\.\\-\\w]*[a-z0-9A-Z]+$";


void Pattern(Constraints& c, bool ok, const std::string& value, std::string_view path,
             std::string_view pattern) {
  if (!ok) {
    c.Add("'" + value + "'", path,
          "Member must satisfy regular expression pattern: " + std::string(pattern));
  }
}

bool ValidBucket(std::string_view b) {
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  if (b.size() < 2 || !alnum(b.front()) || !alnum(b.back())) return false;
  for (char c : b) {
    if (!alnum(c) && c != '.' && c != '-' && c != '_') return false;
  }
  return true;
}

void CheckBucket(const std::optional<std::string>& bucket, std::string_view path, Constraints& c) {
  c.Required(bucket.has_value(), path);
  if (!bucket) return;
  c.Length(*bucket, path, 0, 255);
  Pattern(c, ValidBucket(*bucket), *bucket, path, kBucketPattern);
}

void CheckOwner(const std::optional<std::string>& owner, std::string_view path, Constraints& c) {
  if (!owner) return;
  bool digits = owner->size() == 12 &&
                owner->find_first_not_of("0123456789") == std::string::npos;
  Pattern(c, digits, *owner, path, "[0-9]{12}");
}

void CheckToken(const std::optional<std::string>& token, Constraints& c) {
  if (!token) return;
  Pattern(c, !token->empty() && token->find('$') == std::string::npos, *token, "clientToken",
            "^[^\\$]+$");
}

void WriteExportDescription(const ExportDescription& d, JsonWriter& out) {
  const bool ended = d.export_status != "IN_PROGRESS";
  out.BeginObject();
  out.Key("ExportArn").String(d.export_arn);
  out.Key("ExportStatus").String(d.export_status);
  out.Key("StartTime").EpochSeconds(d.start_time);
  if (ended) out.Key("EndTime").EpochSeconds(d.end_time);
  if (ended && !d.export_manifest.empty()) out.Key("ExportManifest").String(d.export_manifest);
  out.Key("TableArn").String(d.table_arn);
  out.Key("TableId").String(d.table_id);
  if (!d.incremental) out.Key("ExportTime").EpochSeconds(d.export_time);
  out.Key("ClientToken").String(d.client_token);
  out.Key("S3Bucket").String(d.s3_bucket);
  if (d.s3_bucket_owner) out.Key("S3BucketOwner").String(*d.s3_bucket_owner);
  if (!d.s3_prefix.empty()) out.Key("S3Prefix").String(d.s3_prefix);
  out.Key("S3SseAlgorithm").String(d.s3_sse_algorithm);
  if (d.s3_sse_kms_key_id) out.Key("S3SseKmsKeyId").String(*d.s3_sse_kms_key_id);
  if (d.failure_code) out.Key("FailureCode").String(*d.failure_code);
  if (d.failure_message) out.Key("FailureMessage").String(*d.failure_message);
  out.Key("ExportFormat").String(d.export_format);
  if (ended) {
    out.Key("BilledSizeBytes").Int(d.billed_size_bytes);
    out.Key("ItemCount").Int(d.item_count);
  }
  if (!d.export_type.empty()) out.Key("ExportType").String(d.export_type);
  if (d.incremental) {
    out.Key("IncrementalExportSpecification").BeginObject();
    if (d.incremental->export_from_time) {
      out.Key("ExportFromTime").EpochSeconds(*d.incremental->export_from_time);
    }
    if (d.incremental->export_to_time) {
      out.Key("ExportToTime").EpochSeconds(*d.incremental->export_to_time);
    }
    out.Key("ExportViewType").String(d.incremental->export_view_type);
    out.EndObject();
  }
  out.EndObject();
}

void WriteBucketSource(const ImportDescription& d, JsonWriter& out) {
  out.BeginObject();
  if (d.s3_bucket_owner) out.Key("S3BucketOwner").String(*d.s3_bucket_owner);
  out.Key("S3Bucket").String(d.s3_bucket);
  if (!d.s3_key_prefix.empty()) out.Key("S3KeyPrefix").String(d.s3_key_prefix);
  out.EndObject();
}

void WriteCsvOptions(const CsvOptions& csv, JsonWriter& out) {
  out.BeginObject().Key("Csv").BeginObject();
  if (csv.delimiter) out.Key("Delimiter").String(*csv.delimiter);
  if (csv.header_list) {
    out.Key("HeaderList").BeginArray();
    for (const std::string& h : *csv.header_list) out.String(h);
    out.EndArray();
  }
  out.EndObject().EndObject();
}

void WriteIndexDefinitions(const std::vector<SecondaryIndex>& indexes, JsonWriter& out) {
  out.BeginArray();
  for (const SecondaryIndex& index : indexes) {
    out.BeginObject();
    out.Key("IndexName").String(index.index_name);
    out.Key("KeySchema");
    WriteKeySchema(index.key_schema, out);
    out.Key("Projection");
    WriteProjection(index.projection, out);
    if (index.provisioned_throughput) {
      out.Key("ProvisionedThroughput");
      WriteThroughput(*index.provisioned_throughput, 0, 0, out);
    }
    out.EndObject();
  }
  out.EndArray();
}

void WriteTableCreationParameters(const TableDefinition& t, JsonWriter& out) {
  out.BeginObject();
  out.Key("TableName").String(t.table_name);
  out.Key("AttributeDefinitions").BeginArray();
  for (const auto& a : t.attribute_definitions) {
    out.BeginObject();
    out.Key("AttributeName").String(a.attribute_name);
    out.Key("AttributeType").String(TypeName(a.attribute_type));
    out.EndObject();
  }
  out.EndArray();
  out.Key("KeySchema");
  WriteKeySchema(t.key_schema, out);
  out.Key("BillingMode").String(t.billing_mode);
  if (t.billing_mode == "PROVISIONED") {
    out.Key("ProvisionedThroughput").BeginObject();
    out.Key("ReadCapacityUnits").Int(t.provisioned_throughput.read_capacity_units);
    out.Key("WriteCapacityUnits").Int(t.provisioned_throughput.write_capacity_units);
    out.EndObject();
  }
  if (!t.global_secondary_indexes.empty()) {
    out.Key("GlobalSecondaryIndexes");
    WriteIndexDefinitions(t.global_secondary_indexes, out);
  }
  WriteVectorIndexInfos(t.vector_indexes, out);
  out.EndObject();
}

void WriteImportDescription(const ImportDescription& d, JsonWriter& out) {
  const bool ended = d.import_status != "IN_PROGRESS";
  out.BeginObject();
  out.Key("ImportArn").String(d.import_arn);
  out.Key("ImportStatus").String(d.import_status);
  out.Key("TableArn").String(d.table_arn);
  out.Key("TableId").String(d.table_id);
  out.Key("ClientToken").String(d.client_token);
  out.Key("S3BucketSource");
  WriteBucketSource(d, out);
  out.Key("ErrorCount").Int(d.error_count);
  out.Key("CloudWatchLogGroupArn").String(d.cloud_watch_log_group_arn);
  out.Key("InputFormat").String(d.input_format);
  if (d.csv) {
    out.Key("InputFormatOptions");
    WriteCsvOptions(*d.csv, out);
  }
  out.Key("InputCompressionType").String(d.input_compression_type);
  out.Key("TableCreationParameters");
  WriteTableCreationParameters(d.table, out);
  out.Key("StartTime").EpochSeconds(d.start_time);
  if (ended) {
    out.Key("EndTime").EpochSeconds(d.end_time);
    out.Key("ProcessedSizeBytes").Int(d.processed_size_bytes);
  }
  out.Key("ProcessedItemCount").Int(d.processed_item_count);
  out.Key("ImportedItemCount").Int(d.imported_item_count);
  if (d.failure_code) out.Key("FailureCode").String(*d.failure_code);
  if (d.failure_message) out.Key("FailureMessage").String(*d.failure_message);
  out.EndObject();
}

}  // namespace

Result<ExportTableToPointInTimeRequest> DecodeExportTableToPointInTime(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  ExportTableToPointInTimeRequest out;
  std::optional<std::string> arn, bucket;
  DDB_ASSIGN(arn, OptString(request, "TableArn"));
  c.Required(arn.has_value(), "tableArn");
  if (arn) c.Length(*arn, "tableArn", 1, 1024);
  out.table_arn = arn.value_or("");
  DDB_ASSIGN(out.export_time, OptTime(request, "ExportTime"));
  DDB_ASSIGN(out.client_token, OptString(request, "ClientToken"));
  CheckToken(out.client_token, c);
  DDB_ASSIGN(bucket, OptString(request, "S3Bucket"));
  CheckBucket(bucket, "s3Bucket", c);
  out.s3_bucket = bucket.value_or("");
  DDB_ASSIGN(out.s3_bucket_owner, OptString(request, "S3BucketOwner"));
  CheckOwner(out.s3_bucket_owner, "s3BucketOwner", c);
  DDB_ASSIGN(out.s3_prefix, OptString(request, "S3Prefix"));
  if (out.s3_prefix) c.Length(*out.s3_prefix, "s3Prefix", 0, 1024);
  DDB_ASSIGN(out.s3_sse_algorithm, OptString(request, "S3SseAlgorithm"));
  c.Enum(out.s3_sse_algorithm, "s3SseAlgorithm", "[AES256, KMS]");
  DDB_ASSIGN(out.s3_sse_kms_key_id, OptString(request, "S3SseKmsKeyId"));
  if (out.s3_sse_kms_key_id) c.Length(*out.s3_sse_kms_key_id, "s3SseKmsKeyId", 1, 2048);
  DDB_ASSIGN(out.export_format, OptString(request, "ExportFormat"));
  c.Enum(out.export_format, "exportFormat", "[ION, DYNAMODB_JSON]");
  DDB_ASSIGN(out.export_type, OptString(request, "ExportType"));
  c.Enum(out.export_type, "exportType", "[FULL_EXPORT, INCREMENTAL_EXPORT]");
  std::optional<JsonObject> spec;
  DDB_ASSIGN(spec, OptObject(request, "IncrementalExportSpecification"));
  if (spec) {
    IncrementalExportSpecification s;
    DDB_ASSIGN(s.export_from_time, OptTime(*spec, "ExportFromTime"));
    DDB_ASSIGN(s.export_to_time, OptTime(*spec, "ExportToTime"));
    std::optional<std::string> view;
    DDB_ASSIGN(view, OptString(*spec, "ExportViewType"));
    c.Enum(view, "incrementalExportSpecification.exportViewType",
           "[NEW_IMAGE, NEW_AND_OLD_IMAGES]");
    if (view) s.export_view_type = *view;
    out.incremental = s;
  }
  if (auto s = c.Finish(); !s) return std::move(s).error();
  if (out.s3_sse_kms_key_id && out.s3_sse_algorithm != "KMS") {
    return Error::Validation(
        "Invalid Request: KMS Key Id is not supported for this encryption type");
  }
  if (!out.table_arn.starts_with("arn:")) {
    return Error::Validation(
        "One or more parameter values were invalid: tableArn is not a valid ARN");
  }
  return out;
}

Result<DescribeExportRequest> DecodeDescribeExport(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  std::optional<std::string> arn;
  DDB_ASSIGN(arn, OptString(request, "ExportArn"));
  c.Required(arn.has_value(), "exportArn");
  if (arn) c.Length(*arn, "exportArn", 37, 1024);
  if (auto s = c.Finish(); !s) return std::move(s).error();
  return DescribeExportRequest{*arn};
}

Result<ListExportsRequest> DecodeListExports(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  ListExportsRequest out;
  DDB_ASSIGN(out.table_arn, OptString(request, "TableArn"));
  if (out.table_arn) c.Length(*out.table_arn, "tableArn", 1, 1024);
  DDB_ASSIGN(out.max_results, OptInteger(request, "MaxResults"));
  if (out.max_results) c.Range(*out.max_results, "maxResults", 1, 25);
  DDB_ASSIGN(out.next_token, OptString(request, "NextToken"));
  if (auto s = c.Finish(); !s) return std::move(s).error();
  return out;
}

std::string EncodeExport(const ExportResponse& response) {
  JsonWriter out;
  out.BeginObject().PlainKey("ExportDescription");
  WriteExportDescription(response.description, out);
  out.EndObject();
  return std::move(out).Take();
}

std::string EncodeListExports(const ListExportsResponse& response) {
  JsonWriter out;
  out.BeginObject().PlainKey("ExportSummaries").BeginArray();
  for (const ExportDescription& d : response.exports) {
    out.BeginObject();
    out.Key("ExportArn").String(d.export_arn);
    out.Key("ExportStatus").String(d.export_status);
    out.Key("ExportType").String(d.export_type.empty() ? "FULL_EXPORT" : d.export_type);
    out.EndObject();
  }
  out.EndArray();
  if (response.next_token) out.PlainKey("NextToken").String(*response.next_token);
  out.EndObject();
  return std::move(out).Take();
}

Result<ImportTableRequest> DecodeImportTable(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  ImportTableRequest out;
  DDB_ASSIGN(out.client_token, OptString(request, "ClientToken"));
  CheckToken(out.client_token, c);
  std::optional<JsonObject> source;
  DDB_ASSIGN(source, OptObject(request, "S3BucketSource"));
  c.Required(source.has_value(), "s3BucketSource");
  if (source) {
    std::optional<std::string> bucket, prefix;
    DDB_ASSIGN(bucket, OptString(*source, "S3Bucket"));
    CheckBucket(bucket, "s3BucketSource.s3Bucket", c);
    out.s3_bucket = bucket.value_or("");
    DDB_ASSIGN(out.s3_bucket_owner, OptString(*source, "S3BucketOwner"));
    CheckOwner(out.s3_bucket_owner, "s3BucketSource.s3BucketOwner", c);
    DDB_ASSIGN(prefix, OptString(*source, "S3KeyPrefix"));
    if (prefix) c.Length(*prefix, "s3BucketSource.s3KeyPrefix", 0, 1024);
    out.s3_key_prefix = prefix.value_or("");
  }
  std::optional<std::string> format, compression;
  DDB_ASSIGN(format, OptString(request, "InputFormat"));
  c.Required(format.has_value(), "inputFormat");
  c.Enum(format, "inputFormat", "[DYNAMODB_JSON, ION, CSV]");
  out.input_format = format.value_or("");
  DDB_ASSIGN(compression, OptString(request, "InputCompressionType"));
  c.Enum(compression, "inputCompressionType", "[ZSTD, NONE, GZIP]");
  out.input_compression_type = compression.value_or("NONE");
  std::optional<JsonObject> options;
  DDB_ASSIGN(options, OptObject(request, "InputFormatOptions"));
  if (options) {
    std::optional<JsonObject> csv;
    DDB_ASSIGN(csv, OptObject(*options, "Csv"));
    CsvOptions parsed;
    if (csv) {
      DDB_ASSIGN(parsed.delimiter, OptString(*csv, "Delimiter"));
      if (parsed.delimiter) {
        const std::string& d = *parsed.delimiter;
        Pattern(c, d.size() == 1 && std::string_view(",;:|\t ").find(d[0]) != std::string::npos,
                  d, "inputFormatOptions.csv.delimiter", "[,;:|\\t ]");
        c.Length(d, "inputFormatOptions.csv.delimiter", 1, 1);
      }
      DDB_ASSIGN(parsed.header_list, OptStringList(*csv, "HeaderList"));
      if (parsed.header_list) {
        c.Range(static_cast<int64_t>(parsed.header_list->size()),
                "inputFormatOptions.csv.headerList", 1, 255);
      }
    }
    out.csv = std::move(parsed);
  }
  std::optional<JsonObject> table;
  DDB_ASSIGN(table, OptObject(request, "TableCreationParameters"));
  c.Required(table.has_value(), "tableCreationParameters");
  if (auto s = c.Finish(); !s) return std::move(s).error();
  // The parameters are CreateTable's (without streams, LSIs or tags).
  auto creation = DecodeCreateTable(simdjson::minify(*table));
  if (!creation) return std::move(creation).error();
  out.table = *std::move(creation);
  return out;
}

Result<DescribeImportRequest> DecodeDescribeImport(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  std::optional<std::string> arn;
  DDB_ASSIGN(arn, OptString(request, "ImportArn"));
  c.Required(arn.has_value(), "importArn");
  if (arn) c.Length(*arn, "importArn", 37, 1024);
  if (auto s = c.Finish(); !s) return std::move(s).error();
  return DescribeImportRequest{*arn};
}

Result<ListImportsRequest> DecodeListImports(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  ListImportsRequest out;
  DDB_ASSIGN(out.table_arn, OptString(request, "TableArn"));
  if (out.table_arn) c.Length(*out.table_arn, "tableArn", 1, 1024);
  DDB_ASSIGN(out.page_size, OptInteger(request, "PageSize"));
  if (out.page_size) c.Range(*out.page_size, "pageSize", 1, 25);
  DDB_ASSIGN(out.next_token, OptString(request, "NextToken"));
  if (out.next_token) c.Length(*out.next_token, "nextToken", 112, 1024);
  if (auto s = c.Finish(); !s) return std::move(s).error();
  return out;
}

std::string EncodeImport(const ImportResponse& response) {
  JsonWriter out;
  out.BeginObject().PlainKey("ImportTableDescription");
  WriteImportDescription(response.description, out);
  out.EndObject();
  return std::move(out).Take();
}

std::string EncodeListImports(const ListImportsResponse& response) {
  JsonWriter out;
  out.BeginObject().PlainKey("ImportSummaryList").BeginArray();
  for (const ImportDescription& d : response.imports) {
    out.BeginObject();
    out.Key("ImportArn").String(d.import_arn);
    out.Key("ImportStatus").String(d.import_status);
    out.Key("TableArn").String(d.table_arn);
    out.Key("S3BucketSource");
    WriteBucketSource(d, out);
    out.Key("CloudWatchLogGroupArn").String(d.cloud_watch_log_group_arn);
    out.Key("InputFormat").String(d.input_format);
    out.Key("StartTime").EpochSeconds(d.start_time);
    if (d.import_status != "IN_PROGRESS") out.Key("EndTime").EpochSeconds(d.end_time);
    out.EndObject();
  }
  out.EndArray();
  if (response.next_token) out.PlainKey("NextToken").String(*response.next_token);
  out.EndObject();
  return std::move(out).Take();
}

// Data file lines.

std::string EncodeItemLine(const Item& item) {
  JsonWriter out;
  out.BeginObject().PlainKey("Item");
  EncodeItem(item, out);
  out.EndObject();
  return std::move(out).Take();
}

std::string EncodeChangeLine(int64_t write_micros, const Item& keys, const Item* old_image,
                             const Item* new_image) {
  JsonWriter out;
  out.BeginObject().PlainKey("Metadata").BeginObject();
  out.PlainKey("WriteTimestampMicros").BeginObject();
  out.PlainKey("N").String(std::to_string(write_micros));
  out.EndObject().EndObject();
  out.PlainKey("Keys");
  EncodeItem(keys, out);
  if (old_image) {
    out.PlainKey("OldImage");
    EncodeItem(*old_image, out);
  }
  if (new_image) {
    out.PlainKey("NewImage");
    EncodeItem(*new_image, out);
  }
  out.EndObject();
  return std::move(out).Take();
}

Result<std::vector<Item>> DecodeItemLine(std::string_view line) {
  // Objects may follow one another on a line ({"Item":..}{"Item":..}):
  // DynamoDB's import reads each. A parser of its own keeps them apart
  // from the request's.
  static thread_local simdjson::dom::parser parser;
  simdjson::dom::document_stream stream;
  const simdjson::padded_string padded(line);  // parse_many reads past the end
  if (parser.parse_many(padded, padded.size() + 64).get(stream) !=
      simdjson::SUCCESS) {
    return Error::Serialization("Unexpected character found where not expected.");
  }
  std::vector<Item> items;
  for (auto document : stream) {
    JsonElement root;
    JsonObject object;
    if (document.get(root) != simdjson::SUCCESS || root.get(object) != simdjson::SUCCESS) {
      return Error::Serialization("Unexpected character found where not expected.");
    }
    auto item = Member(object, "Item");
    if (!item) return Error::Validation("The line has no Item");
    auto decoded = DecodeItem(*item);
    if (!decoded) return std::move(decoded).error();
    items.push_back(*std::move(decoded));
  }
  if (stream.truncated_bytes() > 0) {
    return Error::Serialization("Unexpected character found where not expected.");
  }
  return items;
}

}  // namespace ddb::protocol
