// server/startup_pages.h
//
// Start-up touches far more code than serving does: RocksDB's static
// initializers and option registries, the catalog load, and the kernel's
// fault-around read most of the executable's 8 MB of text into memory, where
// it would stay, counted in the idle footprint, without ever running again.
#pragma once

namespace ddb::server {

// Drops this process's mappings of unmodified executable code (its own text
// and its libraries'). Pages it still needs come back on first use from the
// page cache, as a minor fault; nothing is lost, since code pages are never
// written. Call once, when start-up is over. Best effort: errors are ignored.
void ReleaseStartupPages();

}  // namespace ddb::server
