// dynarock: a DynamoDB-compatible server. See README.md for the flags.
#include <sys/resource.h>

#include <csignal>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "engine/engine.h"
#include "server/credentials.h"
#include "server/http_server.h"
#include "server/options.h"
#include "server/triggers.h"
#include "engine/sweeper.h"
#include "exchange/folder_exchange.h"
#include "server/router.h"
#include "server/startup_pages.h"
#include "storage/rocksdb_store.h"

namespace {

// How long tables stay CREATING/UPDATING/DELETING with -delayTransientStatuses.
constexpr std::chrono::milliseconds kTransientStatusDelay{1000};

// The data lives in a subdirectory of -dbPath, so that other files there
// (e.g. DynamoDB Local's *.db files) are left alone.
std::string DataDirectory(const ddb::server::Options& o) {
  std::filesystem::path base = o.db_path.value_or(".");
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(base, ec);
  return ((ec ? base : absolute) / "dynarock").lexically_normal().string();
}

// Connections and RocksDB's files need descriptors; the soft limit (often
// 1024) is raised to the hard one, as servers do.
void RaiseFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

int Fail(const std::string& message) {
  std::cerr << "dynarock: " << message << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ddb;
  // A client (or a parent that stopped reading our stdout) going away must
  // never kill the server: write errors are handled where they happen.
  std::signal(SIGPIPE, SIG_IGN);
  RaiseFileLimit();
  server::ParsedOptions parsed =
      server::ParseOptions(std::vector<std::string>(argv + 1, argv + argc));
  if (!parsed.error.empty()) return Fail(parsed.error + "\n" + server::UsageText());
  const server::Options& o = parsed.options;
  if (o.help) {
    std::cout << server::UsageText();
    return 0;
  }
  storage::RocksDbOptions store_options;
  store_options.in_memory = o.in_memory;
  store_options.sync_writes = o.sync_writes;
  if (!o.in_memory) store_options.path = DataDirectory(o);
  auto store = storage::RocksDbStore::Open(store_options);
  if (!store) return Fail(store.error().message);

  EngineOptions engine_options;
  if (o.delay_transient_statuses) engine_options.transient_status_delay = kTransientStatusDelay;
  engine_options.transaction_delay = std::chrono::milliseconds(o.transaction_delay_ms);
  engine_options.max_item_collection_bytes = o.item_collection_limit;
  exchange::FolderExchange exchange(
      o.s3_root.value_or((std::filesystem::path(o.db_path.value_or(".")) / "dynarock-s3").string()));
  Engine engine(**store, engine_options);
  engine.SetExchangeFiles(&exchange);
  if (auto s = engine.Open(); !s) return Fail(s.error().message);
  Sweeper sweeper(engine, std::chrono::milliseconds(o.ttl_interval_ms));

  std::optional<server::SecretKeys> keys;
  if (o.auth) {
    std::string error;
    keys = server::LoadSecretKeys(o.credentials_file, error);
    if (!keys) return Fail(error);
  }
  server::Router router(engine, o.shared_db, o.auth);
  server::HttpOptions http_options;
  http_options.host = o.host;
  http_options.port = o.port;
  http_options.cors = o.cors.value_or("*");
  http_options.max_connections = o.max_connections;
  http_options.idle_timeout = std::chrono::milliseconds(o.idle_timeout_ms);
  http_options.header_timeout = std::chrono::milliseconds(o.header_timeout_ms);
  http_options.keys = keys;
  http_options.tls_cert = o.tls_cert.value_or("");
  http_options.tls_key = o.tls_key.value_or("");
  http_options.console = o.console;
  // On SIGINT or SIGTERM the triggers stop first, while the server still
  // answers their handlers' calls: a delivery in progress then finishes and
  // its position is saved, so a clean restart delivers nothing twice.
  server::Triggers* triggers_to_stop = nullptr;
  if (!o.triggers.empty()) {
    http_options.before_stop = [&triggers_to_stop] {
      if (triggers_to_stop != nullptr) triggers_to_stop->Stop();
    };
  }
  unsigned cores = std::thread::hardware_concurrency();
  http_options.threads = o.threads > 0 ? o.threads : static_cast<int>(cores == 0 ? 1 : cores);
  server::HttpServer http(router, http_options);
  if (std::string error = http.Bind(); !error.empty()) return Fail(error);
  const bool any_address = o.host == "0.0.0.0" || o.host == "::";
  server::Triggers triggers(engine, o.triggers,
                            http.scheme() + "://" +
                                (any_address ? std::string("127.0.0.1") : o.host) + ":" +
                                std::to_string(http.port()),
                            keys.value_or(server::SecretKeys{}));
  triggers_to_stop = &triggers;

  std::cout << "dynarock listening on " << http.scheme() << "://" << o.host << ":" << http.port() << " ("
            << (o.in_memory ? std::string("in memory") : "on disk: " + store_options.path)
            << (o.shared_db ? ", shared database" : ", database per access key and region")
            << ")" << std::endl;
  server::ReleaseStartupPages();
  http.Run();
  std::cout << "dynarock stopped" << std::endl;
  return 0;
}
