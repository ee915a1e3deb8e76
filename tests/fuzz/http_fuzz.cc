// libFuzzer target: the simple-shape request parser (server/http_request.h).
// Any bytes give an answer without a crash; and whatever it reads as a
// complete request, Beast's parser -- which serves every other request --
// reads alike: the same method, target, fields, body, keep-alive and
// length. So a request means the same whichever parser reads it. (Beast
// lists a repeated field name's fields together; fields of one name keep
// their order in both, which is all that lookups and SigV4 depend on.)
#include <boost/beast/core/error.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>
#include <string_view>

#include "server/http_request.h"

namespace {

namespace http = boost::beast::http;

constexpr std::size_t kBodyLimit = 1024;
constexpr std::size_t kHeaderLimit = 2048;

std::string_view View(boost::core::string_view s) { return {s.data(), s.size()}; }

using Fields = std::vector<std::pair<std::string, std::string_view>>;

// Fields grouped by name (compared without case), each group in order.
Fields Grouped(Fields fields) {
  for (auto& [name, value] : fields) {
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
      return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    });
  }
  std::stable_sort(fields.begin(), fields.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return fields;
}

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ddb::server::HttpRequest request;
  auto parsed = ddb::server::ParseSimpleRequest(bytes, kBodyLimit, kHeaderLimit, request);
  if (parsed.state != ddb::server::SimpleParse::kComplete) return 0;
  Check(parsed.size <= bytes.size());
  Check(request.body.data() + request.body.size() == bytes.data() + parsed.size);

  http::request_parser<http::string_body> beast;
  beast.body_limit(kBodyLimit);
  beast.header_limit(2 * kHeaderLimit);
  beast.eager(true);
  boost::beast::error_code ec;
  std::size_t used = beast.put(boost::asio::buffer(bytes.data(), parsed.size), ec);
  Check(!ec && beast.is_done() && used == parsed.size);
  const auto& message = beast.get();
  Check(View(message.method_string()) == request.method);
  Check(View(message.target()) == request.target);
  Check(message.body() == request.body);
  Check(message.keep_alive() == request.keep_alive);
  Fields ours, beasts;
  for (const auto& [name, value] : request.fields) ours.emplace_back(name, value);
  for (const auto& field : message) beasts.emplace_back(View(field.name_string()), View(field.value()));
  Check(Grouped(std::move(ours)) == Grouped(std::move(beasts)));
  return 0;
}
