// base/ascii.h
//
// Comparing protocol text without regard to case: HTTP field names, SigV4
// header names, PartiQL keywords. ASCII only, so no locale can change it.
#pragma once

#include <string_view>

namespace ddb {

constexpr char AsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
}

constexpr bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

}  // namespace ddb
