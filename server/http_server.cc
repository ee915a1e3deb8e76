// Asio coroutines on g++ 12 need <utility> before the Asio headers.
#include <utility>

#include "server/http_server.h"

#include <array>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <optional>
#include <thread>
#include <vector>

#include "console/assets.h"
#include "server/http_codec.h"
#include "server/http_request.h"
#include "storage/kv_store.h"

namespace ddb::server {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

// DynamoDB refuses request bodies over 16 MB; so do we, before parsing.
constexpr std::size_t kMaxBodyBytes = 16 * 1024 * 1024;
// A request's body must arrive within this time of its header. With the
// header timeout and the connection limit, it bounds what slow clients hold.
constexpr std::chrono::seconds kBodyTimeout{60};
// A request's header may take up to this much.
constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
// Each read of a request asks for up to this much.
constexpr std::size_t kReadBytes = 16 * 1024;
// A connection's read buffer that grew past this for a large request is
// given back once that request is answered.
constexpr std::size_t kKeptBufferBytes = 64 * 1024;
// Responses smaller than this are not worth compressing.
constexpr std::size_t kCompressFromBytes = 1024;

std::string_view View(beast::string_view s) { return {s.data(), s.size()}; }

bool AcceptsGzip(std::string_view accept_encoding) {
  return accept_encoding.find("gzip") != std::string_view::npos;
}

// The Access-Control-Allow-Origin value for this request, or empty.
std::string AllowedOrigin(const std::string& cors, std::string_view origin) {
  if (cors == "*") return "*";
  if (origin.empty()) return {};
  std::string_view list = cors;
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item == origin) return std::string(origin);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return {};
}

struct Context {
  const Router& router;
  const HttpOptions& options;
  std::atomic<int>& in_flight;
  std::atomic<int>& connections;  // open now
};

// A connection's header fields come from one buffer, reused request after
// request: Beast's fields otherwise cost an allocation and a free each (~10
// per request from an SDK). Past the buffer, fields go to the heap.
class FieldArena {
 public:
  void* Take(std::size_t bytes, std::size_t align) {
    std::size_t at = (used_ + align - 1) & ~(align - 1);
    if (at + bytes > sizeof buffer_) return ::operator new(bytes);
    used_ = at + bytes;
    return buffer_ + at;
  }
  void Give(void* p) {
    if (!Holds(p)) ::operator delete(p);
  }
  // REQUIRES: nothing taken from the buffer is still in use.
  void Reset() { used_ = 0; }

 private:
  bool Holds(const void* p) const {
    auto at = reinterpret_cast<std::uintptr_t>(p);
    auto begin = reinterpret_cast<std::uintptr_t>(buffer_);
    return at >= begin && at < begin + sizeof buffer_;
  }
  alignas(alignof(std::max_align_t)) char buffer_[2048];
  std::size_t used_ = 0;
};

template <class T>
struct ArenaAllocator {
  using value_type = T;
  explicit ArenaAllocator(FieldArena& a) : arena(&a) {}
  template <class U>
  ArenaAllocator(const ArenaAllocator<U>& other) : arena(other.arena) {}  // NOLINT: rebinding
  T* allocate(std::size_t n) {
    return static_cast<T*>(arena->Take(n * sizeof(T), alignof(T)));
  }
  void deallocate(T* p, std::size_t) { arena->Give(p); }
  template <class U>
  bool operator==(const ArenaAllocator<U>& other) const {
    return arena == other.arena;
  }
  FieldArena* arena;
};

using Fields = http::basic_fields<ArenaAllocator<char>>;

// A response as we send it: written out by Serialize into one buffer, which
// costs far less than Beast's general serializer on this hot path.
struct Response {
  int status = 200;
  struct Header {
    std::string_view name;
    std::string_view fixed;  // a value that outlives the response, or
    std::string owned;       // one made for it
    std::string_view value() const { return owned.empty() ? fixed : owned; }
  };
  // In place, not on the heap: the most a response has is the console's 10
  // (x-amzn-RequestId and x-amz-crc32 are written by Serialize, not kept
  // here).
  std::array<Header, 12> headers;
  std::size_t header_count = 0;
  std::string body;
  bool keep_alive = true;

