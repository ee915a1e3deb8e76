// server/http_server.h
//
// HttpServer: DynamoDB's HTTP surface on Boost.Beast/Asio. HTTP/1.1 with
// keep-alive, one coroutine per connection, a pool of threads running one
// io_context. It only moves bytes: every POST goes to the Router.
//
// What it does at the HTTP level, as DynamoDB does: x-amzn-RequestId and
// x-amz-crc32 on every response, gzip/deflate request bodies, gzip responses
// when asked, GET / health check, CORS (as DynamoDB Local's -cors), a 16 MB
// body limit; and the web console's files under /console (--console). And
// what a server on a network needs: a bound on connections, idle and header
// timeouts (a slow client holds a connection for seconds, not forever),
// optional SigV4 verification and optional TLS.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "server/router.h"
#include "server/sigv4.h"

namespace ddb::server {

struct HttpOptions {
  std::string host = "127.0.0.1";
  int port = 8000;
  int threads = 1;
  std::string cors = "*";  // comma-separated origins, or "*"
  int max_connections = 1024;
  std::chrono::milliseconds idle_timeout{120000};
  std::chrono::milliseconds header_timeout{10000};
  std::optional<SecretKeys> keys;   // verify signatures with these
  std::string tls_cert, tls_key;    // PEM files; HTTPS when both are set
  bool console = false;             // serve the web console at /console
  // Called on SIGINT or SIGTERM, on a thread of its own, while the server
  // still accepts and answers; the server stops when it returns. For work
  // that needs the server to finish (a trigger's handler calling back).
  std::function<void()> before_stop;
};

class HttpServer {
 public:
  // `router` must outlive the server.
  HttpServer(const Router& router, HttpOptions options);
  ~HttpServer();

  // Loads the TLS certificate and key, if any, and binds the listening
  // socket. Returns an error message on failure.
  std::string Bind();
  // The port actually bound (useful with port 0).
  int port() const;
  // "http" or "https".
  std::string scheme() const;
  // Serves until SIGINT or SIGTERM; then stops accepting, lets requests in
  // flight finish, and returns.
  void Run();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ddb::server
