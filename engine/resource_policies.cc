// PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy.
//
// A table has two kinds of policy slot: its own (table ARN) and one per
// stream (stream ARN); each holds a document and a RevisionId, the epoch
// milliseconds of its last change. They live in the table's catalog record,
// so they survive restarts and go with the table. Putting the same document
// again changes nothing and answers the same RevisionId, as DynamoDB does.
// The documents are enforced only under --auth (server/policy_check.cc).
#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/engine.h"

namespace ddb {
namespace {

Error Invalid(const std::string& detail) {
  return Error::Validation("One or more parameter values were invalid: " + detail);
}

Error PolicyNotFound(const std::string& detail) {
  return {ErrorCode::kPolicyNotFoundException,
          "Resource-based policy not found for the provided ResourceArn: " + detail, {}, {}};
}

std::vector<std::string> Split(const std::string& text, char separator, std::size_t max_parts) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (parts.size() + 1 < max_parts) {
    std::size_t at = text.find(separator, start);
    if (at == std::string::npos) break;
    parts.push_back(text.substr(start, at - start));
    start = at + 1;
  }
  parts.push_back(text.substr(start));
  return parts;
}

// What a policy is put on: a table, and "" or a stream label.
struct PolicySlot {
  std::string table_name;
  std::string stream_label;
};

Result<PolicySlot> ParseResourceArn(const std::string& arn, const std::string& region) {
  if (!arn.starts_with("arn:")) return Invalid("ARNs must start with 'arn:': " + arn);
  std::vector<std::string> parts = Split(arn, ':', 6);
  if (parts.size() < 6 || parts[1] != "aws" || parts[3] != region) {
    return Invalid("Invalid resource Arn: " + arn);
  }
  if (parts[2] != "dynamodb") return Invalid("Provided Arn is not a DynamoDB resource arn: " + arn);
  if (parts[4] != kAccountId) {
    return Error::Validation(
        "This action is only supported by accounts that match the resource owner\u2019s account.");
  }
  std::vector<std::string> path = Split(parts[5], '/', 4);
  if (path.size() < 2 || path[0] != "table" || path[1].empty()) {
    return Invalid("Invalid resource Arn: " + arn);
  }
  if (path.size() == 2) return PolicySlot{path[1], ""};
  if (path.size() == 4 && path[2] == "stream" && !path[3].empty()) {
    return PolicySlot{path[1], path[3]};
  }
  if (path[2] == "index") {
    return Invalid("Invalid resource arn provided, only table or stream is accepted. Provided "
                   "resource arn: " + arn);
  }
  return Invalid("Provided Arn is not a DynamoDB resource arn: " + arn);
}

// The ExpectedRevisionId check of Put and Delete.
Status CheckExpected(const std::optional<std::string>& expected,
                     const TableDefinition::ResourcePolicy* current, const std::string& table) {
  if (!expected) return {};
  if (*expected == "NO_POLICY") {
    if (!current) return {};
    return PolicyNotFound("Requested policy update expecting none to be present for table " +
                          table + ", but a policy exists with revision id " +
                          current->revision_id + ".");
  }
  if (!current) {
    return PolicyNotFound("Requested update for policy with revision id " + *expected +
                          ", but table " + table + " has no associated policy.");
  }
  if (current->revision_id != *expected) {
    return PolicyNotFound("Requested update for policy with revision id " + *expected +
                          ", but the policy associated to target table " + table +
                          " has revision id " + current->revision_id + ".");
  }
  return {};
}

}  // namespace

std::string Engine::NextRevisionId(const std::string& after) {
  auto ms = static_cast<int64_t>(std::floor(clock() * 1000));
  if (!after.empty()) ms = std::max<int64_t>(ms, std::stoll(after) + 1);
  return std::to_string(ms);
}

