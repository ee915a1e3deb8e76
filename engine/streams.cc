// The DynamoDB Streams API, and the staging of stream records by every write
// path. A table's stream has one shard, open while the stream is enabled and
// closed when it is disabled; its records are the table's records in the
// stream's range of sequence numbers (engine/stream_records.h).
//
// A shard iterator names its stream and the next sequence number to read:
//
//   iterator := stream_arn "|1|" position:decimal "|" issued:epoch_ms
#include <algorithm>
#include <charconv>
#include <cstdio>

#include "engine/engine.h"
#include "engine/key_codec.h"
#include "engine/stream_records.h"
#include "model/item_codec.h"

namespace ddb {
namespace {

constexpr int64_t kIteratorMillis = 15 * 60 * 1000;
constexpr int64_t kMaxGetRecords = 1000;
constexpr std::size_t kMaxRecordsBytes = 1024 * 1024;
constexpr int64_t kMaxListStreams = 100;

std::string StreamArn(const TableDefinition& table, const TableStream& stream,
                      const RequestContext& context) {
  return TableArn(table, context.region) + "/stream/" + stream.label;
}

uint64_t Mix(uint64_t x) {  // splitmix64's finalizer: spreads bits, deterministic
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// "shardId-" 20 digits (the stream's creation, epoch milliseconds) "-" 8 hex.
std::string ShardIdOf(const TableDefinition& table, const TableStream& stream) {
  auto created = static_cast<unsigned long long>(stream.created * 1000.0);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "shardId-%020llu-%08llx", created,
                static_cast<unsigned long long>(Mix(table.table_id ^ Mix(created)) & 0xffffffffULL));
  return buffer;
}

// A 32-hex-digit eventID, the same every time a record is read.
std::string EventIdOf(uint64_t table_id, uint64_t sequence) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%016llx%016llx",
                static_cast<unsigned long long>(Mix(table_id ^ Mix(sequence))),
                static_cast<unsigned long long>(Mix(sequence ^ Mix(table_id + 1))));
  return buffer;
}


Error Trimmed() {
  return {ErrorCode::kTrimmedDataAccessException,
          "The data you are trying to access has been trimmed", {}, {}};
}

Error StreamNotFound(const std::string& arn) {
  return Error::ResourceNotFound("Requested resource not found: Stream: " + arn + " not found");
}

std::optional<uint64_t> ParseDecimal(std::string_view text) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

struct Iterator {
  std::string stream_arn;
  uint64_t position = 0;
  int64_t issued_ms = 0;
};

std::string EncodeIterator(const Iterator& it) {
  return it.stream_arn + "|1|" + std::to_string(it.position) + "|" + std::to_string(it.issued_ms);
}

std::optional<Iterator> DecodeIterator(const std::string& text) {
  std::size_t issued_at = text.rfind('|');
  if (issued_at == std::string::npos || issued_at == 0) return std::nullopt;
  std::size_t position_at = text.rfind('|', issued_at - 1);
  if (position_at == std::string::npos || position_at < 2) return std::nullopt;
  if (text.compare(position_at - 2, 2, "|1") != 0) return std::nullopt;
  Iterator it;
  it.stream_arn = text.substr(0, position_at - 2);
  auto position = ParseDecimal(std::string_view(text).substr(position_at + 1,
                                                             issued_at - position_at - 1));
  auto issued = ParseDecimal(std::string_view(text).substr(issued_at + 1));
  // (An issued time past int64 would overflow the expiry check.)
  if (!position || !issued || *issued > static_cast<uint64_t>(INT64_MAX) ||
      it.stream_arn.find(":table/") == std::string::npos) {
    return std::nullopt;
  }
  it.position = *position;
  it.issued_ms = static_cast<int64_t>(*issued);
  return it;
}

}  // namespace

Status Engine::LoadNextSequence() {
  auto stored = store_.Get(storage::Space::kCatalog, kNextSequenceKey);
  if (!stored) return Error::Internal(stored.error().message);
  if (*stored && (*stored)->size() == 8) next_sequence_ = ReadU64(**stored);
  return {};
}

