// server/number_flag.h
//
// The value of a numeric command-line flag or trigger-spec key: the whole
// text a number in [min, max] (never NaN), or nothing.
#pragma once

#include <charconv>
#include <string>

namespace ddb::server {

template <typename T>
bool ParseNumber(const std::string& text, T min, T max, T& out) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      !(value >= min && value <= max)) {
    return false;
  }
  out = value;
  return true;
}

}  // namespace ddb::server
