# Warnings apply to our own targets only (third-party headers come in as
# system includes through imported targets). Warnings are errors.
add_library(ddb_warnings INTERFACE)
target_compile_options(ddb_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Woverloaded-virtual -Werror
  # GCC 12 at -O3 reports std::string concatenations as overlapping memcpy
  # (GCC bug 105329, a false positive).
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)