  // A value made for this response.
  void Set(std::string_view name, std::string value) { Add({name, {}, std::move(value)}); }
  // A literal, or text of static storage: not copied.
  void SetFixed(std::string_view name, std::string_view value) { Add({name, value, {}}); }

 private:
  void Add(Header header) {
    if (header_count < headers.size()) headers[header_count++] = std::move(header);
  }
};

std::string Serialize(const Response& r) {
  using namespace std::string_view_literals;  // appends of known length, no strlen
  std::string out;
  out.reserve(256 + r.body.size());
  out += "HTTP/1.1 "sv;
  out += std::to_string(r.status);
  out += ' ';
  out += View(http::obsolete_reason(static_cast<http::status>(r.status)));
  out += "\r\n"sv;
  // Every answer, refusals included, carries these two, as DynamoDB's do.
  out += "x-amzn-RequestId: "sv;
  AppendRequestId(out);
  out += "\r\nx-amz-crc32: "sv;
  out += std::to_string(Crc32(r.body));
  out += "\r\n"sv;
  for (std::size_t i = 0; i < r.header_count; ++i) {
    const Response::Header& header = r.headers[i];
    out += header.name;
    out += ": "sv;
    out += header.value();
    out += "\r\n"sv;
  }
  out += "Content-Length: "sv;
  out += std::to_string(r.body.size());
  out += r.keep_alive ? "\r\n\r\n"sv : "\r\nConnection: close\r\n\r\n"sv;
  out += r.body;
  return out;
}

Response MakeResponse(const HttpRequest& request, int status, std::string body,
                      std::string_view content_type,  // of static storage
                      const Context& ctx) {
  Response response;
  response.status = status;
  response.SetFixed("Server", "dynarock");
  response.SetFixed("Content-Type", content_type);
  if (AcceptsGzip(request["Accept-Encoding"]) &&
      body.size() >= kCompressFromBytes) {
    body = Gzip(body);
    response.SetFixed("Content-Encoding", "gzip");
  }
  std::string origin = AllowedOrigin(ctx.options.cors, request["Origin"]);
  if (!origin.empty()) {
    response.Set("Access-Control-Allow-Origin", std::move(origin));
    response.SetFixed("Access-Control-Expose-Headers",
                      "x-amzn-RequestId,x-amzn-ErrorType,x-amz-crc32,Date");
  }
  response.keep_alive = request.keep_alive;
  response.body = std::move(body);
  return response;
}

Response Preflight(const HttpRequest& request, const Context& ctx) {
  Response response = MakeResponse(request, 200, "", "text/plain", ctx);
  std::string origin = AllowedOrigin(ctx.options.cors, request["Origin"]);
  if (!origin.empty()) {
    response.SetFixed("Access-Control-Allow-Methods", "GET,POST,PUT,DELETE,OPTIONS");
    std::string_view asked = request["Access-Control-Request-Headers"];
    response.Set("Access-Control-Allow-Headers", std::string(asked.empty() ? "*" : asked));
    response.SetFixed("Access-Control-Max-Age", "172800");
  }
  return response;
}

std::string ErrorBody(std::string_view type, std::string_view message) {
  return "{\"__type\":\"com.amazon.coral.service#" + std::string(type) + "\",\"Message\":\"" +
         std::string(message) + "\"}";
}

// The Authorization header, or a presigned URL's X-Amz-Credential.
std::string_view Authorization(const HttpRequest& request) {
  std::string_view header = request["Authorization"];
  if (!header.empty()) return header;
  std::string_view target = request.target;
  std::size_t at = target.find("X-Amz-Credential=");
  if (at == std::string_view::npos) return {};
  std::string_view value = target.substr(at + 17);
  return value.substr(0, value.find('&'));
}

