// server/http_request.h
//
// A request as the handlers read it -- views of its method, target, header
// fields and body -- and a parser for the one shape nearly every request
// has. Beast's parser reads all of HTTP/1.1, but builds an indexed field set
// for each request, which cost a sixth of a GetItem's instructions; SDKs
// all send the shape below, which is read here in one pass over the
// connection's buffer. Whatever is not of that shape is left to Beast, which
// answers or refuses it as it always has.
//
// The shape (RFC 9112, restricted):
//
//   request := method SP target SP "HTTP/1.1" CRLF (field CRLF)* CRLF body
//   method  := "POST" | "GET" | "HEAD" | "OPTIONS"
//   target  := (%x21-7E)+
//   field   := name ":" SP* value SP*
//   name    := tchar+                        -- RFC 9110's token characters
//   value   := %x20-7E*                      -- no tabs, obs-text or obs-fold
//   body    := Content-Length bytes; none without a Content-Length
//
// with at most one Content-Length (decimal digits, at most the body limit),
// no Transfer-Encoding, and at most one Connection field, of "keep-alive"
// or "close" (either case).
#pragma once

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

namespace ddb::server {

struct HttpRequest {
  std::string_view method;
  std::string_view target;
  std::vector<std::pair<std::string_view, std::string_view>> fields;  // as sent
  std::string_view body;
  bool keep_alive = true;

  // The value of the first field of that name (names compare without
  // case), or empty.
  std::string_view operator[](std::string_view name) const;
};

struct SimpleParse {
  enum State { kComplete, kIncomplete, kNotSimple } state = kIncomplete;
  // kIncomplete: the header has arrived whole (only body bytes are missing).
  bool header_done = false;
  // kComplete: how many bytes the request took (header and body).
  std::size_t size = 0;
};

// Parses the request at the start of `bytes` into `out` (views of `bytes`)
// if it has the shape above. kIncomplete when more bytes are needed and so
// far it has the shape; a header longer than `header_limit` is kNotSimple
// (Beast refuses it).
SimpleParse ParseSimpleRequest(std::string_view bytes, std::size_t body_limit,
                               std::size_t header_limit, HttpRequest& out);

}  // namespace ddb::server
