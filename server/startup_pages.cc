#include "server/startup_pages.h"

#include <sys/mman.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

namespace ddb::server {

void ReleaseStartupPages() {
  // /proc/self/maps: "start-end perms offset dev inode path"
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    std::istringstream fields(line);
    std::string range, perms, offset, dev, inode, path;
    fields >> range >> perms >> offset >> dev >> inode >> path;
    // Only private, read-only, executable mappings of files: code. (Never
    // data: a written private page would lose its contents.)
    if (perms != "r-xp" || path.empty() || path[0] != '/') continue;
    std::size_t dash = range.find('-');
    uintptr_t start = std::stoull(range.substr(0, dash), nullptr, 16);
    uintptr_t end = std::stoull(range.substr(dash + 1), nullptr, 16);
    madvise(reinterpret_cast<void*>(start), end - start, MADV_DONTNEED);
  }
}

}  // namespace ddb::server