void Engine::StageStreamRecord(const TableDefinition& table, const std::optional<Item>& old_item,
                               const std::optional<Item>& new_item, storage::WriteBatch& batch,
                               bool by_ttl) {
  StageHistory(table, old_item, new_item, batch);
  if (!table.HasOpenStream()) return;
  std::optional<std::string> record =
      EncodeStreamRecord(table, table.streams.back().view_type, old_item, new_item,
                         static_cast<int64_t>(clock() * 1000.0), by_ttl);
  if (!record) return;
  batch.Put(storage::Space::kStreams, StreamRecordKey(table.table_id, next_sequence_),
            *std::move(record));
  ++next_sequence_;
  std::string counter;
  AppendU64(next_sequence_, counter);
  batch.Put(storage::Space::kCatalog, std::string(kNextSequenceKey), std::move(counter));
}

Result<Engine::FoundStream> Engine::FindStream(const RequestContext& context,
                                               const std::string& stream_arn) {
  std::size_t at = stream_arn.find("/stream/");
  if (!stream_arn.starts_with("arn:aws:dynamodb:") || at == std::string::npos) {
    return StreamNotFound(stream_arn);
  }
  // The live table's streams, then those of deleted tables of that name.
  std::vector<TablePtr> tables;
  const std::string name = TableNameOf(stream_arn.substr(0, at));
  // A DELETING table's streams are its retired copy's.
  TablePtr live = catalog_.Find(context.database, name);
  if (live && live->table_status != "DELETING") tables.push_back(live);
  for (const TablePtr& table : catalog_.Retired(context.database)) {
    if (table->table_name == name) tables.push_back(table);
  }
  const std::string label = stream_arn.substr(at + 8);
  const double now = clock();
  for (const TablePtr& table : tables) {
    for (const TableStream& stream : table->streams) {
      if (stream.label == label && stream.KeptAt(now) &&
          StreamArn(*table, stream, context) == stream_arn) {
        return FoundStream{table, &stream};
      }
    }
  }
  return StreamNotFound(stream_arn);
}

Result<ListStreamsResponse> Engine::ListStreams(const RequestContext& context,
                                                const ListStreamsRequest& request) {
  std::vector<TablePtr> tables;
  if (request.table_name) {
    // An unknown table has no streams (as DynamoDB Local answers).
    if (TablePtr table = catalog_.Find(context.database, *request.table_name)) {
      tables.push_back(table);
    }
  } else {
    tables = catalog_.List(context.database);
  }
  // A DELETING table's streams are listed through its retired copy.
  std::erase_if(tables, [](const TablePtr& t) { return t->table_status == "DELETING"; });
  // Deleted tables' streams stay listed while they are kept.
  for (const TablePtr& table : catalog_.Retired(context.database)) {
    if (!request.table_name || TableNameOf(*request.table_name) == table->table_name) {
      tables.push_back(table);
    }
  }
  const double now = clock();
  std::vector<StreamSummary> all;
  for (const TablePtr& table : tables) {
    // By table name, and a table's newest stream first.
    for (auto stream = table->streams.rbegin(); stream != table->streams.rend(); ++stream) {
      if (!stream->KeptAt(now)) continue;
      all.push_back({StreamArn(*table, *stream, context), table->table_name, stream->label});
    }
  }
  ListStreamsResponse response;
  auto it = all.begin();
  if (request.exclusive_start_stream_arn) {
    auto start = std::find_if(all.begin(), all.end(), [&](const StreamSummary& s) {
      return s.stream_arn == *request.exclusive_start_stream_arn;
    });
    if (start != all.end()) it = std::next(start);  // an unknown one is ignored
  }
  const int64_t limit = request.limit.value_or(kMaxListStreams);
  for (; it != all.end(); ++it) {
    if (static_cast<int64_t>(response.streams.size()) == limit) {
      response.last_evaluated_stream_arn = response.streams.back().stream_arn;
      break;
    }
    response.streams.push_back(*it);
  }
  return response;
}

