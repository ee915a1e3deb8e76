// server/http_codec.h
//
// The byte-level helpers of the HTTP layer: CRC32 for x-amz-crc32 (which
// botocore verifies), gzip/deflate for Content-Encoding and Accept-Encoding,
// and request ids. zlib is used only here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ddb::server {

uint32_t Crc32(std::string_view bytes);

// Inflates a gzip or zlib/deflate body. nullopt when it is not valid or would
// exceed max_bytes once inflated.
std::optional<std::string> Inflate(std::string_view body, bool gzip, std::size_t max_bytes);

std::string Gzip(std::string_view body);

// Appends 52 random characters of [A-Z0-9], the shape of DynamoDB's
// x-amzn-RequestId.
void AppendRequestId(std::string& out);

}  // namespace ddb::server
