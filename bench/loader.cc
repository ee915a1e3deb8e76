// dynarock-loader: drives a DynamoDB endpoint with raw HTTP/1.1 keep-alive
// requests from several threads, for the parts of the benchmark wrk cannot
// do: loading a million items fast, and timing a fixed CRUD sequence.
//
//   dynarock-loader <port> load <count> [threads]   PutItem key-0 .. key-<count-1>
//   dynarock-loader <port> loadq <count> [threads]  PutItem into bench_q: partitions
//                                                   part-0 .. of 20 items (sk 0..19)
//   dynarock-loader <port> crud <count>             put, get, overwrite, delete
//                                                   <count> items, one connection
//
// Prints the wall time in seconds and the number of non-200 answers, and
// exits non-zero when there were any.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

const char* kAuth =
    "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, "
    "SignedHeaders=host, Signature=0000";
const std::string kPayload(120, 'x');

class Connection {
 public:
  explicit Connection(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      std::perror("connect");
      std::exit(2);
    }
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~Connection() { close(fd_); }

  // Sends one request and reads its whole response; returns the status.
  int Call(const char* operation, const std::string& body) {
    std::string request = "POST / HTTP/1.1\r\nHost: localhost\r\n"
                          "Content-Type: application/x-amz-json-1.0\r\n"
                          "X-Amz-Date: 20260101T000000Z\r\nAuthorization: ";
    request += kAuth;
    request += "\r\nX-Amz-Target: DynamoDB_20120810.";
    request += operation;
    request += "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    for (std::size_t sent = 0; sent < request.size();) {
      ssize_t n = send(fd_, request.data() + sent, request.size() - sent, 0);
      if (n <= 0) return -1;
      sent += static_cast<std::size_t>(n);
    }
    return ReadResponse();
  }

 private:
  int ReadResponse() {
    for (;;) {
      std::size_t end = buffer_.find("\r\n\r\n");
      if (end != std::string::npos) {
        int status = std::atoi(buffer_.c_str() + 9);
        std::size_t length = 0;
        std::size_t at = FindHeader("content-length:", end);
        if (at != std::string::npos) length = std::strtoul(buffer_.c_str() + at + 15, nullptr, 10);
        if (buffer_.size() >= end + 4 + length) {
          buffer_.erase(0, end + 4 + length);
          return status;
        }
      }
      char chunk[65536];
      ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) return -1;
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }
  std::size_t FindHeader(const char* name, std::size_t end) {
    std::string lower = buffer_.substr(0, end);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower.find(name);
  }

  int fd_;
  std::string buffer_;
};

std::string Key(long i) { return "{\"pk\":{\"S\":\"key-" + std::to_string(i) + "\"}}"; }

std::string Item(long i, int version) {
  return "{\"pk\":{\"S\":\"key-" + std::to_string(i) + "\"},\"n\":{\"N\":\"" +
         std::to_string(version) + "\"},\"data\":{\"S\":\"" + kPayload + "\"}}";
}

std::string Put(long i, int version) {
  return "{\"TableName\":\"bench\",\"Item\":" + Item(i, version) + "}";
}
// The Query workload's table: item i is sort key i % 20 of partition i / 20.
std::string PutQ(long i) {
  return "{\"TableName\":\"bench_q\",\"Item\":{\"pk\":{\"S\":\"part-" + std::to_string(i / 20) +
         "\"},\"sk\":{\"N\":\"" + std::to_string(i % 20) + "\"},\"data\":{\"S\":\"" + kPayload +
         "\"}}}";
}

std::string ByKey(long i) { return "{\"TableName\":\"bench\",\"Key\":" + Key(i) + "}"; }

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: dynarock-loader <port> load|loadq|crud <count> [threads]\n");
    return 2;
  }
  int port = std::atoi(argv[1]);
  std::string mode = argv[2];
  long count = std::atol(argv[3]);
  int threads = argc > 4 ? std::atoi(argv[4]) : 4;
  std::atomic<long> errors{0};
  auto started = std::chrono::steady_clock::now();
  if (mode == "load" || mode == "loadq") {
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        Connection c(port);
        for (long i = t; i < count; i += threads) {
          if (c.Call("PutItem", mode == "load" ? Put(i, 0) : PutQ(i)) != 200) ++errors;
        }
      });
    }
    for (auto& w : workers) w.join();
  } else {
    Connection c(port);
    for (long i = 0; i < count; ++i) errors += c.Call("PutItem", Put(1000000000 + i, 1)) != 200;
    for (long i = 0; i < count; ++i) errors += c.Call("GetItem", ByKey(1000000000 + i)) != 200;
    for (long i = 0; i < count; ++i) errors += c.Call("PutItem", Put(1000000000 + i, 2)) != 200;
    for (long i = 0; i < count; ++i) errors += c.Call("DeleteItem", ByKey(1000000000 + i)) != 200;
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("%.3f %ld\n", seconds, errors.load());
  return errors.load() == 0 ? 0 : 1;
}
