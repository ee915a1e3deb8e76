// libFuzzer target: attribute values. An item that decodes from a request
// body ({"Item": {...}}) must come back unchanged from both of its encodings:
// the JSON clients are answered with, and the bytes it is stored as
// (model/item_codec.h). Any bytes given to the stored-item decoder give an
// item or nothing -- never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "model/item_codec.h"
#include "protocol/attribute_value_json.h"
#include "protocol/json_reader.h"
#include "protocol/json_writer.h"

namespace {

using namespace ddb;

// The item of `{"Item": ...}`, or nothing.
std::optional<Item> ItemOf(std::string_view body) {
  auto object = protocol::ParseBody(body);
  if (!object) return std::nullopt;
  auto member = protocol::Member(*object, "Item");
  if (!member) return std::nullopt;
  auto item = protocol::DecodeItem(*member);
  if (!item) return std::nullopt;
  return *std::move(item);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  (void)ddb::DecodeItem(input);  // as if it were stored bytes
  std::optional<Item> item = ItemOf(input);
  if (!item) return 0;

  protocol::JsonWriter json;
  protocol::EncodeItem(*item, json);
  std::optional<Item> from_json = ItemOf("{\"Item\":" + std::move(json).Take() + "}");
  if (!from_json || *from_json != *item) std::abort();

  std::optional<Item> from_storage = ddb::DecodeItem(ddb::EncodeItem(*item));
  if (!from_storage || *from_storage != *item) std::abort();
  return 0;
}
