// server/options.h
//
// The command line: DynamoDB Local's flags, as existing docker-compose files
// write them, plus dynarock's own. Both "-port 8000" and "--port=8000" forms
// are accepted; a leading "-jar DynamoDBLocal.jar" is ignored, so a command
// copied from DynamoDB Local's documentation works unchanged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/trigger_spec.h"

namespace ddb::server {

struct Options {
  int port = 8000;
  std::string host = "127.0.0.1";
  bool in_memory = false;
  std::optional<std::string> db_path;  // default "." like DynamoDB Local
  bool shared_db = false;
  std::optional<std::string> cors;     // allowed origins; "*" when -cors is absent
  bool delay_transient_statuses = false;
  bool optimize_db_before_startup = false;
  bool sync_writes = false;            // fsync the write-ahead log per write
  int threads = 0;                     // 0: one per core
  int transaction_delay_ms = 0;        // TransactWriteItems hold their items this long
  int ttl_interval_ms = 1000;          // between sweeps for expired items
  uint64_t item_collection_limit = 10ULL * 1024 * 1024 * 1024;  // bytes, tables with LSIs
  std::vector<TriggerSpec> triggers;   // --trigger, one per flag
  bool auth = false;                   // verify SigV4 signatures
  std::optional<std::string> credentials_file;
  std::optional<std::string> tls_cert, tls_key;  // PEM files; both or neither
  int max_connections = 1024;
  int idle_timeout_ms = 120000;        // a keep-alive connection waiting for a request
  int header_timeout_ms = 10000;       // a request's header, from its first byte
  std::optional<std::string> s3_root;  // buckets of exports and imports
  bool console = false;                // serve the web console at /console
  bool help = false;
};

// Parses argv. On error, returns the message to print (and exit non-zero).
struct ParsedOptions {
  Options options;
  std::string error;
};
ParsedOptions ParseOptions(const std::vector<std::string>& args);

std::string UsageText();

}  // namespace ddb::server
