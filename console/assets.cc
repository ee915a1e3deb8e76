#include "console/assets.h"

namespace ddb::console {
namespace {

constexpr std::string_view kPrefix = "/console";

std::string_view ContentType(std::string_view name) {
  if (name.ends_with(".html")) return "text/html; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  return "application/octet-stream";
}

std::string_view WithoutQuery(std::string_view target) {
  return target.substr(0, target.find_first_of("?#"));
}

}  // namespace

bool IsConsolePath(std::string_view target) {
  std::string_view path = WithoutQuery(target);
  return path == kPrefix || path.starts_with("/console/");
}

bool FindAsset(std::string_view target, Asset& out) {
  if (!IsConsolePath(target)) return false;
  std::string_view name = WithoutQuery(target).substr(kPrefix.size());
  if (!name.empty()) name.remove_prefix(1);  // the '/'
  if (name.empty()) name = "index.html";
  for (std::size_t i = 0; i < kEmbeddedCount; ++i) {
    if (kEmbedded[i].name == name) {
      out = {kEmbedded[i].bytes, ContentType(name)};
      return true;
    }
  }
  return false;
}

}  // namespace ddb::console
