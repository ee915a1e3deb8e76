// PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy <-> JSON, and
// the checks DynamoDB makes of a policy document before it stores it.
#include <algorithm>
#include <iterator>
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

bool AccountId(std::string_view s) {
  return s.size() == 12 && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// A list of one element as that element; an account id as its root ARN
// (for Principal's AWS values).
void WriteCanonicalList(JsonElement value, bool principal, JsonWriter& out) {
  auto write_one = [&](JsonElement e) {
    std::string_view text;
    if (principal && e.get_string().get(text) == simdjson::SUCCESS && AccountId(text)) {
      out.String("arn:aws:iam::" + std::string(text) + ":root");
    } else {
      out.Raw(simdjson::minify(e));
    }
  };
  JsonArray array;
  if (value.get_array().get(array) != simdjson::SUCCESS) return write_one(value);
  if (array.size() == 1) return write_one(array.at(0).value_unsafe());
  out.BeginArray();
  for (JsonElement e : array) write_one(e);
  out.EndArray();
}

void WriteCanonicalStatement(JsonElement element, JsonWriter& out) {
  JsonObject statement;
  if (element.get_object().get(statement) != simdjson::SUCCESS) {
    out.Raw(simdjson::minify(element));
    return;
  }
  static constexpr std::string_view kOrder[] = {"Sid",      "Effect",    "Principal",
                                                "NotPrincipal", "Action", "NotAction",
                                                "Resource", "NotResource", "Condition"};
  out.BeginObject();
  for (std::string_view key : kOrder) {
    auto value = Member(statement, key);
    if (!value) continue;
    out.Key(key);
    if (key == "Principal" || key == "NotPrincipal") {
      JsonObject principals;
      if (value->get_object().get(principals) == simdjson::SUCCESS) {
        out.BeginObject();
        for (auto field : principals) {
          out.Key(field.key);
          WriteCanonicalList(field.value, field.key == "AWS", out);
        }
        out.EndObject();
      } else {
        out.Raw(simdjson::minify(*value));
      }
    } else if (key.ends_with("Action") || key.ends_with("Resource")) {
      WriteCanonicalList(*value, false, out);
    } else {
      out.Raw(simdjson::minify(*value));
    }
  }
  for (auto field : statement) {
    if (std::find(std::begin(kOrder), std::end(kOrder), field.key) != std::end(kOrder)) continue;
    out.Key(field.key).Raw(simdjson::minify(field.value));
  }
  out.EndObject();
}

// The document as DynamoDB gives it back: Version first (2008-10-17 when
// absent), statements' members in a fixed order, one-element lists as
// their element, account ids in Principal as root ARNs.
std::string Canonical(JsonObject policy) {
  JsonWriter out;
  out.BeginObject();
  std::string_view version = "2008-10-17";
  if (auto v = Member(policy, "Version"); v && v->get_string().get(version) != simdjson::SUCCESS) {
    version = "2008-10-17";
  }
  out.Key("Version").String(version);
  for (auto field : policy) {
    if (field.key == "Version") continue;
    out.Key(field.key);
    if (field.key != "Statement") {
      out.Raw(simdjson::minify(field.value));
      continue;
    }
    JsonArray statements;
    if (field.value.get_array().get(statements) == simdjson::SUCCESS) {
      out.BeginArray();
      for (JsonElement e : statements) WriteCanonicalStatement(e, out);
      out.EndArray();
    } else {
      WriteCanonicalStatement(field.value, out);
    }
  }
  out.EndObject();
  return std::move(out).Take();
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
  return Canonical(policy);
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
