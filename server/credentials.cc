#include "server/credentials.h"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace ddb::server {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

SecretKeys ParseCredentialsFile(std::string_view text) {
  SecretKeys keys;
  std::string id, secret;
  auto finish_profile = [&] {
    if (!id.empty() && !secret.empty()) keys[id] = secret;
    id.clear();
    secret.clear();
  };
  while (!text.empty()) {
    std::size_t newline = text.find('\n');
    std::string_view line = Trim(text.substr(0, newline));
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (line.front() == '[') {
      finish_profile();
      continue;
    }
    std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view name = Trim(line.substr(0, eq)), value = Trim(line.substr(eq + 1));
    if (name == "aws_access_key_id") id = value;
    if (name == "aws_secret_access_key") secret = value;
  }
  finish_profile();
  return keys;
}

std::optional<SecretKeys> LoadSecretKeys(const std::optional<std::string>& file,
                                         std::string& error) {
  SecretKeys keys;
  if (file) {
    std::ifstream in(*file);
    if (!in) {
      error = "--credentials-file: cannot read " + *file;
      return std::nullopt;
    }
    std::stringstream text;
    text << in.rdbuf();
    keys = ParseCredentialsFile(text.str());
    if (keys.empty()) {
      error = "--credentials-file: no profile in " + *file +
              " has both aws_access_key_id and aws_secret_access_key";
      return std::nullopt;
    }
    return keys;
  }
  const char* id = std::getenv("AWS_ACCESS_KEY_ID");
  const char* secret = std::getenv("AWS_SECRET_ACCESS_KEY");
  if (id == nullptr || secret == nullptr || *id == '\0' || *secret == '\0') {
    error = "--auth needs credentials: --credentials-file <file>, or AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY in the environment";
    return std::nullopt;
  }
  keys[id] = secret;
  return keys;
}

}  // namespace ddb::server
