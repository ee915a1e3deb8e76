// protocol/constraints.h
//
// Constraints: collects violations of the API model's member constraints
// (length, pattern, range, enum, required) and reports them the way DynamoDB's
// request validation does, all at once:
//
//   1 validation error detected: Value 'ab' at 'tableName' failed to satisfy
//   constraint: Member must have length greater than or equal to 3
//
// with several violations joined by "; " under "N validation errors detected".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.h"

namespace ddb::protocol {

class Constraints {
 public:
  // A required member that is absent.
  void Required(bool present, std::string_view path);
  // TableName rules: pattern [a-zA-Z0-9_.-]+ and length min_length..255:
  // CreateTable requires 3 characters, operations on existing tables 1 (and
  // accept a table ARN instead of a name).
  void TableName(const std::optional<std::string>& name, std::string_view path,
                 std::size_t min_length = 1);
  void IndexName(const std::optional<std::string>& name, std::string_view path);
  void Length(const std::string& value, std::string_view path, std::size_t min, std::size_t max);
  void Range(std::optional<int64_t> value, std::string_view path, int64_t min, int64_t max);
  // The same check in the wording of DynamoDB's newer validation layer
  // (Query and Scan): the member's name as the API spells it, no value:
  //   Value at 'Limit' failed to satisfy constraint: ...
  // `what` is "value" for numbers, "length" for lists and maps.
  void RangeUnvalued(std::optional<int64_t> value, std::string_view member, int64_t min,
                     int64_t max, std::string_view what = "value");
  void Enum(const std::optional<std::string>& value, std::string_view path,
            std::string_view allowed);  // allowed as DynamoDB prints it: "[A, B]"
  // Any other violation, with the value already quoted as it must appear.
  void Add(std::string quoted_value, std::string_view path, std::string constraint);

  bool ok() const { return messages_.empty(); }
  // ValidationException with every violation; success when there were none.
  Status Finish() const;

 private:
  std::vector<std::string> messages_;
};

}  // namespace ddb::protocol
