// ImportTable, DescribeImport, ListImports.
//
// ImportTable creates the table at once (CREATING, as DynamoDB shows it
// during an import) and reads the items on the background job thread: every
// item becomes a write of the new table, each line that is not a valid item
// counts as an error, and the indexes are built at the end. The table turns
// ACTIVE when the import ends, with the items that were valid; an import
// with errors ends FAILED (ItemValidationError) and keeps those items, as
// DynamoDB's does. An unreadable source (no such bucket) fails the import
// and drops the table. An import's description lives in the catalog space:
//
//   "I" database 0x00 import_id -> EncodeItem(import record)
//   import_id := start ms:14 digits '-' 8 hex digits
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/engine.h"
#include "engine/item_key.h"
#include "engine/key_codec.h"
#include "engine/record_fields.h"
#include "engine/table_validation.h"
#include "model/item_codec.h"

namespace ddb {
namespace {

using namespace record;

constexpr int kImportBatchItems = 1000;
constexpr std::size_t kImportBatchBytes = 8 * 1024 * 1024;

std::string ImportPrefix(const std::string& database) {
  return "I" + database + std::string(1, '\0');
}

Item ImportRecord(const ImportDescription& d) {
  Item r;
  PutS(r, "Arn", d.import_arn);
  PutS(r, "Status", d.import_status);
  PutS(r, "TableArn", d.table_arn);
  PutS(r, "TableId", d.table_id);
  PutS(r, "Token", d.client_token);
  PutS(r, "Bucket", d.s3_bucket);
  PutS(r, "Owner", d.s3_bucket_owner);
  PutS(r, "Prefix", d.s3_key_prefix);
  PutN(r, "Errors", d.error_count);
  PutS(r, "LogGroup", d.cloud_watch_log_group_arn);
  PutS(r, "Format", d.input_format);
  if (d.csv) {
    Item csv;
    PutS(csv, "Delimiter", d.csv->delimiter);
    if (d.csv->header_list) {
      std::vector<AttributeValue> header;
      for (const std::string& h : *d.csv->header_list) header.push_back(AttributeValue::S(h));
      csv["Header"] = AttributeValue::L(std::move(header));
    }
    r["Csv"] = AttributeValue::M(std::move(csv));
  }
  PutS(r, "Compression", d.input_compression_type);
  r["Table"] = AttributeValue::M(TableRecord(d.table));
  PutN(r, "Start", d.start_time);
  PutN(r, "End", d.end_time);
  PutN(r, "Bytes", d.processed_size_bytes);
  PutN(r, "Processed", d.processed_item_count);
  PutN(r, "Imported", d.imported_item_count);
  PutS(r, "FailureCode", d.failure_code);
  PutS(r, "FailureMessage", d.failure_message);
  return r;
}

std::optional<ImportDescription> ImportFromRecord(const Item& r) {
  ImportDescription d;
  auto table = r.find("Table");
  if (table == r.end() || table->second.type() != Type::kM) return std::nullopt;
  std::optional<TableDefinition> t = TableFromRecord(table->second.m());
  if (!t) return std::nullopt;
  d.table = *std::move(t);
  d.import_arn = GetS(r, "Arn");
  d.import_status = GetS(r, "Status");
  d.table_arn = GetS(r, "TableArn");
  d.table_id = GetS(r, "TableId");
  d.client_token = GetS(r, "Token");
  d.s3_bucket = GetS(r, "Bucket");
  d.s3_bucket_owner = OptS(r, "Owner");
  d.s3_key_prefix = GetS(r, "Prefix");
  d.error_count = GetInt(r, "Errors");
  d.cloud_watch_log_group_arn = GetS(r, "LogGroup");
  d.input_format = GetS(r, "Format");
  if (auto csv = r.find("Csv"); csv != r.end() && csv->second.type() == Type::kM) {
    CsvOptions options;
    options.delimiter = OptS(csv->second.m(), "Delimiter");
    auto header = csv->second.m().find("Header");
    if (header != csv->second.m().end() && header->second.type() == Type::kL) {
      options.header_list.emplace();
      for (const AttributeValue& h : header->second.l()) options.header_list->push_back(h.s());
    }
    d.csv = std::move(options);
  }
  d.input_compression_type = GetS(r, "Compression");
  d.start_time = GetN(r, "Start");
  d.end_time = GetN(r, "End");
  d.processed_size_bytes = GetInt(r, "Bytes");
  d.processed_item_count = GetInt(r, "Processed");
  d.imported_item_count = GetInt(r, "Imported");
  d.failure_code = OptS(r, "FailureCode");
  d.failure_message = OptS(r, "FailureMessage");
  return d;
}

// ListImports' NextToken: the ARN to start after, in hex and padded with
// zero bytes to whole groups of 16 digits, at least 112 (the API's pattern).
std::string ImportToken(const std::string& arn) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : arn) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  while (out.size() < 112 || out.size() % 16 != 0) out += "00";
  return out;
}

