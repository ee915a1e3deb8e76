#include <algorithm>

#include "engine/expr/ast.h"

namespace ddb::expr {

std::string PathList(const Path& path) {
  std::string out = "[";
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (i > 0) out += ", ";
    out += path[i].is_index ? "[" + std::to_string(path[i].index) + "]" : path[i].name;
  }
  return out + "]";
}

std::optional<std::string> PathClash(const Path& one, const Path& two) {
  auto [a, b] = std::mismatch(one.begin(), one.end(), two.begin(), two.end());
  const char* clash = nullptr;
  if (a == one.end() || b == two.end()) {
    clash = "overlap";
  } else if (a->is_index != b->is_index) {
    clash = "conflict";
  } else {
    return std::nullopt;
  }
  return "Two document paths " + std::string(clash) + " with each other; must remove or "
         "rewrite one of these paths; path one: " + PathList(one) + ", path two: " +
         PathList(two);
}

}  // namespace ddb::expr
