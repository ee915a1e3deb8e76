// PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy <-> JSON, and
// the checks DynamoDB makes of a policy document before it stores it.
#include <set>

#include "protocol/operations.h"
#include "protocol/request_json.h"

namespace ddb::protocol {
namespace {

constexpr std::size_t kMaxPolicyBytes = 20480;

Error InvalidPolicy(std::string_view detail) {
  return Error::Validation("One or more parameter values were invalid: " + std::string(detail));
}

// Principal "*" or {"AWS": "*"} (or a list holding "*").
bool Everyone(JsonElement principal) {
  std::string_view text;
  if (principal.get_string().get(text) == simdjson::SUCCESS) return text == "*";
  JsonObject object;
  if (principal.get_object().get(object) == simdjson::SUCCESS) {
    for (auto field : object) {
      if (Everyone(field.value)) return true;
    }
    return false;
  }
  JsonArray array;
  if (principal.get_array().get(array) == simdjson::SUCCESS) {
    for (JsonElement e : array) {
      if (Everyone(e)) return true;
    }
  }
  return false;
}

Status CheckStatement(JsonElement element, std::set<std::string>& sids) {
  JsonObject statement;
  if (element.get_object().get(statement) != simdjson::SUCCESS) {
    return InvalidPolicy("Invalid policy document: This policy contains invalid Json");
  }
  if (!Member(statement, "Resource") && !Member(statement, "NotResource")) {
    return InvalidPolicy("Invalid policy document: Missing required field Resource");
  }
  std::string_view sid;
  if (auto s = Member(statement, "Sid"); s && s->get_string().get(sid) == simdjson::SUCCESS) {
    if (!sids.insert(std::string(sid)).second) {
      return InvalidPolicy("Invalid policy document: The Statement Ids in the policy are not unique");
    }
  }
  std::string_view effect;
  auto principal = Member(statement, "Principal");
  if (auto e = Member(statement, "Effect"); e && e->get_string().get(effect) == simdjson::SUCCESS &&
                                            effect == "Allow" && principal && Everyone(*principal) &&
                                            !Member(statement, "Condition")) {
    return Error::Validation(
        "Resource-based policy grants unbounded access in one or more elements. Please revise the "
        "policy to ensure least-privilege form of access");
  }
  return {};
}

}  // namespace

Result<std::string> CheckPolicyDocument(std::string_view document) {
  if (document.size() > kMaxPolicyBytes) {
    return InvalidPolicy("Maximum policy size of 20480 bytes exceeded");
  }
  // Its own parser: the request's document is still in use.
  simdjson::dom::parser parser;
  JsonElement root;
  JsonObject policy;
  if (parser.parse(document.data(), document.size()).get(root) != simdjson::SUCCESS ||
      root.get_object().get(policy) != simdjson::SUCCESS) {
    return InvalidPolicy("Invalid policy document: This policy contains invalid Json");
  }
  auto statements = Member(policy, "Statement");
  std::set<std::string> sids;
  JsonArray list;
  bool empty = !statements;
  if (statements && statements->get_array().get(list) == simdjson::SUCCESS) {
    empty = list.size() == 0;
    for (JsonElement e : list) {
      if (auto s = CheckStatement(e, sids); !s) return std::move(s).error();
    }
  } else if (statements) {
    if (auto s = CheckStatement(*statements, sids); !s) return std::move(s).error();
  }
  if (empty) return InvalidPolicy("Invalid policy document: Could not parse the policy: Statement is empty!");
  return simdjson::minify(root);
}

namespace {

Result<ResourcePolicyRequest> DecodePolicyRequest(std::string_view body, bool put, bool expected) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  ResourcePolicyRequest out;
  std::optional<std::string> arn, policy;
  DDB_ASSIGN(arn, OptString(request, "ResourceArn"));
  c.Required(arn.has_value(), "resourceArn");
  if (arn) c.Length(*arn, "resourceArn", 1, 1283);
  out.resource_arn = arn.value_or("");
  if (put) {
    DDB_ASSIGN(policy, OptString(request, "Policy"));
    c.Required(policy.has_value(), "policy");
    std::optional<bool> confirm;
    DDB_ASSIGN(confirm, OptBool(request, "ConfirmRemoveSelfResourceAccess"));
    out.confirm_remove_self_resource_access = confirm.value_or(false);
  }
  if (expected) {
    DDB_ASSIGN(out.expected_revision_id, OptString(request, "ExpectedRevisionId"));
    if (out.expected_revision_id) c.Length(*out.expected_revision_id, "expectedRevisionId", 1, 255);
  }
  if (auto s = c.Finish(); !s) return std::move(s).error();
  if (put) DDB_ASSIGN(out.policy, CheckPolicyDocument(*policy));
  return out;
}

}  // namespace

Result<ResourcePolicyRequest> DecodePutResourcePolicy(std::string_view body) {
  return DecodePolicyRequest(body, true, true);
}

Result<ResourcePolicyRequest> DecodeGetResourcePolicy(std::string_view body) {
  return DecodePolicyRequest(body, false, false);
}

Result<ResourcePolicyRequest> DecodeDeleteResourcePolicy(std::string_view body) {
  return DecodePolicyRequest(body, false, true);
}

std::string EncodeResourcePolicy(const ResourcePolicyResponse& response) {
  JsonWriter out;
  out.BeginObject();
  if (response.policy) out.PlainKey("Policy").String(*response.policy);
  if (response.revision_id) out.PlainKey("RevisionId").String(*response.revision_id);
  out.EndObject();
  return std::move(out).Take();
}

}  // namespace ddb::protocol
