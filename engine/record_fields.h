// engine/record_fields.h
//
// The fields of a catalog record kept as an Item (EncodeItem'd): strings as
// S, numbers as N. Absent or mistyped fields read as empty or zero.
// Internal to engine/.
#pragma once

#include <cstdio>
#include <optional>
#include <string>

#include "model/attribute_value.h"

namespace ddb::record {

inline void PutS(Item& r, const char* name, const std::string& value) {
  r[name] = AttributeValue::S(value);
}
inline void PutS(Item& r, const char* name, const std::optional<std::string>& value) {
  if (value) PutS(r, name, *value);
}
inline void PutN(Item& r, const char* name, double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.6f", value);
  r[name] = AttributeValue::N(*Number::Parse(text));
}
inline void PutN(Item& r, const char* name, int64_t value) {
  r[name] = AttributeValue::N(*Number::Parse(std::to_string(value)));
}

inline std::optional<std::string> OptS(const Item& r, const char* name) {
  auto it = r.find(name);
  if (it == r.end() || it->second.type() != Type::kS) return std::nullopt;
  return it->second.s();
}
inline std::string GetS(const Item& r, const char* name) { return OptS(r, name).value_or(""); }
inline double GetN(const Item& r, const char* name) {
  auto it = r.find(name);
  if (it == r.end() || it->second.type() != Type::kN) return 0;
  return std::stod(it->second.n().ToString());
}
inline int64_t GetInt(const Item& r, const char* name) {
  auto it = r.find(name);
  if (it == r.end() || it->second.type() != Type::kN) return 0;
  return std::stoll(it->second.n().ToString());
}

}  // namespace ddb::record
