#include "engine/stream_records.h"

#include <charconv>
#include <cstdio>

#include "engine/item_key.h"
#include "engine/key_codec.h"
#include "model/item_codec.h"
#include "model/number.h"

namespace ddb {
namespace {

constexpr std::size_t kSequenceDigits = 21;

AttributeValue Int(int64_t v) { return AttributeValue::N(*Number::Parse(std::to_string(v))); }

int64_t IntOf(const AttributeValue& v) {
  if (v.type() != Type::kN) return 0;
  int64_t out = 0;
  std::string text = v.n().ToString();
  std::from_chars(text.data(), text.data() + text.size(), out);
  return out;
}

}  // namespace

std::optional<std::string> EncodeStreamRecord(const TableDefinition& table,
                                              const std::string& view_type,
                                              const std::optional<Item>& old_item,
                                              const std::optional<Item>& new_item,
                                              int64_t time_ms, bool by_ttl) {
  if (!old_item && !new_item) return std::nullopt;
  if (old_item && new_item && *old_item == *new_item) return std::nullopt;
  const StreamEvent event = !old_item ? StreamEvent::kInsert
                            : new_item ? StreamEvent::kModify
                                       : StreamEvent::kRemove;
  const bool keeps_new = view_type == "NEW_IMAGE" || view_type == "NEW_AND_OLD_IMAGES";
  const bool keeps_old = view_type == "OLD_IMAGE" || view_type == "NEW_AND_OLD_IMAGES";
  const Item* new_image = keeps_new && new_item ? &*new_item : nullptr;
  const Item* old_image = keeps_old && old_item ? &*old_item : nullptr;
  // The images are written from the items themselves, not copied first:
  // this runs for every write to a table with a stream.
  std::string out;
  AppendItemStart(3 + (new_image ? 1 : 0) + (old_image ? 1 : 0) + (by_ttl ? 1 : 0), out);
  AppendMember("E", Int(static_cast<int64_t>(event)), out);
  AppendMapMember("K", KeyOf(table, new_item ? *new_item : *old_item), out);
  if (new_image) AppendMapMember("N", *new_image, out);
  if (old_image) AppendMapMember("O", *old_image, out);
  AppendMember("T", Int(time_ms), out);
  if (by_ttl) AppendMember("U", AttributeValue::Bool(true), out);
  return out;
}

std::optional<StoredStreamRecord> DecodeStreamRecord(std::string_view bytes) {
  std::optional<Item> m = DecodeItem(bytes);
  if (!m) return std::nullopt;
  auto field = [&](const char* name) -> const AttributeValue* {
    auto it = m->find(name);
    return it == m->end() ? nullptr : &it->second;
  };
  const AttributeValue* event = field("E");
  const AttributeValue* time = field("T");
  const AttributeValue* keys = field("K");
  if (!event || !time || !keys || keys->type() != Type::kM) return std::nullopt;
  int64_t e = IntOf(*event);
  if (e < 1 || e > 3) return std::nullopt;
  StoredStreamRecord record;
  record.event = static_cast<StreamEvent>(e);
  record.time_ms = IntOf(*time);
  record.keys = keys->m();
  if (const AttributeValue* n = field("N"); n && n->type() == Type::kM) record.new_image = n->m();
  if (const AttributeValue* o = field("O"); o && o->type() == Type::kM) record.old_image = o->m();
  record.by_ttl = field("U") != nullptr;
  return record;
}

std::string StreamRecordKey(uint64_t table_id, uint64_t sequence) {
  std::string key = TablePrefix(table_id);
  AppendU64(sequence, key);
  return key;
}

uint64_t SequenceOfKey(std::string_view key) { return ReadU64(key.substr(8)); }

std::string SequenceNumberText(uint64_t sequence) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%0*llu", static_cast<int>(kSequenceDigits),
                static_cast<unsigned long long>(sequence));
  return buffer;
}

std::optional<uint64_t> ParseSequenceNumber(std::string_view text) {
  if (text.empty() || text.size() > 40) return std::nullopt;
  // Leading zeros of our own format, then a number that fits.
  std::size_t first = text.find_first_not_of('0');
  if (first == std::string_view::npos) return 0;
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data() + first, text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string_view EventName(StreamEvent event) {
  switch (event) {
    case StreamEvent::kInsert: return "INSERT";
    case StreamEvent::kModify: return "MODIFY";
    case StreamEvent::kRemove: return "REMOVE";
  }
  return "INSERT";
}

}  // namespace ddb
