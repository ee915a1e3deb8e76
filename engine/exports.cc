// ExportTableToPointInTime, DescribeExport, ListExports.
//
// An export reads the table as it was at the export time from its
// point-in-time recovery data (the base and the history, point_in_time.cc),
// so like DynamoDB's it needs recovery on, and it runs on the background job
// thread: the request answers IN_PROGRESS at once. The ExchangeFiles writes
// the files. An export's description lives in the catalog space:
//
//   "X" database 0x00 export_id -> EncodeItem(export record)
//   export_id := start ms:14 digits '-' 8 hex digits
//
// A full export copies the table at the export time under a scratch id and
// writes each item. An incremental export writes, for every item changed in
// (ExportFromTime, ExportToTime], its keys, its image at ExportToTime (none
// when deleted) and with NEW_AND_OLD_IMAGES its image at ExportFromTime.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>

#include "engine/engine.h"
#include "engine/item_key.h"
#include "engine/key_codec.h"
#include "engine/record_fields.h"
#include "model/item_codec.h"

namespace ddb {
namespace {

using namespace record;

// DynamoDB's bounds on an incremental export's period.
constexpr double kMinIncrementalSeconds = 15 * 60;
constexpr double kMaxIncrementalSeconds = 24 * 60 * 60;

std::string ExportPrefix(const std::string& database) {
  return "X" + database + std::string(1, '\0');
}

// DynamoDB repeats the prefix, as here.
Error ExportNotFound(const std::string& arn) {
  return {ErrorCode::kExportNotFoundException, "Export not found: Export not found: " + arn, {},
          {}};
}

Item ExportRecord(const ExportDescription& d) {
  Item r;
  PutS(r, "Arn", d.export_arn);
  PutS(r, "Status", d.export_status);
  PutN(r, "Start", d.start_time);
  PutN(r, "End", d.end_time);
  PutS(r, "Manifest", d.export_manifest);
  PutS(r, "TableArn", d.table_arn);
  PutS(r, "TableId", d.table_id);
  PutN(r, "Time", d.export_time);
  PutS(r, "Token", d.client_token);
  PutS(r, "Bucket", d.s3_bucket);
  PutS(r, "Owner", d.s3_bucket_owner);
  PutS(r, "Prefix", d.s3_prefix);
  PutS(r, "Sse", d.s3_sse_algorithm);
  PutS(r, "Kms", d.s3_sse_kms_key_id);
  PutS(r, "FailureCode", d.failure_code);
  PutS(r, "FailureMessage", d.failure_message);
  PutS(r, "Format", d.export_format);
  PutN(r, "Bytes", d.billed_size_bytes);
  PutN(r, "Items", d.item_count);
  PutS(r, "Type", d.export_type);
  if (d.incremental) {
    PutN(r, "From", d.incremental->export_from_time.value_or(0));
    PutN(r, "To", d.incremental->export_to_time.value_or(0));
    PutS(r, "View", d.incremental->export_view_type);
  }
  return r;
}

ExportDescription ExportFromRecord(const Item& r) {
  ExportDescription d;
  d.export_arn = GetS(r, "Arn");
  d.export_status = GetS(r, "Status");
  d.start_time = GetN(r, "Start");
  d.end_time = GetN(r, "End");
  d.export_manifest = GetS(r, "Manifest");
  d.table_arn = GetS(r, "TableArn");
  d.table_id = GetS(r, "TableId");
  d.export_time = GetN(r, "Time");
  d.client_token = GetS(r, "Token");
  d.s3_bucket = GetS(r, "Bucket");
  d.s3_bucket_owner = OptS(r, "Owner");
  d.s3_prefix = GetS(r, "Prefix");
  d.s3_sse_algorithm = GetS(r, "Sse");
  d.s3_sse_kms_key_id = OptS(r, "Kms");
  d.failure_code = OptS(r, "FailureCode");
  d.failure_message = OptS(r, "FailureMessage");
  d.export_format = GetS(r, "Format");
  d.billed_size_bytes = GetInt(r, "Bytes");
  d.item_count = GetInt(r, "Items");
  d.export_type = GetS(r, "Type");
  if (OptS(r, "View")) {
    IncrementalExportSpecification spec;
    spec.export_from_time = GetN(r, "From");
    spec.export_to_time = GetN(r, "To");
    spec.export_view_type = GetS(r, "View");
    d.incremental = spec;
  }
  return d;
}

bool SameRequest(const ExportDescription& d, const ExportTableToPointInTimeRequest& r) {
  auto same_time = [](std::optional<double> a, std::optional<double> b) {
    return a.has_value() == b.has_value() && (!a || std::fabs(*a - *b) < 1e-6);
  };
  bool same_incremental = d.incremental.has_value() == r.incremental.has_value();
  if (same_incremental && d.incremental) {
    same_incremental = same_time(d.incremental->export_from_time, r.incremental->export_from_time) &&
                       (!r.incremental->export_to_time ||
                        same_time(d.incremental->export_to_time, r.incremental->export_to_time)) &&
                       d.incremental->export_view_type == r.incremental->export_view_type;
  }
  return d.table_arn == r.table_arn && d.s3_bucket == r.s3_bucket &&
         d.s3_bucket_owner == r.s3_bucket_owner && d.s3_prefix == r.s3_prefix.value_or("") &&
         d.s3_sse_algorithm == r.s3_sse_algorithm.value_or("AES256") &&
         d.export_format == r.export_format.value_or("DYNAMODB_JSON") && same_incremental;
}

// "2026-01-14T10:18:50Z", as DynamoDB's incremental export messages show times.
std::string IsoSeconds(double seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

Error InvalidExportTime(std::string message) {
  return {ErrorCode::kInvalidExportTimeException, std::move(message), {}, {}};
}

}  // namespace

Status Engine::StoreExport(const std::string& database, const ExportDescription& d) {
  std::optional<std::string> id = TimedIdOf(d.export_arn, "/export/");
  storage::WriteBatch batch;
  batch.Put(storage::Space::kCatalog, ExportPrefix(database) + id.value_or(""),
            EncodeItem(ExportRecord(d)));
  return Commit(batch);
}

Result<ExportResponse> Engine::ExportTableToPointInTime(
    const RequestContext& context, const ExportTableToPointInTimeRequest& request) {
  if (exchange_ == nullptr) {
    return Error::Validation("Exports are not available: the server has no export folder");
  }
  const std::string name = TableNameOf(request.table_arn);
  TablePtr table = Settle(context, catalog_.Find(context.database, name));
  if (!table || table->table_status == "DELETING" ||
      TableArn(*table, context.region) != request.table_arn) {
    return Error{ErrorCode::kTableNotFoundException, "Table not found: " + request.table_arn,
                 {}, {}};
  }
  if (!table->point_in_time_recovery) {
    return Error{ErrorCode::kPointInTimeRecoveryUnavailableException,
                 "Point in time recovery is not enabled for table '" + name + "'", {}, {}};
  }
  const double now = clock();
  const double window = static_cast<double>(table->recovery_period_in_days) * 86400;
  const double earliest = std::max(table->point_in_time_recovery_since, now - window);
  ExportDescription d;
  const bool incremental = request.export_type == "INCREMENTAL_EXPORT";
  if (request.incremental && !request.export_type) {
    return Error::Validation("Invalid Request: Export Type expected to be Incremental Export "
                             "when incremental export specification is provided");
  }
  if (request.incremental && !incremental) {
    return Error::Validation("Invalid Request: When Export Type is Full Export , Incremental "
                             "Export Specification should not be provided");
  }
  if (incremental) {
    if (!request.incremental) {
      return Error::Validation("Invalid Request: Incremental Export Specification expected "
                               "when export type is set as Incremental Export");
    }
    if (!request.incremental->export_from_time) {
      return Error::Validation(
          "Invalid Request: ExportFromTime must be provided in IncrementalExportSpecification");
    }
    const double from = *request.incremental->export_from_time;
    const double to = request.incremental->export_to_time.value_or(now);
    if (from < earliest) {
      return InvalidExportTime("Incremental export period from time cannot be less than the "
                               "table creation time : " + IsoSeconds(earliest));
    }
    if (to > now) {
      return InvalidExportTime("Incremental export period to time cannot be greater than the "
                               "current time : " + IsoSeconds(now));
    }
    if (to - from < kMinIncrementalSeconds) {
      return InvalidExportTime("Difference between export period from time and export period "
                               "to time is less than 15 minutes");
    }
    if (to - from > kMaxIncrementalSeconds) {
      return InvalidExportTime("Difference between export period from time and export period "
                               "to time is greater than 24 hours");
    }
    d.incremental = *request.incremental;
    d.incremental->export_to_time = to;
    d.export_time = 0;
  } else {
    // Without one, the export time is the start time (whole milliseconds).
    d.export_time = request.export_time.value_or(std::floor(now * 1000) / 1000);
    if (d.export_time < earliest || d.export_time > now) {
      return InvalidExportTime("Export Time is invalid");
    }
  }
  d.export_type = request.export_type.value_or("");
  std::lock_guard lock(jobs_mu_);
  // A ClientToken repeated with the same request answers the same export.
  if (request.client_token) {
    ListExportsResponse all = AllExports(context.database);
    for (const ExportDescription& earlier : all.exports) {
      if (earlier.client_token != *request.client_token) continue;
      if (now - earlier.start_time > 8 * 3600) continue;
      if (!SameRequest(earlier, request)) {
        return Error{ErrorCode::kExportConflictException,
                     "Export conflict: Duplicate request detected with conflicting parameters",
                     {}, {}};
      }
      return ExportResponse{earlier};
    }
  }
  const auto start_ms = static_cast<int64_t>(std::floor(now * 1000));
  d.export_arn = request.table_arn + "/export/" + NewTimedId(start_ms);
  d.start_time = static_cast<double>(start_ms) / 1000;
  d.table_arn = request.table_arn;
  d.table_id = table->table_uuid;
  d.client_token = request.client_token.value_or(NewTableUuid());
  d.s3_bucket = request.s3_bucket;
  d.s3_bucket_owner = request.s3_bucket_owner;
  d.s3_prefix = request.s3_prefix.value_or("");
  d.s3_sse_algorithm = request.s3_sse_algorithm.value_or("AES256");
  d.s3_sse_kms_key_id = request.s3_sse_kms_key_id;
  d.export_format = request.export_format.value_or("DYNAMODB_JSON");
  // Without an ExportTime the export holds every write acknowledged before
  // it was asked for (history times can run ahead of the clock by a few
  // microseconds, to stay strictly increasing).
  int64_t until = HistoryMicros(d.export_time);
  if (!request.export_time && !d.incremental) {
    std::lock_guard write_lock(write_mu_);
    until = std::max(HistoryMicros(now), last_history_micros_);
  }
  if (auto s = StoreExport(context.database, d); !s) return std::move(s).error();
  jobs_->Add([this, database = context.database, d, source = *table, until]() mutable {
    RunExport(database, std::move(d), source, until);
  });
  return ExportResponse{std::move(d)};
}

void Engine::RunExport(const std::string& database, ExportDescription d,
                       const TableDefinition& source, int64_t until_micros) {
  auto fail = [&](const Error& error) {
    d.export_status = "FAILED";
    d.failure_code = error.code == ErrorCode::kInternalServerError ? "InternalError"
                                                                   : std::string(WireName(error.code));
    d.failure_message = error.message;
  };
  if (auto s = WriteExport(source, d, until_micros); !s) fail(s.error());
  if (jobs_->stopping()) fail(Error::Internal("The server stopped during the export"));
  if (d.export_status == "IN_PROGRESS") d.export_status = "COMPLETED";
  if (d.end_time == 0) d.end_time = clock();
  std::lock_guard lock(jobs_mu_);
  (void)StoreExport(database, d);
}

Status Engine::WriteExport(const TableDefinition& source, ExportDescription& d,
                           int64_t until_micros) {
  auto writer = exchange_->OpenExport(d);
  if (!writer) return std::move(writer).error();
  uint64_t scratch = 0;
  {
    std::lock_guard lock(write_mu_);
    storage::WriteBatch batch;
    scratch = catalog_.AllocateTableId(batch);
    if (auto s = Commit(batch); !s) return s;
  }
  const std::string prefix = TablePrefix(scratch);
  auto drop_scratch = [&] {
    storage::WriteBatch batch;
    StageErase(storage::Space::kItems, prefix, batch);
    (void)Commit(batch);
  };
  // The table's point-in-time data must stay what it was while it is read:
  // recovery turned off (or the table deleted) meanwhile fails the export.
  auto unchanged = [&]() -> Status {
    std::lock_guard lock(write_mu_);
    for (const auto& [database, table] : catalog_.All()) {
      if (table->table_id == source.table_id &&
          table->point_in_time_base_id == source.point_in_time_base_id &&
          table->point_in_time_history_id == source.point_in_time_history_id) {
        return {};
      }
    }
    return Error::Validation("Point in time recovery was turned off, or the table deleted, "
                             "during the export");
  };
  if (auto s = unchanged(); !s) {
    drop_scratch();
    return s;
  }
  Status written = [&]() -> Status {
    if (!d.incremental) {
      if (auto s = CopyPointInTime(source, until_micros, scratch); !s) return s;
      auto cursor = store_.NewCursor(storage::Space::kItems, prefix, PrefixEnd(prefix));
      for (cursor->SeekToFirst(); cursor->Valid() && !jobs_->stopping(); cursor->Next()) {
        std::optional<Item> item = DecodeItem(cursor->value());
        if (!item) return Error::Internal("corrupt item in the export's copy");
        ExportLine line;
        line.item = &*item;
        if (auto s = (*writer)->Write(line); !s) return s;
      }
      if (auto s = cursor->status(); !s) return Error::Internal(s.error().message);
      return {};
    }
    // The last change of each item in (from, to], in item key order.
    const double from = *d.incremental->export_from_time;
    const double to = *d.incremental->export_to_time;
    if (auto s = CopyPointInTime(source, HistoryMicros(from), scratch); !s) return s;
    const std::string history = TablePrefix(source.point_in_time_history_id);
    std::string begin = history, end = history;
    AppendU64(static_cast<uint64_t>(std::floor(from * 1e6)) + 1, begin);
    AppendU64(static_cast<uint64_t>(std::floor(to * 1e6)) + 1, end);
    struct Change {
      int64_t micros = 0;
      std::string value;
    };
    std::map<std::string, Change> changes;  // item key without table id -> last change
    auto cursor = store_.NewCursor(storage::Space::kStreams, begin, end);
    for (cursor->SeekToFirst(); cursor->Valid(); cursor->Next()) {
      std::string_view key = cursor->key();
      Change& change = changes[std::string(key.substr(16))];
      change.micros = static_cast<int64_t>(ReadU64(key.substr(8, 8)));
      change.value = std::string(cursor->value());
    }
    if (auto s = cursor->status(); !s) return Error::Internal(s.error().message);
    const bool old_images = d.incremental->export_view_type == "NEW_AND_OLD_IMAGES";
    for (const auto& [item_key, change] : changes) {
      if (jobs_->stopping()) break;
      auto before = store_.Get(storage::Space::kItems, prefix + item_key);
      if (!before) return Error::Internal(before.error().message);
      std::optional<Item> old_item, new_item;
      if (*before) old_item = DecodeItem(**before);
      if (!change.value.empty() && change.value[0] == 'P') {
        new_item = DecodeItem(std::string_view(change.value).substr(1));
      }
      // Made and deleted within the period: no change to export.
      if (!old_item && !new_item) continue;
      Item keys = KeyOf(source, new_item ? *new_item : *old_item);
      ExportLine line;
      line.keys = &keys;
      line.new_image = new_item ? &*new_item : nullptr;
      line.old_image = old_images && old_item ? &*old_item : nullptr;
      line.write_micros = change.micros;
      if (auto s = (*writer)->Write(line); !s) return s;
    }
    return {};
  }();
  drop_scratch();
  if (!written) return written;
  if (auto s = unchanged(); !s) return s;
  d.end_time = clock();
  return (*writer)->Finish(d);
}

Result<ExportResponse> Engine::DescribeExport(const RequestContext& context,
                                              const DescribeExportRequest& request) {
  std::optional<std::string> id = TimedIdOf(request.export_arn, "/export/");
  if (!id) return Error::Validation("Invalid Export ARN");
  auto bytes = store_.Get(storage::Space::kCatalog, ExportPrefix(context.database) + *id);
  if (!bytes) return Error::Internal(bytes.error().message);
  if (!*bytes) return ExportNotFound(request.export_arn);
  std::optional<Item> record = DecodeItem(**bytes);
  if (!record) return Error::Internal("corrupt export record");
  ExportDescription d = ExportFromRecord(*record);
  if (d.export_arn != request.export_arn) return ExportNotFound(request.export_arn);
  return ExportResponse{std::move(d)};
}

ListExportsResponse Engine::AllExports(const std::string& database) {
  ListExportsResponse out;
  const std::string prefix = ExportPrefix(database);
  auto cursor = store_.NewCursor(storage::Space::kCatalog, prefix, PrefixEnd(prefix));
  for (cursor->SeekToFirst(); cursor->Valid(); cursor->Next()) {
    std::optional<Item> record = DecodeItem(cursor->value());
    if (record) out.exports.push_back(ExportFromRecord(*record));
  }
  return out;
}

Result<ListExportsResponse> Engine::ListExports(const RequestContext& context,
                                                const ListExportsRequest& request) {
  ListExportsResponse all = AllExports(context.database);
  // Newest first: ids begin with the start time.
  std::reverse(all.exports.begin(), all.exports.end());
  ListExportsResponse out;
  const auto limit = static_cast<std::size_t>(request.max_results.value_or(10));
  bool started = !request.next_token;
  for (ExportDescription& d : all.exports) {
    if (request.table_arn && d.table_arn != *request.table_arn) continue;
    if (!started) {
      started = d.export_arn == *request.next_token;
      continue;
    }
    if (out.exports.size() == limit) {
      out.next_token = out.exports.back().export_arn;
      break;
    }
    out.exports.push_back(std::move(d));
  }
  if (!started) {
    return Error::Validation("Invalid Request: Provided nextToken is invalid: " +
                             *request.next_token);
  }
  return out;
}

}  // namespace ddb
