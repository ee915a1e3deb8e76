// server/trigger_spec.h
//
// A local trigger: what an AWS Lambda event source mapping does for a table's
// stream, without Lambda. Given on the command line as
//
//   --trigger table=<name>[,batch-size=<n>][,window=<seconds>][,start=LATEST|TRIM_HORIZON]
//             [,retries=<n>],(url=<http://host:port/path> | command=<shell command>)
//
// `command=` comes last and takes the rest of the text, commas included. An
// optional `name=<name>` names the trigger's saved position (by default the
// whole spec does, so changing any part of it starts the trigger afresh).
// Defaults are Lambda's: batch size 100, no batching window, LATEST; failed
// deliveries are retried `retries` times (default 2) and then skipped.
#pragma once

#include <optional>
#include <string>

namespace ddb::server {

struct TriggerSpec {
  std::string table;
  std::string url;      // POST the event JSON here, or
  std::string command;  // run this with the event JSON on stdin
  int batch_size = 100;
  double window_seconds = 0;
  bool trim_horizon = false;  // start at the oldest record instead of LATEST
  int retries = 2;
  std::string name;  // names its saved positions; empty: the spec's text does
  std::string text;  // as given
};

// The spec, or the reason it is not one (in `error`).
std::optional<TriggerSpec> ParseTriggerSpec(const std::string& text, std::string& error);

}  // namespace ddb::server