Result<DescribeStreamResponse> Engine::DescribeStream(const RequestContext& context,
                                                      const DescribeStreamRequest& request) {
  auto found = FindStream(context, request.stream_arn);
  if (!found) return std::move(found).error();
  const TableDefinition& table = *found->table;
  const TableStream& stream = *found->stream;
  DescribeStreamResponse response;
  StreamDescription& d = response.stream_description;
  d.stream_arn = request.stream_arn;
  d.stream_label = stream.label;
  d.stream_status = stream.open() ? "ENABLED" : "DISABLED";
  d.stream_view_type = stream.view_type;
  d.creation_request_date_time = stream.created;
  d.table_name = table.table_name;
  d.key_schema = table.key_schema;
  Shard shard{ShardIdOf(table, stream), SequenceNumberText(stream.first_sequence)};
  if (!stream.open()) {
    shard.ending_sequence_number =
        SequenceNumberText(std::max(stream.first_sequence, stream.end_sequence - 1));
  }
  if (!request.exclusive_start_shard_id || *request.exclusive_start_shard_id < shard.shard_id) {
    d.shards.push_back(std::move(shard));
  }
  return response;
}

Result<GetShardIteratorResponse> Engine::GetShardIterator(const RequestContext& context,
                                                          const GetShardIteratorRequest& request) {
  auto found = FindStream(context, request.stream_arn);
  if (!found) return std::move(found).error();
  const TableStream& stream = *found->stream;
  if (request.shard_id != ShardIdOf(*found->table, stream)) {
    return Error::ResourceNotFound("Requested resource not found: Shard does not exist");
  }
  const std::string& type = request.shard_iterator_type;
  const bool by_number = type == "AT_SEQUENCE_NUMBER" || type == "AFTER_SEQUENCE_NUMBER";
  if (by_number && !request.sequence_number) {
    return Error::InvalidParameter("Invalid SequenceNumber");
  }
  if (!by_number && request.sequence_number) {
    return Error::InvalidParameter("SequenceNumber should not be passed for this iterator type");
  }
  auto end = StreamStart(context, request.stream_arn, /*latest=*/true);
  if (!end) return std::move(end).error();
  uint64_t horizon = std::max(stream.first_sequence, TrimHorizon(found->table->table_id));
  Iterator it{request.stream_arn, 0, static_cast<int64_t>(clock() * 1000.0)};
  if (type == "TRIM_HORIZON") {
    it.position = horizon;
  } else if (type == "LATEST") {
    it.position = *end;
  } else {
    auto number = ParseSequenceNumber(*request.sequence_number);
    if (!number || *number < stream.first_sequence || *number >= std::max(*end, stream.first_sequence + 1)) {
      return Error::Validation("Invalid SequenceNumber for the shard");
    }
    if (*number < horizon) return Trimmed();
    it.position = type == "AT_SEQUENCE_NUMBER" ? *number : *number + 1;
  }
  return GetShardIteratorResponse{EncodeIterator(it)};
}

Result<GetRecordsResponse> Engine::GetRecords(const RequestContext& context,
                                              const GetRecordsRequest& request) {
  auto it = DecodeIterator(request.shard_iterator);
  if (!it) return Error::Validation("Invalid ShardIterator");
  const int64_t now_ms = static_cast<int64_t>(clock() * 1000.0);
  if (it->issued_ms > now_ms || now_ms - it->issued_ms > kIteratorMillis) {
    return Error{ErrorCode::kExpiredIteratorException,
                 "The provided iterator exceeds the maximum age allowed.", {}, {}};
  }
  auto page = ReadStream(context, it->stream_arn, it->position,
                         request.limit.value_or(kMaxGetRecords));
  if (!page) return std::move(page).error();
  GetRecordsResponse response;
  response.records = std::move(page->records);
  // A closed shard read to its end has no next iterator.
  if (!page->ended) {
    response.next_shard_iterator = EncodeIterator({it->stream_arn, page->next_position, now_ms});
  }
  return response;
}

