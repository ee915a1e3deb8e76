// The simple-shape request parser (server/http_request.h): what it reads in
// place, and what it leaves to Beast.
#include "server/http_request.h"

#include <gtest/gtest.h>

#include <string>

namespace ddb::server {
namespace {

constexpr std::size_t kBodyLimit = 1000;
constexpr std::size_t kHeaderLimit = 4096;

const std::string kRequest =
    "POST / HTTP/1.1\r\n"
    "Host: 127.0.0.1:8000\r\n"
    "X-Amz-Target: DynamoDB_20120810.GetItem\r\n"
    "Content-Type: application/x-amz-json-1.0\r\n"
    "authorization:   AWS4-HMAC-SHA256 Credential=key/20260101/us-east-1/dynamodb/aws4_request  \r\n"
    "Content-Length: 14\r\n"
    "\r\n"
    "{\"TableName\":1}";  // one byte more than the body: the next request's

SimpleParse Parse(std::string_view bytes, HttpRequest& out) {
  return ParseSimpleRequest(bytes, kBodyLimit, kHeaderLimit, out);
}

SimpleParse::State StateOf(const std::string& bytes) {
  HttpRequest request;
  return Parse(bytes, request).state;
}

TEST(HttpRequestTest, ReadsTheCommonShapeInPlace) {
  HttpRequest request;
  SimpleParse parsed = Parse(kRequest, request);
  ASSERT_EQ(parsed.state, SimpleParse::kComplete);
  EXPECT_EQ(parsed.size, kRequest.size() - 1);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/");
  EXPECT_EQ(request.body, "{\"TableName\":1");
  EXPECT_TRUE(request.keep_alive);
  ASSERT_EQ(request.fields.size(), 5u);
  EXPECT_EQ(request.fields[3].first, "authorization");
  // Field names compare without case; values lose the spaces around them.
  EXPECT_EQ(request["Authorization"],
            "AWS4-HMAC-SHA256 Credential=key/20260101/us-east-1/dynamodb/aws4_request");
  EXPECT_EQ(request["x-amz-target"], "DynamoDB_20120810.GetItem");
  EXPECT_EQ(request["Origin"], "");
}

TEST(HttpRequestTest, EveryShorterPrefixIsIncomplete) {
  for (std::size_t n = 0; n + 1 < kRequest.size(); ++n) {
    HttpRequest request;
    SimpleParse parsed = Parse(std::string_view(kRequest).substr(0, n), request);
    ASSERT_EQ(parsed.state, SimpleParse::kIncomplete) << n;
    // The header is whole once its blank line has arrived.
    EXPECT_EQ(parsed.header_done, n >= kRequest.find("\r\n\r\n") + 4) << n;
  }
}

TEST(HttpRequestTest, WithoutContentLengthThereIsNoBody) {
  HttpRequest request;
  std::string get = "GET /shell/ HTTP/1.1\r\nHost: x\r\n\r\nPOST";
  SimpleParse parsed = Parse(get, request);
  ASSERT_EQ(parsed.state, SimpleParse::kComplete);
  EXPECT_EQ(parsed.size, get.size() - 4);
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.target, "/shell/");
  EXPECT_TRUE(request.body.empty());
}

TEST(HttpRequestTest, ConnectionCloseEndsKeepAlive) {
  HttpRequest request;
  ASSERT_EQ(Parse("POST / HTTP/1.1\r\nConnection: Close\r\n\r\n", request).state,
            SimpleParse::kComplete);
  EXPECT_FALSE(request.keep_alive);
  ASSERT_EQ(Parse("POST / HTTP/1.1\r\nconnection: keep-alive\r\n\r\n", request).state,
            SimpleParse::kComplete);
  EXPECT_TRUE(request.keep_alive);
}

TEST(HttpRequestTest, EverythingElseIsLeftToBeast) {
  const char* cases[] = {
      "PUT / HTTP/1.1\r\n\r\n",                                   // another method
      "POST / HTTP/1.0\r\n\r\n",                                  // another version
      "POST  / HTTP/1.1\r\n\r\n",                                 // an empty target
      "POST /a b HTTP/1.1\r\n\r\n",                               // a space in the target
      "POST / HTTP/1.1\nHost: x\r\n\r\n",                         // a bare LF
      "POST / HTTP/1.1\r\nHost: x\ry\r\n\r\n",                    // a bare CR
      "POST / HTTP/1.1\r\nHost:\tx\r\n\r\n",                      // a tab
      "POST / HTTP/1.1\r\nHost: caf\xc3\xa9\r\n\r\n",             // obs-text
      "POST / HTTP/1.1\r\nHost: x\r\n y\r\n\r\n",                 // obs-fold
      "POST / HTTP/1.1\r\nHo st: x\r\n\r\n",                      // not a token
      "POST / HTTP/1.1\r\n: x\r\n\r\n",                           // no name
      "POST / HTTP/1.1\r\nHost x\r\n\r\n",                        // no colon
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",    // chunked
      "POST / HTTP/1.1\r\nConnection: upgrade\r\n\r\n",           // other connection options
      "POST / HTTP/1.1\r\nConnection: close\r\nConnection: close\r\n\r\n",  // twice
      "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx",  // twice
      "POST / HTTP/1.1\r\nContent-Length: +1\r\n\r\nx",           // not digits
      "POST / HTTP/1.1\r\nContent-Length: \r\n\r\n",              // empty
      "POST / HTTP/1.1\r\nContent-Length: 1001\r\n\r\n",          // over the body limit
  };
  for (const char* bytes : cases) EXPECT_EQ(StateOf(bytes), SimpleParse::kNotSimple) << bytes;
  EXPECT_EQ(StateOf("POST / HTTP/1.1\r\nContent-Length: 1000\r\n\r\n"), SimpleParse::kIncomplete);
}

TEST(HttpRequestTest, AHeaderOverTheLimitIsLeftToBeast) {
  std::string big = "POST / HTTP/1.1\r\nX-Big: " + std::string(kHeaderLimit, 'a');
  EXPECT_EQ(StateOf(big), SimpleParse::kNotSimple);
  EXPECT_EQ(StateOf(big.substr(0, kHeaderLimit - 10)), SimpleParse::kIncomplete);
}

}  // namespace
}  // namespace ddb::server