// The Authorization the router chooses the database by. Without --auth, the
// header as sent (any signature is accepted); with it, only the credential
// the request was verified to be signed with, kept in `verified` -- or
// DynamoDB's error refusing the request.
Result<std::string_view> Authorize(const HttpRequest& request, const Context& ctx,
                                   std::string& verified) {
  if (!ctx.options.keys) return Authorization(request);
  SignedRequest signed_request;
  signed_request.method = request.method;
  signed_request.target = request.target;
  signed_request.body = request.body;
  signed_request.headers = request.fields;
  auto credential =
      VerifySignature(signed_request, *ctx.options.keys, std::chrono::system_clock::now());
  if (!credential) return std::move(credential).error();
  verified = "Credential=" + *credential;
  return std::string_view(verified);
}

Response HandlePost(const HttpRequest& request, const Context& ctx) {
  std::string verified;
  Result<std::string_view> authorization = Authorize(request, ctx, verified);
  if (!authorization) {
    Reply refused = ErrorReply(authorization.error());
    return MakeResponse(request, refused.status, std::move(refused.body),
                        "application/x-amz-json-1.0", ctx);
  }
  std::string_view body = request.body;
  std::optional<std::string> inflated;
  std::string_view encoding = request["Content-Encoding"];
  const bool gzip = beast::iequals(encoding, "gzip");  // names are case-insensitive
  if (gzip || beast::iequals(encoding, "deflate")) {
    inflated = Inflate(body, gzip, kMaxBodyBytes);
    if (!inflated) {
      return MakeResponse(request, 400,
                          ErrorBody("SerializationException", "Unable to decompress the request body"),
                          "application/x-amz-json-1.0", ctx);
    }
    body = *inflated;
  }
  Reply reply = ctx.router.Handle({request["X-Amz-Target"], body, *authorization});
  return MakeResponse(request, reply.status, std::move(reply.body), "application/x-amz-json-1.0",
                      ctx);
}

