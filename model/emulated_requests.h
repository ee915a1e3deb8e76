// model/emulated_requests.h
//
// Requests and responses of the control-plane calls dynarock emulates: the
// state is kept and described as DynamoDB describes it, nothing is measured
// or sent anywhere. Contributor Insights (Describe/Update/List) and Kinesis
// streaming destinations (Describe/Enable/Disable/Update). Plain data;
// protocol/emulated_json.cc fills and reads them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/table.h"

namespace ddb {

struct ContributorInsightsRequest {
  std::string table_name;
  std::optional<std::string> index_name;
  std::optional<std::string> action;  // Update: ENABLE or DISABLE
  std::optional<std::string> mode;    // ACCESSED_AND_THROTTLED_KEYS or THROTTLED_KEYS
};

struct ContributorInsightsSummary {
  std::string table_name;
  std::optional<std::string> index_name;
  std::string status;  // ENABLING, ENABLED, DISABLING, DISABLED
  std::optional<std::string> mode;
  std::vector<std::string> rules;  // Describe: the rule names of an enabled one
  double last_update = 0;          // Describe: epoch seconds; 0 when never
};

struct ListContributorInsightsRequest {
  std::optional<std::string> table_name;
  std::optional<std::string> next_token;
  std::optional<int64_t> max_results;
};

struct ListContributorInsightsResponse {
  std::vector<ContributorInsightsSummary> summaries;
  std::optional<std::string> next_token;
};

struct KinesisDestinationRequest {
  std::string table_name;
  std::string stream_arn;                 // Enable, Disable, Update
  std::optional<std::string> precision;   // ApproximateCreationDateTimePrecision
};

struct KinesisDestinationResponse {
  enum class Kind { kEnable, kDisable, kUpdate, kDescribe };
  Kind kind = Kind::kDescribe;
  std::string table_name;
  std::string stream_arn;
  std::string status;
  std::optional<std::string> precision;
  std::vector<TableDefinition::KinesisDestination> destinations;  // Describe
};

}  // namespace ddb
