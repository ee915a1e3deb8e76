#include "engine/stream_label.h"

#include <cstdint>
#include <cstdio>
#include <ctime>

namespace ddb {

std::string StreamLabel(double epoch_seconds) {
  auto millis = static_cast<int64_t>(epoch_seconds * 1000.0);
  auto whole = static_cast<std::time_t>(millis / 1000);
  std::tm tm{};
  gmtime_r(&whole, &tm);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03d", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(millis % 1000));
  return buffer;
}

}  // namespace ddb