// A file of the built-in console (--console), or 404. The page may only load
// its own files and talk to this server: it shows whatever the tables hold.
Response ConsoleResponse(const HttpRequest& request, const Context& ctx) {
  console::Asset asset;
  if (!console::FindAsset(request.target, asset)) {
    return MakeResponse(request, 404, "not found", "text/plain", ctx);
  }
  Response response =
      MakeResponse(request, 200, std::string(asset.bytes), asset.content_type, ctx);
  response.SetFixed("Cache-Control", "no-cache");
  response.SetFixed("Vary", "Accept-Encoding");  // gzipped or not, per request
  response.SetFixed("X-Content-Type-Options", "nosniff");
  response.SetFixed("Content-Security-Policy",
                    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                    "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  return response;
}

Response Handle(const HttpRequest& request, const Context& ctx) {
  switch (http::string_to_verb(request.method)) {
    case http::verb::post:
      return HandlePost(request, ctx);
    case http::verb::options:
      return Preflight(request, ctx);
    case http::verb::get:
      if (ctx.options.console && console::IsConsolePath(request.target)) {
        return ConsoleResponse(request, ctx);
      }
      // DynamoDB's health check answers a plain GET with this text.
      return MakeResponse(request, 200, "healthy: dynamodb.us-east-1.amazonaws.com ",
                          "text/plain", ctx);
    case http::verb::head:
      // The same, without a body: a HEAD answer never has one.
      return MakeResponse(request, 200, "", "text/plain", ctx);
    default:
      return MakeResponse(request, 400, ErrorBody("UnknownOperationException", ""),
                          "application/x-amz-json-1.0", ctx);
  }
}

// Gives back a connection's place (taken when it was accepted) when it ends.
struct Release {
  ~Release() { --count; }
  std::atomic<int>& count;
};

using Parser = http::request_parser<http::string_body, ArenaAllocator<char>>;

// How long the next read may wait, by what has arrived of the request.
enum class Waiting { kFirstByte, kHeader, kBody };

// Beast's parser, for a request not of the simple shape (http_request.h).
void StartParser(std::optional<Parser>& parser, FieldArena& fields) {
  parser.emplace(std::piecewise_construct, std::make_tuple(),
                 std::make_tuple(ArenaAllocator<char>(fields)));
  parser->body_limit(kMaxBodyBytes);
  parser->header_limit(kMaxHeaderBytes);
  parser->eager(true);  // the body in the same pass as the header
}

// The request Beast parsed, as the handlers read it.
void ViewParsed(const http::request<http::string_body, Fields>& message, HttpRequest& out) {
  out.method = View(message.method_string());
  out.target = View(message.target());
  out.fields.clear();
  for (const auto& field : message) out.fields.emplace_back(View(field.name_string()), View(field.value()));
  out.body = message.body();
  out.keep_alive = message.keep_alive();
}

// Reads the next request into `request`, parsing what `buffer` already holds
// before reading more: a request that arrives whole (the usual case) takes
// one read and no further asynchronous step. A request of the simple shape
// is read in place: `request` views the buffer, and `in_buffer` is set to
// the bytes to consume once it is answered. Any other goes to Beast's
// parser (made in `parser`, which `request` then views). Timeouts: up to
// the idle timeout for its first byte (the header timeout, if shorter, on a
// new connection), then the header timeout for the rest of the header, then
// the body timeout for the body -- each set once, when its part begins, so a
// client trickling bytes cannot stretch it.
template <class Stream>
net::awaitable<void> ReadRequest(Stream& stream, beast::flat_buffer& buffer, HttpRequest& request,
                                 std::optional<Parser>& parser, FieldArena& fields,
                                 std::size_t& in_buffer, const HttpOptions& options, bool first,
                                 beast::error_code& ec) {
  auto& tcp = beast::get_lowest_layer(stream);
  std::optional<Waiting> timed;  // the part whose timeout is set
  for (;;) {
    bool header_done = false;
    if (buffer.size() > 0 && !parser) {
      std::string_view bytes(static_cast<const char*>(buffer.data().data()), buffer.size());
      SimpleParse parsed = ParseSimpleRequest(bytes, kMaxBodyBytes, kMaxHeaderBytes, request);
      if (parsed.state == SimpleParse::kComplete) {
        in_buffer = parsed.size;
        co_return;
      }
      if (parsed.state == SimpleParse::kNotSimple) StartParser(parser, fields);
      header_done = parsed.header_done;
    }
    if (buffer.size() > 0 && parser) {
      buffer.consume(parser->put(buffer.data(), ec));
      if (ec == http::error::need_more) ec = {};
      if (ec) co_return;
      if (parser->is_done()) {
        ViewParsed(parser->get(), request);
        co_return;
      }
      header_done = parser->is_header_done();
    }
    Waiting waiting = header_done           ? Waiting::kBody
                      : buffer.size() > 0   ? Waiting::kHeader
                                            : Waiting::kFirstByte;
    if (waiting != timed) {
      switch (waiting) {
        case Waiting::kFirstByte:
          // A new connection has only the header timeout to start its
          // request: opening connections and sending nothing must not hold
          // them for long.
          tcp.expires_after(first ? std::min(options.header_timeout, options.idle_timeout)
                                  : options.idle_timeout);
          break;
        case Waiting::kHeader:
          tcp.expires_after(options.header_timeout);
          break;
        case Waiting::kBody:
          tcp.expires_after(kBodyTimeout);
          break;
      }
      timed = waiting;
    }
    std::size_t n = co_await stream.async_read_some(buffer.prepare(kReadBytes),
                                                    net::redirect_error(net::use_awaitable, ec));
    if (ec) {
      // The client closed or reset the connection, or the timeout closed it.
      if (ec == net::error::eof && buffer.size() > 0) ec = http::error::partial_message;
      co_return;
    }
    buffer.commit(n);
  }
}

// Sends `bytes`: straight away when the socket takes them all (the usual
// case), otherwise the rest asynchronously, within the body timeout (a
// client that never reads).
template <class Stream>
net::awaitable<void> WriteResponse(Stream& stream, std::string_view bytes, beast::error_code& ec) {
  if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
    std::size_t sent = stream.socket().write_some(net::buffer(bytes), ec);
    if (ec == net::error::would_block || ec == net::error::try_again) {
      ec = {};
      sent = 0;
    }
    if (ec || sent == bytes.size()) co_return;
    bytes.remove_prefix(sent);
  }
  beast::get_lowest_layer(stream).expires_after(kBodyTimeout);
  co_await net::async_write(stream, net::buffer(bytes.data(), bytes.size()),
                            net::redirect_error(net::use_awaitable, ec));
}