Result<Engine::StreamPage> Engine::ReadStream(const RequestContext& context,
                                              const std::string& stream_arn, uint64_t position,
                                              int64_t limit) {
  auto found = FindStream(context, stream_arn);
  if (!found) return std::move(found).error();
  const TableDefinition& table = *found->table;
  const TableStream& stream = *found->stream;
  if (position < TrimHorizon(table.table_id)) return Trimmed();
  // Only this stream's records, whatever position an iterator names.
  position = std::max(position, stream.first_sequence);
  if (!stream.open() && position >= stream.end_sequence) {
    StreamPage ended;
    ended.next_position = position;
    ended.ended = true;
    return ended;
  }
  std::string upper = stream.open() ? PrefixEnd(TablePrefix(table.table_id))
                                     : StreamRecordKey(table.table_id, stream.end_sequence);
  auto cursor = store_.NewCursor(storage::Space::kStreams,
                                 StreamRecordKey(table.table_id, position), upper);
  StreamPage page;
  page.next_position = position;
  std::size_t bytes = 0;
  bool more = false;  // records left past this page
  for (cursor->SeekToFirst(); cursor->Valid(); cursor->Next()) {
    if (static_cast<int64_t>(page.records.size()) == limit || bytes >= kMaxRecordsBytes) {
      more = true;
      break;
    }
    auto stored = DecodeStreamRecord(cursor->value());
    if (!stored) return Error::Internal("corrupt stream record");
    uint64_t sequence = SequenceOfKey(cursor->key());
    StreamRecord r;
    r.event_id = EventIdOf(table.table_id, sequence);
    r.event_name = std::string(EventName(stored->event));
    r.aws_region = table.region.empty() ? context.region : table.region;
    r.approximate_creation_date_time = static_cast<double>(stored->time_ms / 1000);
    r.keys = std::move(stored->keys);
    r.new_image = std::move(stored->new_image);
    r.old_image = std::move(stored->old_image);
    r.sequence_number = SequenceNumberText(sequence);
    r.size_bytes = ItemSize(r.keys) + (r.new_image ? ItemSize(*r.new_image) : 0) +
                   (r.old_image ? ItemSize(*r.old_image) : 0);
    r.stream_view_type = stream.view_type;
    r.by_ttl = stored->by_ttl;
    bytes += r.size_bytes;
    page.next_position = sequence + 1;
    page.records.push_back(std::move(r));
  }
  if (auto s = cursor->status(); !s) return Error::Internal(s.error().message);
  page.ended = !stream.open() && !more;
  return page;
}

Result<uint64_t> Engine::StreamStart(const RequestContext& context, const std::string& stream_arn,
                                     bool latest) {
  auto found = FindStream(context, stream_arn);
  if (!found) return std::move(found).error();
  const TableStream& stream = *found->stream;
  if (!latest) return std::max(stream.first_sequence, TrimHorizon(found->table->table_id));
  if (!stream.open()) return stream.end_sequence;
  std::lock_guard lock(write_mu_);
  return next_sequence_;
}

std::vector<std::pair<RequestContext, std::string>> Engine::OpenStreams(
    const std::string& table_name) {
  std::vector<std::pair<RequestContext, std::string>> out;
  for (const auto& [database, table] : catalog_.All()) {
    if (table->table_name != table_name || !table->HasOpenStream()) continue;
    RequestContext context{database, table->region};
    out.emplace_back(context, StreamArn(*table, table->streams.back(), context));
  }
  return out;
}

Result<std::optional<uint64_t>> Engine::LoadPosition(const std::string& consumer) {
  auto stored = store_.Get(storage::Space::kCatalog, std::string(kPositionPrefix) + consumer);
  if (!stored) return Error::Internal(stored.error().message);
  if (!*stored || (*stored)->size() != 8) return std::optional<uint64_t>();
  return std::optional<uint64_t>(ReadU64(**stored));
}

Status Engine::SavePosition(const std::string& consumer, uint64_t position) {
  storage::WriteBatch batch;
  std::string value;
  AppendU64(position, value);
  batch.Put(storage::Space::kCatalog, std::string(kPositionPrefix) + consumer, std::move(value));
  return Commit(batch);
}

uint64_t Engine::TrimHorizon(uint64_t table_id) const {
  std::lock_guard lock(trim_mu_);
  auto it = trim_horizons_.find(table_id);
  return it == trim_horizons_.end() ? 0 : it->second;
}

}  // namespace ddb
