// server/trigger_delivery.h
//
// Handing one event to a local trigger's handler. Both calls block until the
// handler has answered; success is a 2xx status or exit status 0.
#pragma once

#include <string>
#include <vector>

namespace ddb::server {

// POSTs `body` (application/json) to `url` ("http://host[:port][/path]").
// On failure returns false and says why in `error`.
bool PostEvent(const std::string& url, const std::string& body, std::string& error);

// Runs `command` with /bin/sh, `body` on its standard input, in dynarock's
// environment plus `extra_env` ("NAME=value" entries, which win); its output
// goes to dynarock's. On failure returns false and says why in `error`.
bool RunEventCommand(const std::string& command, const std::vector<std::string>& extra_env,
                     const std::string& body, std::string& error);

}  // namespace ddb::server
