#include "protocol/constraints.h"

namespace ddb::protocol {
namespace {

bool IsNameCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '.' || c == '-';
}

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

}  // namespace

void Constraints::Add(std::string quoted_value, std::string_view path, std::string constraint) {
  messages_.push_back("Value " + quoted_value + " at '" + std::string(path) +
                      "' failed to satisfy constraint: " + constraint);
}

void Constraints::Required(bool present, std::string_view path) {
  if (!present) Add("null", path, "Member must not be null");
}

void Constraints::TableName(const std::optional<std::string>& name, std::string_view path,
                            std::size_t min_length) {
  if (!name) return Required(false, path);
  // Operations on existing tables also take the table's ARN.
  if (name->starts_with("arn:")) return Length(*name, path, 1, 1024);
  bool pattern_ok = true;
  for (char c : *name) pattern_ok = pattern_ok && IsNameCharacter(c);
  // The pattern is not checked on an empty name: only its length is
  // reported (conformance: "empty table name: minimum length 1 error").
  if (!pattern_ok) {
    Add(Quote(*name), path, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  }
  Length(*name, path, min_length, 255);
}

void Constraints::IndexName(const std::optional<std::string>& name, std::string_view path) {
  if (!name) return Required(false, path);
  bool pattern_ok = !name->empty();
  for (char c : *name) pattern_ok = pattern_ok && IsNameCharacter(c);
  if (!pattern_ok) {
    Add(Quote(*name), path, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  }
  Length(*name, path, 3, 255);
}

void Constraints::Length(const std::string& value, std::string_view path, std::size_t min,
                         std::size_t max) {
  if (value.size() < min) {
    Add(Quote(value), path,
        "Member must have length greater than or equal to " + std::to_string(min));
  }
  if (value.size() > max) {
    Add(Quote(value), path,
        "Member must have length less than or equal to " + std::to_string(max));
  }
}

void Constraints::Range(std::optional<int64_t> value, std::string_view path, int64_t min,
                        int64_t max) {
  if (!value) return;
  if (*value < min) {
    Add(Quote(std::to_string(*value)), path,
        "Member must have value greater than or equal to " + std::to_string(min));
  }
  if (*value > max) {
    Add(Quote(std::to_string(*value)), path,
        "Member must have value less than or equal to " + std::to_string(max));
  }
}

void Constraints::RangeUnvalued(std::optional<int64_t> value, std::string_view member,
                                int64_t min, int64_t max, std::string_view what) {
  if (!value || (*value >= min && *value <= max)) return;
  std::string bound = *value < min ? "greater than or equal to " + std::to_string(min)
                                   : "less than or equal to " + std::to_string(max);
  messages_.push_back("Value at '" + std::string(member) +
                      "' failed to satisfy constraint: Member must have " + std::string(what) +
                      " " + bound);
}

void Constraints::Enum(const std::optional<std::string>& value, std::string_view path,
                       std::string_view allowed) {
  if (!value) return;
  std::string_view list = allowed.substr(1, allowed.size() - 2);
  while (!list.empty()) {
    std::size_t comma = list.find(", ");
    if (list.substr(0, comma) == *value) return;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 2);
  }
  Add(Quote(*value), path, "Member must satisfy enum value set: " + std::string(allowed));
}

Status Constraints::Finish() const {
  if (messages_.empty()) return {};
  std::string text = std::to_string(messages_.size()) +
                     (messages_.size() == 1 ? " validation error detected: "
                                            : " validation errors detected: ");
  for (std::size_t i = 0; i < messages_.size(); ++i) {
    if (i > 0) text += "; ";
    text += messages_[i];
  }
  return Error::Validation(std::move(text));
}

}  // namespace ddb::protocol
