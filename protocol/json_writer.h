// protocol/json_writer.h
//
// JsonWriter: builds compact JSON text. simdjson only reads, so responses are
// written with this. The caller is responsible for well-formed nesting
// (Key() before each value inside an object); strings are escaped here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ddb::protocol {

class JsonWriter {
 public:
  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  JsonWriter& Key(std::string_view name);
  // A key known to need no escaping (a member name of the API).
  JsonWriter& PlainKey(std::string_view name);
  JsonWriter& String(std::string_view value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  JsonWriter& Int(int64_t value);
  // A number written as given (already valid JSON number text).
  JsonWriter& RawNumber(std::string_view text);
  // Any value written as given (already valid, minified JSON).
  JsonWriter& Raw(std::string_view json) { return RawNumber(json); }
  // An epoch time in seconds, as DynamoDB writes it: 1.700000000123E9.
  JsonWriter& EpochSeconds(double seconds);

  // Capacity for a response of about `bytes`, to spare regrowing.
  void Reserve(std::size_t bytes) { out_.reserve(bytes); }

  std::string Take() && { return std::move(out_); }
  const std::string& text() const { return out_; }

 private:
  JsonWriter& Open(char c);
  JsonWriter& Close(char c);
  void Separate();
  void Escape(unsigned char c);

  std::string out_;
  bool need_comma_ = false;
};

}  // namespace ddb::protocol
