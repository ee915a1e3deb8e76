#include "protocol/json_writer.h"

#include <cmath>
#include <cstdio>

namespace ddb::protocol {

void JsonWriter::Separate() {
  if (need_comma_) out_ += ',';
  need_comma_ = false;
}

JsonWriter& JsonWriter::Open(char c) {
  Separate();
  out_ += c;
  return *this;
}

JsonWriter& JsonWriter::Close(char c) {
  out_ += c;
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view name) {
  String(name);
  out_ += ':';
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view value) {
  Separate();
  out_ += '"';
  for (char c : value) {
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      case '\b': out_ += "\\b"; break;
      case '\f': out_ += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned char>(c));
          out_ += buffer;
        } else {
          out_ += c;
        }
    }
  }
  out_ += '"';
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) { return RawNumber(value ? "true" : "false"); }
JsonWriter& JsonWriter::Null() { return RawNumber("null"); }
JsonWriter& JsonWriter::Int(int64_t value) { return RawNumber(std::to_string(value)); }

JsonWriter& JsonWriter::RawNumber(std::string_view text) {
  Separate();
  out_ += text;
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::EpochSeconds(double seconds) {
  // Millisecond precision, like DynamoDB's own timestamps.
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.3f", std::round(seconds * 1000.0) / 1000.0);
  return RawNumber(buffer);
}

}  // namespace ddb::protocol
