#include "server/trigger_delivery.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <chrono>
#include <cstring>

extern char** environ;

namespace ddb::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// A handler gets this long to answer, as a Lambda function's timeout.
constexpr auto kHandlerTimeout = std::chrono::seconds(60);

struct Url {
  std::string host;
  std::string port = "80";
  std::string target = "/";
};

bool ParseUrl(const std::string& url, Url& out) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) return false;
  std::string rest = url.substr(kScheme.size());
  std::size_t slash = rest.find('/');
  if (slash != std::string::npos) out.target = rest.substr(slash);
  std::string authority = rest.substr(0, slash);
  std::size_t colon = authority.rfind(':');
  if (colon != std::string::npos) {
    out.port = authority.substr(colon + 1);
    authority.resize(colon);
  }
  out.host = authority;
  return !out.host.empty() && !out.port.empty();
}

}  // namespace

bool PostEvent(const std::string& url, const std::string& body, std::string& error) {
  Url u;
  if (!ParseUrl(url, u)) {
    error = "bad url " + url;
    return false;
  }
  try {
    net::io_context io;
    tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    stream.expires_after(kHandlerTimeout);
    stream.connect(resolver.resolve(u.host, u.port));
    http::request<http::string_body> request{http::verb::post, u.target, 11};
    request.set(http::field::host, u.host);
    request.set(http::field::content_type, "application/json");
    request.body() = body;
    request.prepare_payload();
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    if (response.result_int() / 100 == 2) return true;
    error = "HTTP " + std::to_string(response.result_int());
  } catch (const std::exception& e) {
    error = e.what();
  }
  return false;
}

namespace {

// dynarock's environment with `extra` ("NAME=value") replacing what it names.
std::vector<std::string> Environment(const std::vector<std::string>& extra) {
  std::vector<std::string> out = extra;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view entry(*e);
    std::string_view name = entry.substr(0, entry.find('=') + 1);
    bool replaced = false;
    for (const std::string& x : extra) replaced = replaced || x.starts_with(name);
    if (!replaced) out.emplace_back(entry);
  }
  return out;
}

}  // namespace

bool RunEventCommand(const std::string& command, const std::vector<std::string>& extra_env,
                     const std::string& body, std::string& error) {
  std::vector<std::string> env = Environment(extra_env);
  std::vector<char*> envp;
  for (std::string& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    error = std::string("pipe: ") + std::strerror(errno);
    return false;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[0], STDIN_FILENO);
  const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
  pid_t pid = 0;
  int spawned = posix_spawn(&pid, "/bin/sh", &actions, nullptr, const_cast<char**>(argv),
                            envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[0]);
  if (spawned != 0) {
    close(pipe_fds[1]);
    error = std::string("spawn: ") + std::strerror(spawned);
    return false;
  }
  // A handler that does not read all of its input is not a failure by itself
  // (SIGPIPE is ignored, so a short write just stops).
  std::size_t written = 0;
  while (written < body.size()) {
    ssize_t n = write(pipe_fds[1], body.data() + written, body.size() - written);
    if (n <= 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  close(pipe_fds[1]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return true;
  error = WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                            : "killed by signal " + std::to_string(WTERMSIG(status));
  return false;
}

}  // namespace ddb::server