// Serves one connection until the client closes it, sends something that is
// not HTTP, or goes idle. A DynamoDB error is an ordinary response.
template <class Stream>
net::awaitable<void> Serve(Stream stream, Context ctx,
                           std::shared_ptr<std::atomic<bool>> stopping) {
  Release release{ctx.connections};
  beast::flat_buffer buffer;
  beast::error_code ec;
  constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;
  if constexpr (kTls) {
    beast::get_lowest_layer(stream).expires_after(ctx.options.header_timeout);
    co_await stream.async_handshake(net::ssl::stream_base::server,
                                    net::redirect_error(net::use_awaitable, ec));
    if (ec) co_return;
  }
  if constexpr (!kTls) {
    // Writes are tried at once and only wait when the socket is full.
    stream.socket().non_blocking(true, ec);
    if (ec) co_return;
  }
  FieldArena fields;
  HttpRequest request;  // kept: its field list keeps its room
  for (bool first = true;; first = false) {
    fields.Reset();  // the last request's parser is gone
    std::optional<Parser> parser;
    std::size_t in_buffer = 0;
    co_await ReadRequest(stream, buffer, request, parser, fields, in_buffer, ctx.options, first,
                         ec);
    if (ec == http::error::body_limit) {
      Response too_large;
      too_large.status = 413;
      too_large.keep_alive = false;
      std::string bytes = Serialize(too_large);
      co_await WriteResponse(stream, bytes, ec);
      break;
    }
    if (ec) break;  // end of stream, timeout, malformed request
    ++ctx.in_flight;
    Response response = Handle(request, ctx);
    if (ctx.router.LogPending()) {
      // The requests already waiting on this thread are handled first, then
      // one write of the log covers them all: no answer goes out before the
      // log record of its write has reached the operating system.
      co_await net::post(co_await net::this_coro::executor, net::use_awaitable);
      if (Status logged = ctx.router.WriteLog(); !logged) {
        Reply failed = ErrorReply(logged.error());
        response = MakeResponse(request, failed.status, std::move(failed.body),
                                "application/x-amz-json-1.0", ctx);
      }
    }
    // The request is answered: what it viewed in the buffer may go.
    buffer.consume(in_buffer);
    if (buffer.size() == 0 && buffer.capacity() > kKeptBufferBytes) buffer.shrink_to_fit();
    if (stopping->load()) response.keep_alive = false;
    std::string bytes = Serialize(response);
    co_await WriteResponse(stream, bytes, ec);
    --ctx.in_flight;
    if (ec || !response.keep_alive) break;
  }
  if constexpr (kTls) {
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(1));
    co_await stream.async_shutdown(net::redirect_error(net::use_awaitable, ec));
  } else {
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }
}

