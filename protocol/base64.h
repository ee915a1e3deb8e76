// protocol/base64.h
//
// Standard base64 (RFC 4648, with padding), as DynamoDB's JSON carries B and
// BS values.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ddb::protocol {

std::string Base64Encode(std::string_view bytes);
// nullopt when the text is not valid padded base64.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace ddb::protocol