Result<ResourcePolicyResponse> Engine::PutResourcePolicy(const RequestContext& context,
                                                         const ResourcePolicyRequest& request) {
  auto parsed = ParseResourceArn(request.resource_arn, context.region);
  if (!parsed) return std::move(parsed).error();
  const PolicySlot slot = *std::move(parsed);
  std::string revision;
  auto changed = ChangePolicies(context, slot.table_name, slot.stream_label,
                                [&](auto& policies) -> Status {
    auto it = policies.find(slot.stream_label);
    const TableDefinition::ResourcePolicy* current = it == policies.end() ? nullptr : &it->second;
    if (auto s = CheckExpected(request.expected_revision_id, current, slot.table_name); !s) {
      return s;
    }
    if (current && current->document == request.policy) {
      revision = current->revision_id;
      return {};
    }
    revision = NextRevisionId(current ? current->revision_id : "");
    policies[slot.stream_label] = {request.policy, revision};
    return {};
  });
  if (!changed) return std::move(changed).error();
  return ResourcePolicyResponse{std::nullopt, revision};
}

Result<ResourcePolicyResponse> Engine::GetResourcePolicy(const RequestContext& context,
                                                         const ResourcePolicyRequest& request) {
  auto parsed = ParseResourceArn(request.resource_arn, context.region);
  if (!parsed) return std::move(parsed).error();
  const PolicySlot slot = *std::move(parsed);
  TablePtr table = Settle(context, catalog_.Find(context.database, slot.table_name));
  if (auto s = CheckSlot(table, slot.table_name, slot.stream_label); !s) {
    return std::move(s).error();
  }
  auto it = table->resource_policies.find(slot.stream_label);
  if (it == table->resource_policies.end()) return PolicyNotFound(request.resource_arn);
  return ResourcePolicyResponse{it->second.document, it->second.revision_id};
}

Result<ResourcePolicyResponse> Engine::DeleteResourcePolicy(const RequestContext& context,
                                                            const ResourcePolicyRequest& request) {
  auto parsed = ParseResourceArn(request.resource_arn, context.region);
  if (!parsed) return std::move(parsed).error();
  const PolicySlot slot = *std::move(parsed);
  std::optional<std::string> revision;
  auto changed = ChangePolicies(context, slot.table_name, slot.stream_label,
                                [&](auto& policies) -> Status {
    auto it = policies.find(slot.stream_label);
    const TableDefinition::ResourcePolicy* current = it == policies.end() ? nullptr : &it->second;
    if (auto s = CheckExpected(request.expected_revision_id, current, slot.table_name); !s) {
      return s;
    }
    // No policy: nothing to do, and DynamoDB answers without a RevisionId.
    if (current) {
      revision = current->revision_id;
      policies.erase(it);
    }
    return {};
  });
  if (!changed) return std::move(changed).error();
  return ResourcePolicyResponse{std::nullopt, revision};
}

Status Engine::CheckSlot(const TablePtr& table, const std::string& table_name,
                         const std::string& stream_label) {
  if (!table) {
    return Error::ResourceNotFound("Requested resource not found: Table: " + table_name +
                                   " not found");
  }
  if (stream_label.empty()) return {};
  for (const TableStream& stream : table->streams) {
    if (stream.label == stream_label) return {};
  }
  return Error::ResourceNotFound("Requested resource not found: Stream: " + stream_label +
                                 " not found for Table: " + table_name);
}

Result<TableDefinition> Engine::ChangePolicies(
    const RequestContext& context, const std::string& table_name, const std::string& stream_label,
    const std::function<Status(std::map<std::string, TableDefinition::ResourcePolicy>&)>& change) {
  std::lock_guard lock(write_mu_);
  TablePtr current = SettleLocked(context, catalog_.Find(context.database, table_name));
  if (auto s = CheckSlot(current, table_name, stream_label); !s) return std::move(s).error();
  if (current->table_status == "DELETING") {
    return Error::ResourceInUse(
        "Attempt to change a resource which is still in use: Table is being deleted: " +
        table_name);
  }
  TableDefinition t = *current;
  if (auto s = change(t.resource_policies); !s) return std::move(s).error();
  if (t.resource_policies == current->resource_policies) return t;
  storage::WriteBatch batch;
  catalog_.StagePut(context.database, t, batch);
  if (auto s = Commit(batch); !s) return std::move(s).error();
  catalog_.CommitPut(context.database, t);
  return t;
}

}  // namespace ddb