std::optional<std::string> ArnOfImportToken(const std::string& token) {
  if (token.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < token.size(); i += 2) {
    auto digit = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return -1;
    };
    int hi = digit(token[i]), lo = digit(token[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    if (hi == 0 && lo == 0) break;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

bool SameImportTable(const ImportDescription& d, const ImportTableRequest& r) {
  return d.table.table_name == r.table.table.table_name;
}

}  // namespace

Status Engine::StoreImport(const std::string& database, const ImportDescription& d) {
  storage::WriteBatch batch;
  batch.Put(storage::Space::kCatalog, ImportPrefix(database) + TimedIdOf(d.import_arn, "/import/").value_or(""),
            EncodeItem(ImportRecord(d)));
  return Commit(batch);
}

ListImportsResponse Engine::AllImports(const std::string& database) {
  ListImportsResponse out;
  const std::string prefix = ImportPrefix(database);
  auto cursor = store_.NewCursor(storage::Space::kCatalog, prefix, PrefixEnd(prefix));
  for (cursor->SeekToFirst(); cursor->Valid(); cursor->Next()) {
    std::optional<Item> record = DecodeItem(cursor->value());
    if (!record) continue;
    if (auto d = ImportFromRecord(*record)) out.imports.push_back(*std::move(d));
  }
  return out;
}

Result<ImportResponse> Engine::ImportTable(const RequestContext& context,
                                           const ImportTableRequest& request) {
  if (exchange_ == nullptr) {
    return Error::Validation("Imports are not available: the server has no import folder");
  }
  if (request.csv && request.input_format != "CSV") {
    return Error::Validation("Invalid Request: Unsupported InputFormatOptions for the given "
                             "input format: " + request.input_format + ".");
  }
  const TableDefinition& asked = request.table.table;
  if (auto s = ValidateNewTable(asked, request.table.has_provisioned_throughput); !s) {
    return std::move(s).error();
  }
  std::lock_guard lock(jobs_mu_);
  const double now = clock();
  if (request.client_token) {
    for (const ImportDescription& earlier : AllImports(context.database).imports) {
      if (earlier.client_token != *request.client_token || now - earlier.start_time > 8 * 3600) {
        continue;
      }
      if (!SameImportTable(earlier, request)) {
        return Error{ErrorCode::kImportConflictException,
                     "Import conflict: Duplicate request detected with conflicting parameters",
                     {}, {}};
      }
      if (earlier.import_status != "IN_PROGRESS") break;  // the table decides below
      return ImportResponse{earlier};
    }
  }
  CreateTableRequest creation = request.table;
  creation.importing = true;  // CREATING until RunImport ends it, in the same commit
  auto created = CreateTable(context, std::move(creation));
  if (!created) {
    if (created.error().code == ErrorCode::kResourceInUseException) {
      return Error::ResourceInUse("Table already exists: " + asked.table_name);
    }
    return std::move(created).error();
  }
  ImportDescription d;
  const auto start_ms = static_cast<int64_t>(std::floor(now * 1000));
  d.table_arn = created->table.table_arn;
  d.import_arn = d.table_arn + "/import/" + NewTimedId(start_ms);
  d.table_id = created->table.definition.table_uuid;
  d.client_token = request.client_token.value_or(NewTableUuid());
  d.s3_bucket = request.s3_bucket;
  d.s3_bucket_owner = request.s3_bucket_owner.value_or(std::string(kAccountId));
  d.s3_key_prefix = request.s3_key_prefix;
  d.cloud_watch_log_group_arn =
      "arn:aws:logs:" + context.region + ":" + std::string(kAccountId) +
      ":log-group:/aws-dynamodb/imports:*";
  d.input_format = request.input_format;
  d.csv = request.csv;
  d.input_compression_type = request.input_compression_type;
  d.table = created->table.definition;  // TableCreationParameters echo the same
  d.start_time = static_cast<double>(start_ms) / 1000;
  if (auto s = StoreImport(context.database, d); !s) return std::move(s).error();
  jobs_->Add([this, context, d]() mutable { RunImport(context, std::move(d)); });
  return ImportResponse{std::move(d)};
}

void Engine::RunImport(const RequestContext& context, ImportDescription d) {
  TablePtr table = catalog_.Find(context.database, d.table.table_name);
  if (table && table->table_id != d.table.table_id) table = nullptr;  // not the one it made
  Status read = table ? ReadImport(*table, d) : Status(Error::ResourceNotFound("table deleted"));
  if (read && jobs_->stopping()) read = Error::Internal("The server stopped during the import");
  d.end_time = clock();
  if (!read) {
    // Nothing could be read: DynamoDB creates no table.
    d.import_status = "FAILED";
    d.failure_code = read.error().code == ErrorCode::kResourceNotFoundException
                         ? "S3NoSuchBucket"
                         : read.error().code == ErrorCode::kValidationException
                               ? "InvalidInput"
                               : "InternalError";
    d.failure_message = read.error().message;
    if (table) DropImportedTable(context.database, d.table.table_name, table->table_id);
  } else {
    d.import_status = d.error_count == 0 ? "COMPLETED" : "FAILED";
    if (d.error_count > 0) {
      d.failure_code = "ItemValidationError";
      d.failure_message =
          "Some of the items failed validation checks and were not imported. Please check "
          "CloudWatch error logs for more details.";
    }
    auto imported = ChangeTable(context, d.table.table_name, [&](TableDefinition& t) -> Status {
      if (table && t.table_id == table->table_id) t.table_status = "ACTIVE";
      return {};
    });
    if (imported) WarmVectorIndexes(*imported);
  }
  std::lock_guard lock(jobs_mu_);
  (void)StoreImport(context.database, d);
}

Status Engine::ReadImport(const TableDefinition& table, ImportDescription& d) {
  auto reader = exchange_->OpenImport(d);
  if (!reader) return std::move(reader).error();
  const std::string prefix = TablePrefix(table.table_id);
  storage::WriteBatch batch;
  int pending = 0;
  std::size_t pending_bytes = 0;
  int64_t errors = 0, imported = 0;
  while (!jobs_->stopping()) {
    auto next = (*reader)->Next(errors);
    if (!next) return std::move(next).error();
    if (!*next) break;
    const Item& item = **next;
    auto key = ItemKeyOfItem(table, item);
    const bool empty_name = item.contains("");
    if (!key || empty_name || NestingDepth(item) > kMaxNestingDepth ||
        ItemSize(item) > kMaxItemBytes) {
      ++errors;
      (*reader)->SkipFile();
      continue;
    }
    std::string encoded = EncodeItem(item);
    pending_bytes += encoded.size();
    batch.Put(storage::Space::kItems, *key, std::move(encoded));
    ++imported;
    if (++pending == kImportBatchItems || pending_bytes >= kImportBatchBytes) {
      pending_bytes = 0;
      std::lock_guard lock(write_mu_);
      if (auto s = Commit(batch); !s) return s;
      batch = storage::WriteBatch();
      pending = 0;
    }
  }
  {
    std::lock_guard lock(write_mu_);
    if (auto s = Commit(batch); !s) return s;
  }
  for (const SecondaryIndex* index : table.AllIndexes()) {
    if (auto s = Backfill(table, *index); !s) return s;
  }
  d.error_count = errors;
  d.imported_item_count = imported;
  d.processed_item_count = imported + errors;
  d.processed_size_bytes = (*reader)->processed_bytes();
  return {};
}

void Engine::DropImportedTable(const std::string& database, const std::string& table_name,
                               uint64_t table_id) {
  std::lock_guard lock(write_mu_);
  TablePtr current = catalog_.Find(database, table_name);
  if (!current || current->table_id != table_id) return;
  storage::WriteBatch batch;
  const std::string prefix = TablePrefix(table_id);
  StageErase(storage::Space::kItems, prefix, batch);
  StageErase(storage::Space::kIndexes, prefix, batch);
  catalog_.StageRemove(database, table_name, batch);
  if (Commit(batch)) catalog_.CommitRemove(database, table_name);
}

Status Engine::FailInterruptedJobs() {
  const double now = clock();
  for (char kind : {'X', 'I'}) {
    const std::string prefix(1, kind);
    auto cursor = store_.NewCursor(storage::Space::kCatalog, prefix, PrefixEnd(prefix));
    std::vector<std::pair<std::string, Item>> interrupted;  // database, record
    for (cursor->SeekToFirst(); cursor->Valid(); cursor->Next()) {
      std::optional<Item> record = DecodeItem(cursor->value());
      if (!record || GetS(*record, "Status") != "IN_PROGRESS") continue;
      std::string_view key = cursor->key().substr(1);
      interrupted.emplace_back(std::string(key.substr(0, key.find('\0'))), *std::move(record));
    }
    if (auto s = cursor->status(); !s) return Error::Internal(s.error().message);
    for (auto& [database, record] : interrupted) {
      PutS(record, "Status", std::string("FAILED"));
      PutS(record, "FailureCode", std::string("InternalError"));
      PutS(record, "FailureMessage",
           std::string("The server stopped before the ") + (kind == 'X' ? "export" : "import") +
               " ended");
      PutN(record, "End", now);
      if (kind == 'I') {
        std::optional<ImportDescription> d = ImportFromRecord(record);
        TablePtr table = d ? catalog_.Find(database, d->table.table_name) : nullptr;
        if (table && table->table_status == "CREATING" && table->status_until == 0) {
          DropImportedTable(database, table->table_name, table->table_id);
        }
      }
      storage::WriteBatch batch;
      std::string id = GetS(record, "Arn");
      id = id.substr(id.rfind('/') + 1);
      batch.Put(storage::Space::kCatalog, prefix + database + std::string(1, '\0') + id,
                EncodeItem(record));
      if (auto s = Commit(batch); !s) return s;
    }
  }
  return {};
}

Result<ImportResponse> Engine::DescribeImport(const RequestContext& context,
                                              const DescribeImportRequest& request) {
  std::optional<std::string> id = TimedIdOf(request.import_arn, "/import/");
  if (!id) return Error::Validation("Invalid Import ARN");
  auto bytes = store_.Get(storage::Space::kCatalog, ImportPrefix(context.database) + *id);
  if (!bytes) return Error::Internal(bytes.error().message);
  std::optional<ImportDescription> d;
  if (*bytes) {
    if (std::optional<Item> record = DecodeItem(**bytes)) d = ImportFromRecord(*record);
  }
  if (!d || d->import_arn != request.import_arn) {
    return Error{ErrorCode::kImportNotFoundException,
                 "Import not found: " + request.import_arn, {}, {}};
  }
  return ImportResponse{*std::move(d)};
}

Result<ListImportsResponse> Engine::ListImports(const RequestContext& context,
                                                const ListImportsRequest& request) {
  ListImportsResponse all = AllImports(context.database);
  std::reverse(all.imports.begin(), all.imports.end());  // newest first
  ListImportsResponse out;
  const auto limit = static_cast<std::size_t>(request.page_size.value_or(10));
  const std::optional<std::string> after =
      request.next_token ? ArnOfImportToken(*request.next_token) : std::nullopt;
  bool started = !request.next_token;
  for (ImportDescription& d : all.imports) {
    if (request.table_arn && !d.import_arn.starts_with(*request.table_arn + "/import/")) continue;
    if (!started) {
      started = after && d.import_arn == *after;
      continue;
    }
    if (out.imports.size() == limit) {
      out.next_token = ImportToken(out.imports.back().import_arn);
      break;
    }
    out.imports.push_back(std::move(d));
  }
  if (!started) {
    return Error::Validation("Invalid Request: Provided nextToken is invalid: " +
                             *request.next_token);
  }
  return out;
}

}  // namespace ddb
