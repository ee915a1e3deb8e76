// libFuzzer target: Ion text lines of ION imports (exchange/ion.h). Any line
// gives items or an error -- never a crash -- and every item it gives comes
// back unchanged through the ION export writer.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "exchange/ion.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view line(reinterpret_cast<const char*>(data), size);
  auto items = ddb::exchange::ParseIonItemLine(line);
  if (!items) return 0;
  for (const ddb::Item& item : *items) {
    auto again = ddb::exchange::ParseIonItemLine(ddb::exchange::IonItemLine(item));
    if (!again || again->size() != 1 || again->front() != item) std::abort();
  }
  return 0;
}
