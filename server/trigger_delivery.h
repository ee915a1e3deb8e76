// server/trigger_delivery.h
//
// Handing one event to a local trigger's handler. Both calls block until the
// handler has answered; success is a 2xx status or exit status 0.
#pragma once

#include <stop_token>
#include <string>
#include <vector>

namespace ddb::server {

// POSTs `body` (application/json) to `url` ("http://host[:port][/path]").
// On failure returns false and says why in `error`. Gives up after a minute
// (a Lambda function's timeout) or when `stop` is requested.
bool PostEvent(const std::string& url, const std::string& body, std::stop_token stop,
               std::string& error);

// Runs `command` with /bin/sh, `body` on its standard input, in dynarock's
// environment plus `extra_env` ("NAME=value" entries, which win); its output
// goes to dynarock's. On failure returns false and says why in `error`.
// The command runs in its own process group, without dynarock's other file
// descriptors; after a minute, or when `stop` is requested, the group is
// killed.
bool RunEventCommand(const std::string& command, const std::vector<std::string>& extra_env,
                     const std::string& body, std::stop_token stop, std::string& error);

}  // namespace ddb::server
