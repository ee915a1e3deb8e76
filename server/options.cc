#include "server/options.h"

#include <cstdint>
#include <limits>

#include "server/number_flag.h"

namespace ddb::server {
namespace {

// "-port", "--port", "--port=8000" all name the flag "port".
std::string FlagName(const std::string& arg, std::optional<std::string>& inline_value) {
  std::string name = arg.substr(arg.rfind("--", 0) == 0 ? 2 : 1);
  if (auto eq = name.find('='); eq != std::string::npos) {
    inline_value = name.substr(eq + 1);
    name.resize(eq);
  }
  return name;
}

}  // namespace

std::string UsageText() {
  return "usage: dynarock [options]\n"
         "  -port <n>                  port to listen on (default 8000)\n"
         "  --host <address>           address to listen on (default 127.0.0.1)\n"
         "  -inMemory                  keep all data in memory; nothing is written to disk\n"
         "  -dbPath <dir>              directory for the data (default: current directory)\n"
         "  -sharedDb                  one database for every access key and region\n"
         "  -cors <origins>            comma-separated allowed origins (default *)\n"
         "  -delayTransientStatuses    tables pass through CREATING/UPDATING/DELETING\n"
         "  -optimizeDbBeforeStartup   accepted for compatibility (no effect)\n"
         "  -disableTelemetry          accepted for compatibility (dynarock has no telemetry)\n"
         "  --sync                     fsync every write (survives power loss)\n"
         "  --threads <n>              worker threads (default: one per core)\n"
         "  --trigger <spec>           deliver a table's stream records to a handler, as a\n"
         "                             Lambda event source mapping does (README: Triggers)\n"
         "  --item-collection-limit <bytes>  largest item collection of a table with LSIs\n"
         "                             (default DynamoDB's 10 GB; smaller for tests)\n"
         "  --ttl-interval <seconds>   how often expired items are deleted (default 1)\n"
         "  --transaction-delay <ms>   hold each TransactWriteItems' items this long before\n"
         "                             it commits (to exercise transaction conflicts)\n"
         "  --max-connections <n>      connections served at once; more get HTTP 503\n"
         "                             (default 1024)\n"
         "  --idle-timeout <seconds>   close a keep-alive connection idle this long\n"
         "                             (default 120)\n"
         "  --header-timeout <seconds> a request's header must arrive within this time of\n"
         "                             its first byte (default 10)\n"
         "  --auth                     verify SigV4 signatures (off by default, as in\n"
         "                             DynamoDB Local); keys from --credentials-file or\n"
         "                             AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\n"
         "  --credentials-file <file>  key pairs for --auth, in ~/.aws/credentials format\n"
         "  --tls-cert <pem> --tls-key <pem>  serve HTTPS instead of HTTP\n"
         "  --s3-root <dir>            the folder whose subfolders stand in for the S3\n"
         "                             buckets of exports and imports (default:\n"
         "                             dynarock-s3 in the -dbPath directory)\n"
         "  --console                  serve a web console at /console (tables, items,\n"
         "                             queries, PartiQL, streams)\n"
         "  -help                      print this text\n";
}

ParsedOptions ParseOptions(const std::vector<std::string>& args) {
  ParsedOptions parsed;
  Options& o = parsed.options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    // "-jar DynamoDBLocal.jar" from a DynamoDB Local command line; in the
    // container image it follows our own "--host 0.0.0.0".
    if (arg == "-jar" && i + 1 < args.size()) {
      ++i;
      continue;
    }
    if (arg.size() < 2 || arg[0] != '-') {
      parsed.error = "unexpected argument: " + arg;
      return parsed;
    }
    std::optional<std::string> inline_value;
    std::string name = FlagName(arg, inline_value);
    auto value = [&](std::string& out) {
      if (inline_value) {
        out = *inline_value;
        return true;
      }
      if (i + 1 >= args.size()) return false;
      out = args[++i];
      return true;
    };
    std::string v;
    if (name == "inMemory") {
      o.in_memory = true;
    } else if (name == "sharedDb") {
      o.shared_db = true;
    } else if (name == "delayTransientStatuses") {
      o.delay_transient_statuses = true;
    } else if (name == "optimizeDbBeforeStartup") {
      o.optimize_db_before_startup = true;
    } else if (name == "disableTelemetry") {
      // dynarock sends nothing anywhere; accepted so existing commands work.
    } else if (name == "console") {
      o.console = true;
    } else if (name == "sync") {
      o.sync_writes = true;
    } else if (name == "help" || name == "h") {
      o.help = true;
    } else if (name == "port") {
      if (!value(v) || !ParseNumber(v, 0, 65535, o.port)) {
        parsed.error = "-port needs a number between 0 and 65535";
        return parsed;
      }
    } else if (name == "threads") {
      if (!value(v) || !ParseNumber(v, 1, 1024, o.threads)) {
        parsed.error = "--threads needs a number between 1 and 1024";
        return parsed;
      }
    } else if (name == "trigger") {
      if (!value(v)) {
        parsed.error = "--trigger needs a spec: table=<name>,url=<http://...> or command=<...>";
        return parsed;
      }
      auto spec = ParseTriggerSpec(v, parsed.error);
      if (!spec) return parsed;
      o.triggers.push_back(*std::move(spec));
    } else if (name == "item-collection-limit") {
      uint64_t bytes = 0;
      if (!value(v) || !ParseNumber<uint64_t>(v, 1, std::numeric_limits<uint64_t>::max(), bytes)) {
        parsed.error = "--item-collection-limit needs a number of bytes";
        return parsed;
      }
      o.item_collection_limit = bytes;
    } else if (name == "ttl-interval") {
      double seconds = 0;
      if (!value(v) || !ParseNumber(v, 0.01, 86400.0, seconds)) {
        parsed.error = "--ttl-interval needs seconds between 0.01 and 86400";
        return parsed;
      }
      o.ttl_interval_ms = static_cast<int>(seconds * 1000);
    } else if (name == "transaction-delay") {
      if (!value(v) || !ParseNumber(v, 0, 600000, o.transaction_delay_ms)) {
        parsed.error = "--transaction-delay needs milliseconds between 0 and 600000";
        return parsed;
      }
    } else if (name == "auth") {
      o.auth = true;
    } else if (name == "max-connections") {
      if (!value(v) || !ParseNumber(v, 1, 1000000, o.max_connections)) {
        parsed.error = "--max-connections needs a number between 1 and 1000000";
        return parsed;
      }
    } else if (name == "idle-timeout" || name == "header-timeout") {
      double seconds = 0;
      if (!value(v) || !ParseNumber(v, 0.01, 86400.0, seconds)) {
        parsed.error = "--" + name + " needs seconds between 0.01 and 86400";
        return parsed;
      }
      (name == "idle-timeout" ? o.idle_timeout_ms : o.header_timeout_ms) =
          static_cast<int>(seconds * 1000);
    } else if (name == "credentials-file" || name == "tls-cert" || name == "tls-key") {
      if (!value(v) || v.empty()) {
        parsed.error = "--" + name + " needs a file";
        return parsed;
      }
      (name == "credentials-file" ? o.credentials_file
       : name == "tls-cert"       ? o.tls_cert
                                  : o.tls_key) = v;
    } else if (name == "s3-root") {
      if (!value(v) || v.empty()) {
        parsed.error = "--s3-root needs a directory";
        return parsed;
      }
      o.s3_root = v;
    } else if (name == "host") {
      if (!value(v) || v.empty()) {
        parsed.error = "--host needs an address";
        return parsed;
      }
      o.host = v;
    } else if (name == "dbPath") {
      if (!value(v) || v.empty()) {
        parsed.error = "-dbPath needs a directory";
        return parsed;
      }
      o.db_path = v;
    } else if (name == "cors") {
      if (!value(v) || v.empty()) {
        parsed.error = "-cors needs a list of origins, or *";
        return parsed;
      }
      o.cors = v;
    } else {
      parsed.error = "unknown option: " + arg;
      return parsed;
    }
  }
  if (o.in_memory && o.db_path) {
    parsed.error = "-dbPath and -inMemory cannot be used together";
  } else if (o.tls_cert.has_value() != o.tls_key.has_value()) {
    parsed.error = "--tls-cert and --tls-key go together";
  } else if (o.credentials_file && !o.auth) {
    parsed.error = "--credentials-file is for --auth";
  }
  return parsed;
}

}  // namespace ddb::server