// A connection over --max-connections: told so (503, which SDKs retry after
// a pause) and closed.
net::awaitable<void> TurnAway(beast::tcp_stream stream, int max_connections) {
  Response busy;
  busy.status = 503;
  busy.keep_alive = false;
  busy.SetFixed("Content-Type", "application/x-amz-json-1.0");
  busy.body = "{\"__type\":\"com.amazon.coral.service#ServiceUnavailableException\","
              "\"message\":\"Too many connections: dynarock serves at most " +
              std::to_string(max_connections) + " at once (--max-connections)\"}";
  std::string bytes = Serialize(busy);
  beast::error_code ec;
  stream.expires_after(std::chrono::seconds(1));
  co_await net::async_write(stream, net::buffer(bytes), net::redirect_error(net::use_awaitable, ec));
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  // Read what the client sent until it closes (or a second passes): closing
  // with unread bytes would reset the connection, and the client might then
  // never see the answer.
  char sink[4096];
  while (!ec) {
    co_await stream.async_read_some(net::buffer(sink), net::redirect_error(net::use_awaitable, ec));
  }
}

// Accepts connections and deals them out round-robin to the workers' own
// io_contexts: a connection then lives on one thread from start to end, so
// serving it takes no cross-thread hand-offs (they cost a wake-up each).
net::awaitable<void> Listen(tcp::acceptor& acceptor, std::vector<net::io_context*> workers,
                            Context ctx, net::ssl::context* tls,
                            std::shared_ptr<std::atomic<bool>> stopping) {
  std::size_t next = 0;
  for (;;) {
    beast::error_code ec;
    net::io_context& worker = *workers[next++ % workers.size()];
    tcp::socket socket = co_await acceptor.async_accept(
        worker, net::redirect_error(net::use_awaitable, ec));
    if (ec == net::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) {
      // E.g. out of file descriptors: keep serving the others, and try again
      // shortly rather than spinning on the same error.
      net::steady_timer pause(co_await net::this_coro::executor, std::chrono::milliseconds(50));
      co_await pause.async_wait(net::redirect_error(net::use_awaitable, ec));
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    beast::tcp_stream stream(std::move(socket));
    if (ctx.connections.load() >= ctx.options.max_connections) {
      // A TLS client could not read a plain answer: it is simply closed.
      if (tls == nullptr) {
        net::co_spawn(worker, TurnAway(std::move(stream), ctx.options.max_connections),
                      net::detached);
      }
    } else if (tls != nullptr) {
      ++ctx.connections;
      net::co_spawn(worker,
                    Serve(beast::ssl_stream<beast::tcp_stream>(std::move(stream), *tls), ctx,
                          stopping),
                    net::detached);
    } else {
      ++ctx.connections;
      net::co_spawn(worker, Serve(std::move(stream), ctx, stopping), net::detached);
    }
  }
}

}  // namespace

struct HttpServer::Impl {
  Impl(const Router& r, HttpOptions o) : router(r), options(std::move(o)), acceptor(ioc) {
    for (int i = 0; i < options.threads; ++i) {
      workers.push_back(std::make_unique<net::io_context>(1));  // one thread each
    }
  }
  ~Impl() {
    beast::error_code ignored;
    acceptor.close(ignored);
  }
  const Router& router;
  HttpOptions options;
  // Declared before ioc so that they are destroyed after it: a pending accept
  // on ioc holds a socket that belongs to a worker.
  std::vector<std::unique_ptr<net::io_context>> workers;
  net::io_context ioc{1};  // the acceptor, signals and shutdown
  tcp::acceptor acceptor;
  std::atomic<int> in_flight{0};
  std::atomic<int> connections{0};
  std::unique_ptr<net::ssl::context> tls;
  std::shared_ptr<std::atomic<bool>> stopping = std::make_shared<std::atomic<bool>>(false);
};

HttpServer::HttpServer(const Router& router, HttpOptions options)
    : impl_(std::make_unique<Impl>(router, std::move(options))) {}
HttpServer::~HttpServer() = default;

