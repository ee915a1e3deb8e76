// model/policy_requests.h
//
// Requests and responses of PutResourcePolicy, GetResourcePolicy and
// DeleteResourcePolicy. Plain data; protocol/policy_json.cc fills and reads
// them (and checks the document is a policy).
#pragma once

#include <optional>
#include <string>

namespace ddb {

struct ResourcePolicyRequest {  // Put, Get, Delete
  std::string resource_arn;
  std::string policy;                                // Put: minified
  std::optional<std::string> expected_revision_id;   // Put, Delete; "NO_POLICY" on Put
  bool confirm_remove_self_resource_access = false;  // Put
};

struct ResourcePolicyResponse {
  std::optional<std::string> policy;       // Get
  std::optional<std::string> revision_id;  // none when Delete found no policy
};

}  // namespace ddb
