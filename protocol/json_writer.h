// protocol/json_writer.h
//
// JsonWriter: builds compact JSON text. simdjson only reads, so responses are
// written with this. The caller is responsible for well-formed nesting
// (Key() before each value inside an object); strings are escaped here.
#pragma once

#include <cstdint>
#include <cstring>
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
  // {"<type>":"<value>"}: an attribute value of a string-like type, in one
  // step (the bulk of every item written).
  JsonWriter& TypedString(std::string_view type, std::string_view value);
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
  void Reserve(std::size_t bytes) {
    if (bytes > out_.size()) out_.resize(bytes);
  }

  std::string Take() && {
    out_.resize(used_);
    used_ = 0;
    return std::move(out_);
  }

 private:
  JsonWriter& Open(char c);
  JsonWriter& Close(char c);
  void Separate() {
    if (need_comma_) Put(',');
    need_comma_ = false;
  }
  // The text is the first used_ bytes of out_; the rest is room to write
  // into, so that a write checks for room once rather than per character.
  char* Room(std::size_t n) {
    if (out_.size() - used_ < n) Grow(n);
    return out_.data() + used_;
  }
  void Grow(std::size_t n);
  void Put(char c) {
    *Room(1) = c;
    ++used_;
  }
  void Put(std::string_view text) {
    std::memcpy(Room(text.size()), text.data(), text.size());
    used_ += text.size();
  }
  void Quoted(std::string_view value);
  void Escaped(std::string_view value);

  std::string out_;
  std::size_t used_ = 0;
  bool need_comma_ = false;
};

}  // namespace ddb::protocol
