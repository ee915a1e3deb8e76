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
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <thread>

extern char** environ;

namespace ddb::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// A handler gets this long to answer, as a Lambda function's timeout.
constexpr auto kHandlerTimeout = std::chrono::seconds(60);
// How often a delivery in progress looks at the stop request.
constexpr auto kPollSlice = std::chrono::milliseconds(50);
// After a stop request, a delivery in progress has this long to finish
// (the server still answers meanwhile): a handler that had the batch then
// does not get it again after a restart.
constexpr auto kStopGrace = std::chrono::seconds(3);

// Whether a delivery in progress gives up: at the handler timeout, or
// kStopGrace after a stop was requested.
class GiveUp {
 public:
  explicit GiveUp(std::stop_token stop)
      : stop_(stop), deadline_(std::chrono::steady_clock::now() + kHandlerTimeout) {}
  bool operator()() {
    auto now = std::chrono::steady_clock::now();
    if (stop_.stop_requested() && !stopping_) {
      stopping_ = true;
      deadline_ = std::min(deadline_, now + kStopGrace);
    }
    return now >= deadline_;
  }

 private:
  std::stop_token stop_;
  std::chrono::steady_clock::time_point deadline_;
  bool stopping_ = false;
};

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

bool PostEvent(const std::string& url, const std::string& body, std::stop_token stop,
               std::string& error) {
  Url u;
  if (!ParseUrl(url, u)) {
    error = "bad url " + url;
    return false;
  }
  net::io_context io;
  tcp::resolver resolver(io);
  beast::tcp_stream stream(io);
  http::request<http::string_body> request{http::verb::post, u.target, 11};
  request.set(http::field::host, u.host);
  request.set(http::field::content_type, "application/json");
  request.body() = body;
  request.prepare_payload();
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  beast::error_code failed;
  bool done = false;
  // connect, write, read: asynchronously, so that a stop or the timeout can
  // abandon a handler that does not answer.
  resolver.async_resolve(u.host, u.port, [&](beast::error_code ec, tcp::resolver::results_type r) {
    if (ec) { failed = ec; done = true; return; }
    stream.async_connect(r, [&](beast::error_code ec2, const tcp::endpoint&) {
      if (ec2) { failed = ec2; done = true; return; }
      http::async_write(stream, request, [&](beast::error_code ec3, std::size_t) {
        if (ec3) { failed = ec3; done = true; return; }
        http::async_read(stream, buffer, response, [&](beast::error_code ec4, std::size_t) {
          failed = ec4;
          done = true;
        });
      });
    });
  });
  GiveUp give_up(stop);
  while (!done && !give_up()) {
    io.run_for(kPollSlice);
  }
  if (!done) {
    error = stop.stop_requested() ? "stopping" : "no answer in time";
    return false;
  }
  if (failed) {
    error = failed.message();
    return false;
  }
  if (response.result_int() / 100 == 2) return true;
  error = "HTTP " + std::to_string(response.result_int());
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
                     const std::string& body, std::stop_token stop, std::string& error) {
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
  // dynarock's sockets (Asio opens them without close-on-exec) stay ours.
  posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
  // Its own process group, so that a timeout ends whatever it started.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
  pid_t pid = 0;
  int spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, const_cast<char**>(argv),
                            envp.data());
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[0]);
  if (spawned != 0) {
    close(pipe_fds[1]);
    error = std::string("spawn: ") + std::strerror(spawned);
    return false;
  }
  // Feed the event and wait for the exit together, without blocking: a
  // handler that neither reads nor exits is ended at the timeout or soon
  // after a stop.
  // One that does not read all of its input is not a failure by itself.
  fcntl(pipe_fds[1], F_SETFL, O_NONBLOCK);
  int input = pipe_fds[1];
  std::size_t written = 0;
  GiveUp give_up(stop);
  int status = 0;
  for (;;) {
    while (input >= 0 && written < body.size()) {
      ssize_t n = write(input, body.data() + written, body.size() - written);
      if (n > 0) {
        written += static_cast<std::size_t>(n);
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else if (n < 0 && errno == EAGAIN) {
        break;
      } else {
        written = body.size();  // the handler closed its input (EPIPE)
      }
    }
    if (input >= 0 && written == body.size()) {
      close(input);
      input = -1;
    }
    pid_t ended = waitpid(pid, &status, WNOHANG);
    if (ended == pid) break;
    if (give_up()) {
      kill(-pid, SIGKILL);
      while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      if (input >= 0) close(input);
      error = stop.stop_requested() ? "stopping" : "no exit in time";
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (input >= 0) close(input);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return true;
  error = WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                            : "killed by signal " + std::to_string(WTERMSIG(status));
  return false;
}

}  // namespace ddb::server
