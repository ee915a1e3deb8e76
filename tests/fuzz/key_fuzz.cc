// libFuzzer target: key encoding (engine/key_codec.h). Any bytes read as a
// key value of each type give a value or false. Values made from the input
// ("a|b": two strings, two binaries and, when both parse, two numbers) come
// back unchanged from their encoding, and memcmp orders two encodings as
// DynamoDB orders the values -- the property every Query range rests on.
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "engine/key_codec.h"

namespace {

using namespace ddb;

int Sign(int c) { return (c > 0) - (c < 0); }
int Sign(std::strong_ordering o) { return o < 0 ? -1 : o > 0 ? 1 : 0; }

void CheckPair(const AttributeValue& x, const AttributeValue& y, int expected_order) {
  std::string ex, ey;
  AppendKeyValue(x, ex);
  AppendKeyValue(y, ey);
  for (const auto* pair : {&x, &y}) {
    std::string encoded;
    AppendKeyValue(*pair, encoded);
    std::string_view rest = encoded;
    AttributeValue back;
    if (!ReadKeyValue(pair->type(), rest, back) || !rest.empty() || back != *pair) std::abort();
  }
  if (Sign(ex.compare(ey)) != expected_order) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  for (Type type : {Type::kS, Type::kN, Type::kB}) {
    std::string_view rest = input;
    AttributeValue value;
    while (!rest.empty() && ReadKeyValue(type, rest, value)) {
    }
  }
  std::size_t bar = input.find('|');
  std::string a(input.substr(0, bar));
  std::string b(bar == std::string_view::npos ? "" : input.substr(bar + 1));
  int bytes_order = Sign(a.compare(b));
  CheckPair(AttributeValue::S(a), AttributeValue::S(b), bytes_order);
  CheckPair(AttributeValue::B(a), AttributeValue::B(b), bytes_order);
  auto na = Number::Parse(a), nb = Number::Parse(b);
  if (na && nb) {
    CheckPair(AttributeValue::N(*na), AttributeValue::N(*nb), Sign(*na <=> *nb));
  }
  return 0;
}