std::string HttpServer::Bind() {
  beast::error_code ec;
  if (!impl_->options.tls_cert.empty()) {
    auto tls = std::make_unique<net::ssl::context>(net::ssl::context::tls_server);
    tls->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                     net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                     net::ssl::context::no_tlsv1_1);
    if (tls->use_certificate_chain_file(impl_->options.tls_cert, ec); ec) {
      return "--tls-cert " + impl_->options.tls_cert + ": " + ec.message();
    }
    if (tls->use_private_key_file(impl_->options.tls_key, net::ssl::context::pem, ec); ec) {
      return "--tls-key " + impl_->options.tls_key + ": " + ec.message();
    }
    if (SSL_CTX_check_private_key(tls->native_handle()) != 1) {
      return "--tls-key " + impl_->options.tls_key + " is not the key of " +
             impl_->options.tls_cert;
    }
    impl_->tls = std::move(tls);
  }
  auto address = net::ip::make_address(impl_->options.host, ec);
  if (ec) return "invalid --host address: " + impl_->options.host;
  tcp::endpoint endpoint(address, static_cast<unsigned short>(impl_->options.port));
  auto& a = impl_->acceptor;
  if (a.open(endpoint.protocol(), ec); ec) return "cannot open socket: " + ec.message();
  a.set_option(net::socket_base::reuse_address(true), ec);
  if (a.bind(endpoint, ec); ec) {
    return "cannot listen on " + impl_->options.host + ":" + std::to_string(impl_->options.port) +
           ": " + ec.message();
  }
  if (a.listen(net::socket_base::max_listen_connections, ec); ec) return ec.message();
  return {};
}

int HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

std::string HttpServer::scheme() const { return impl_->tls ? "https" : "http"; }

void HttpServer::Run() {
  Impl& s = *impl_;
  Context ctx{s.router, s.options, s.in_flight, s.connections};
  std::vector<net::io_context*> workers;
  for (auto& w : s.workers) workers.push_back(w.get());
  net::co_spawn(s.ioc, Listen(s.acceptor, workers, ctx, s.tls.get(), s.stopping), net::detached);
  net::signal_set signals(s.ioc, SIGINT, SIGTERM);
  // On a signal: stop accepting, then wait (up to 10 s) for requests in
  // flight to be answered before stopping the threads.
  auto drain = std::make_shared<net::steady_timer>(s.ioc);
  auto deadline = std::make_shared<std::chrono::steady_clock::time_point>();
  std::function<void()> wait_for_drain = [&s, drain, deadline, &wait_for_drain] {
    if (s.in_flight.load() == 0 || std::chrono::steady_clock::now() > *deadline) {
      for (auto& w : s.workers) w->stop();
      s.ioc.stop();
      return;
    }
    drain->expires_after(std::chrono::milliseconds(5));
    drain->async_wait([&wait_for_drain](beast::error_code) { wait_for_drain(); });
  };
  auto stop = [&] {
    s.stopping->store(true);
    beast::error_code ignored;
    s.acceptor.close(ignored);
    *deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    wait_for_drain();
  };
  std::thread finishing;  // before_stop, while this thread goes on accepting
  signals.async_wait([&](beast::error_code ec, int) {
    if (ec) return;
    if (!s.options.before_stop) return stop();
    finishing = std::thread([&] {
      s.options.before_stop();
      net::post(s.ioc, stop);
    });
  });
  std::vector<std::thread> threads;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> guards;
  for (auto& w : s.workers) {
    guards.push_back(net::make_work_guard(*w));
    threads.emplace_back([&w] {
      // Serve writes the log before it answers (storage/kv_store.h).
      storage::DeferLogWrites(true);
      w->run();
    });
  }
  s.ioc.run();
  if (finishing.joinable()) finishing.join();
  guards.clear();
  for (auto& t : threads) t.join();
}

}  // namespace ddb::server
