// server/credentials.h
//
// The key pairs `--auth` accepts: every profile of a file in the AWS shared
// credentials format (~/.aws/credentials), or else the process's
// AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
//
//   file    = *(line '\n')
//   line    = '[' profile ']' | name '=' value | '#' comment | ';' comment | blank
//   names   = aws_access_key_id, aws_secret_access_key (others are ignored)
#pragma once

#include <optional>
#include <string>

#include "server/sigv4.h"

namespace ddb::server {

// The keys of `file` (when given) or of the environment. On failure (an
// unreadable file, no complete key pair anywhere) returns nothing and sets
// `error`.
std::optional<SecretKeys> LoadSecretKeys(const std::optional<std::string>& file,
                                         std::string& error);

// The key pairs a credentials file's text names.
SecretKeys ParseCredentialsFile(std::string_view text);

}  // namespace ddb::server
