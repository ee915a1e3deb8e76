#include "server/sigv4.h"

#include <gtest/gtest.h>

#include "server/credentials.h"

namespace ddb::server {
namespace {

// AWS's published SigV4 example ("get-vanilla"): the same secret, date and
// request must give the same canonical request and signature.
constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

TEST(SigV4Test, AwsExampleGetVanilla) {
  SignedRequest r;
  r.method = "GET";
  r.target = "/";
  r.headers = {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}};
  std::string canonical = CanonicalRequest(r, "host;x-amz-date");
  EXPECT_EQ(canonical,
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
            "host;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  std::string to_sign = "AWS4-HMAC-SHA256\n20150830T123600Z\n"
                        "20150830/us-east-1/service/aws4_request\n" +
                        Sha256Hex(canonical);
  EXPECT_EQ(Signature(kSecret, "20150830", "us-east-1", "service", to_sign),
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(SigV4Test, CanonicalFormTrimsFoldsAndSortsQuery) {
  SignedRequest r;
  r.method = "POST";
  r.target = "/?b=2&a=%7E&a=1";
  r.headers = {{"Host", " h "}, {"X-Amz-Date", "20150830T123600Z"}, {"My", "a   b"},
               {"my", "c"}};
  r.body = "{}";
  EXPECT_EQ(CanonicalRequest(r, "host;my"),
            "POST\n/\na=1&a=~&b=2\nhost:h\nmy:a b,c\n\nhost;my\n" + Sha256Hex("{}"));
}

TEST(SigV4Test, MissingHeaderAndUnknownKey) {
  SecretKeys keys{{"AKID", std::string(kSecret)}};
  SignedRequest r;
  r.method = "POST";
  r.target = "/";
  auto now = std::chrono::system_clock::now();
  auto missing = VerifySignature(r, keys, now);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kMissingAuthenticationTokenException);
  r.headers = {{"Authorization",
                "AWS4-HMAC-SHA256 Credential=OTHER/20150830/us-east-1/dynamodb/aws4_request, "
                "SignedHeaders=host;x-amz-date, Signature=00"},
               {"X-Amz-Date", "20150830T123600Z"},
               {"Host", "h"}};
  auto unknown = VerifySignature(r, keys, now);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnrecognizedClientException);
}

TEST(SigV4Test, ExpiredSignatureMessage) {
  SecretKeys keys{{"AKID", std::string(kSecret)}};
  SignedRequest r;
  r.method = "POST";
  r.target = "/";
  r.headers = {{"Authorization",
                "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/dynamodb/aws4_request, "
                "SignedHeaders=host;x-amz-date, Signature=00"},
               {"X-Amz-Date", "20150830T123600Z"},
               {"Host", "h"}};
  auto now = std::chrono::system_clock::from_time_t(1440938160 + 3600);  // an hour later
  auto e = VerifySignature(r, keys, now);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, ErrorCode::kInvalidSignatureException);
  EXPECT_EQ(e.error().message,
            "Signature expired: 20150830T123600Z is now earlier than 20150830T133100Z "
            "(20150830T133600Z - 5 min.)");
}

TEST(CredentialsTest, EveryCompleteProfile) {
  SecretKeys keys = ParseCredentialsFile(
      "# comment\n[default]\naws_access_key_id = A\naws_secret_access_key=s/1+\n"
      "region = x\n[half]\naws_access_key_id=B\n; comment\n[p2]\n"
      "aws_secret_access_key = t\naws_access_key_id = C\n");
  EXPECT_EQ(keys, (SecretKeys{{"A", "s/1+"}, {"C", "t"}}));
}

}  // namespace
}  // namespace ddb::server
