// engine/stream_records.h
//
// Stream records as stored: one per changed item, written in the same
// storage batch as the change itself, so a write and its record are durable
// together or not at all.
//
// Space::kStreams
//   table_id:u64 sequence:u64  -> EncodeItem(record)
//
//   record := { "E": N(1 INSERT | 2 MODIFY | 3 REMOVE),
//               "T": N(epoch milliseconds),
//               "K": M(the item's key attributes),
//               ["N": M(new image)], ["O": M(old image)],   -- as the view type keeps
//               ["U": BOOL(true)] }                         -- deleted by TTL
//
// Space::kCatalog
//   "Q" -> next_sequence:u64
//   "P" consumer -> position:u64      -- where a local trigger reads next
//
// Sequence numbers come from one counter for the whole store, so they
// increase across every table and every stream; a table's records sort by
// it. A stream of the table (model/table.h TableStream) owns the records in
// its range of sequence numbers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/attribute_value.h"
#include "model/table.h"

namespace ddb {

enum class StreamEvent : uint8_t { kInsert = 1, kModify = 2, kRemove = 3 };

struct StoredStreamRecord {
  StreamEvent event = StreamEvent::kInsert;
  int64_t time_ms = 0;
  Item keys;
  std::optional<Item> new_image;
  std::optional<Item> old_image;
  bool by_ttl = false;
};

// The stored record of a change of one item, or nullopt when nothing
// changed (an identical put, deleting a missing item). It keeps the images
// `view_type` asks for. Its bytes are an item (model/item_codec.h) whose
// members are, in this order:
//
//   E  N   the event: 1 INSERT, 2 MODIFY, 3 REMOVE
//   K  M   the item's key attributes
//   N  M   the new image (NEW_IMAGE, NEW_AND_OLD_IMAGES), when there is one
//   O  M   the old image (OLD_IMAGE, NEW_AND_OLD_IMAGES), when there is one
//   T  N   when, in milliseconds since the epoch
//   U  BOOL  true, present only for a deletion by TTL
std::optional<std::string> EncodeStreamRecord(const TableDefinition& table,
                                              const std::string& view_type,
                                              const std::optional<Item>& old_item,
                                              const std::optional<Item>& new_item,
                                              int64_t time_ms, bool by_ttl);
std::optional<StoredStreamRecord> DecodeStreamRecord(std::string_view bytes);

std::string StreamRecordKey(uint64_t table_id, uint64_t sequence);
// The sequence number of a key of Space::kStreams.
uint64_t SequenceOfKey(std::string_view key);

inline constexpr std::string_view kNextSequenceKey = "Q";
inline constexpr std::string_view kPositionPrefix = "P";

// DynamoDB's SequenceNumber: a decimal string, here always 21 digits so that
// comparing strings agrees with comparing numbers.
std::string SequenceNumberText(uint64_t sequence);
std::optional<uint64_t> ParseSequenceNumber(std::string_view text);

std::string_view EventName(StreamEvent event);

}  // namespace ddb
