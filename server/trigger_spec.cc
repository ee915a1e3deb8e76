#include "server/trigger_spec.h"

#include "server/number_flag.h"

namespace ddb::server {

std::optional<TriggerSpec> ParseTriggerSpec(const std::string& text, std::string& error) {
  TriggerSpec spec;
  spec.text = text;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t eq = text.find('=', at);
    if (eq == std::string::npos) {
      error = "--trigger: expected key=value at \"" + text.substr(at) + "\"";
      return std::nullopt;
    }
    std::string key = text.substr(at, eq - at);
    std::size_t comma = key == "command" ? std::string::npos : text.find(',', eq + 1);
    std::string value = text.substr(eq + 1, comma == std::string::npos ? std::string::npos
                                                                      : comma - eq - 1);
    at = comma == std::string::npos ? text.size() : comma + 1;
    bool ok = true;
    if (key == "table") {
      spec.table = value;
      ok = !value.empty();
    } else if (key == "name") {
      spec.name = value;
      ok = !value.empty();
    } else if (key == "url") {
      spec.url = value;
      ok = value.starts_with("http://");
    } else if (key == "command") {
      spec.command = value;
      ok = !value.empty();
    } else if (key == "batch-size") {
      ok = ParseNumber(value, 1, 10000, spec.batch_size);
    } else if (key == "window") {
      ok = ParseNumber(value, 0.0, 300.0, spec.window_seconds);
    } else if (key == "retries") {
      ok = ParseNumber(value, 0, 10000, spec.retries);
    } else if (key == "start") {
      ok = value == "LATEST" || value == "TRIM_HORIZON";
      spec.trim_horizon = value == "TRIM_HORIZON";
    } else {
      error = "--trigger: unknown key \"" + key + "\"";
      return std::nullopt;
    }
    if (!ok) {
      error = "--trigger: bad value for " + key + ": \"" + value + "\"";
      return std::nullopt;
    }
  }
  if (spec.table.empty() || spec.url.empty() == spec.command.empty()) {
    error = "--trigger needs table= and exactly one of url= or command=";
    return std::nullopt;
  }
  return spec;
}

}  // namespace ddb::server
