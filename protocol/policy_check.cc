// What --auth needs to enforce resource-based policies: the tables a request
// names, and whether a policy document denies an action to a caller.
//
// Locally every caller may do everything (there are no identity policies),
// so a resource policy can only take away: a Deny statement whose Effect,
// Principal, Action and Resource all match denies the call. Statements with
// a Condition, NotPrincipal, NotAction or NotResource are not evaluated.
#include "protocol/policy_check.h"

#include <cctype>

#include "protocol/json_reader.h"

namespace ddb::protocol {
namespace {

// IAM's wildcard match: '*' any run of characters, '?' one character.
bool Glob(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// A string or a list of strings, any of which matches.
bool AnyMatches(JsonElement value, std::string_view text, bool case_insensitive = false) {
  auto matches = [&](std::string_view pattern) {
    if (!case_insensitive) return Glob(pattern, text);
    std::string p(pattern), t(text);
    for (char& c : p) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return Glob(p, t);
  };
  std::string_view single;
  if (value.get_string().get(single) == simdjson::SUCCESS) return matches(single);
  JsonArray list;
  if (value.get_array().get(list) != simdjson::SUCCESS) return false;
  for (JsonElement e : list) {
    if (e.get_string().get(single) == simdjson::SUCCESS && matches(single)) return true;
  }
  return false;
}

bool PrincipalMatches(JsonElement principal, const std::vector<std::string>& caller) {
  std::string_view single;
  if (principal.get_string().get(single) == simdjson::SUCCESS) return single == "*";
  JsonObject object;
  if (principal.get_object().get(object) != simdjson::SUCCESS) return false;
  auto aws = Member(object, "AWS");
  if (!aws) return false;
  for (const std::string& name : caller) {
    if (AnyMatches(*aws, name)) return true;
  }
  return false;
}

bool StatementDenies(JsonElement element, std::string_view action,
                     const std::vector<std::string>& caller, std::string_view resource) {
  JsonObject statement;
  if (element.get_object().get(statement) != simdjson::SUCCESS) return false;
  std::string_view effect;
  auto e = Member(statement, "Effect");
  if (!e || e->get_string().get(effect) != simdjson::SUCCESS || effect != "Deny") return false;
  if (Member(statement, "Condition") || Member(statement, "NotPrincipal") ||
      Member(statement, "NotAction") || Member(statement, "NotResource")) {
    return false;
  }
  auto principal = Member(statement, "Principal");
  auto actions = Member(statement, "Action");
  auto resources = Member(statement, "Resource");
  return principal && actions && resources && PrincipalMatches(*principal, caller) &&
         AnyMatches(*actions, action, true) && AnyMatches(*resources, resource);
}

}  // namespace

bool PolicyDenies(std::string_view document, std::string_view action,
                  const std::vector<std::string>& caller, std::string_view resource) {
  simdjson::dom::parser parser;
  JsonElement root;
  JsonObject policy;
  if (parser.parse(document.data(), document.size()).get(root) != simdjson::SUCCESS ||
      root.get_object().get(policy) != simdjson::SUCCESS) {
    return false;
  }
  auto statements = Member(policy, "Statement");
  if (!statements) return false;
  JsonArray list;
  if (statements->get_array().get(list) != simdjson::SUCCESS) {
    return StatementDenies(*statements, action, caller, resource);
  }
  for (JsonElement statement : list) {
    if (StatementDenies(statement, action, caller, resource)) return true;
  }
  return false;
}

std::vector<NamedTable> TablesOf(std::string_view body, std::vector<std::string>* statements) {
  std::vector<NamedTable> out;
  simdjson::dom::parser parser;
  JsonElement root;
  JsonObject request;
  if (parser.parse(body.data(), body.size()).get(root) != simdjson::SUCCESS ||
      root.get_object().get(request) != simdjson::SUCCESS) {
    return out;
  }
  std::string_view text;
  for (std::string_view member : {"TableName", "TableArn", "ResourceArn", "StreamArn",
                                  "SourceTableName", "SourceTableArn"}) {
    auto value = Member(request, member);
    if (value && value->get_string().get(text) == simdjson::SUCCESS) {
      out.push_back({std::string(text), "", ""});
    }
  }
  std::string_view index;
  if (auto value = Member(request, "IndexName");
      value && value->get_string().get(index) == simdjson::SUCCESS && !out.empty()) {
    out.front().index = std::string(index);
  }
  if (statements) {
    if (auto value = Member(request, "Statement");
        value && value->get_string().get(text) == simdjson::SUCCESS) {
      statements->emplace_back(text);
    }
    for (std::string_view list : {"Statements", "TransactStatements"}) {
      JsonArray array;
      auto value = Member(request, list);
      if (!value || value->get_array().get(array) != simdjson::SUCCESS) continue;
      for (JsonElement e : array) {
        JsonObject entry;
        if (e.get_object().get(entry) != simdjson::SUCCESS) continue;
        auto statement = Member(entry, "Statement");
        if (statement && statement->get_string().get(text) == simdjson::SUCCESS) {
          statements->emplace_back(text);
        }
      }
    }
  }
  JsonObject items;
  if (auto value = Member(request, "RequestItems");
      value && value->get_object().get(items) == simdjson::SUCCESS) {
    for (auto field : items) out.push_back({std::string(field.key), "", ""});
  }
  JsonArray actions;
  if (auto value = Member(request, "TransactItems");
      value && value->get_array().get(actions) == simdjson::SUCCESS) {
    for (JsonElement element : actions) {
      JsonObject wrapper;
      if (element.get_object().get(wrapper) != simdjson::SUCCESS) continue;
      // Each action of a transaction needs its own permission.
      for (auto field : wrapper) {
        JsonObject inner;
        if (field.value.get_object().get(inner) != simdjson::SUCCESS) continue;
        auto name = Member(inner, "TableName");
        if (!name || name->get_string().get(text) != simdjson::SUCCESS) continue;
        std::string_view kind = field.key;
        std::string action = kind == "ConditionCheck" ? "dynamodb:ConditionCheckItem"
                                                      : "dynamodb:" + std::string(kind) + "Item";
        out.push_back({std::string(text), std::move(action), ""});
      }
    }
  }
  return out;
}

std::optional<std::string> NewPolicyOf(std::string_view body, bool& confirmed) {
  simdjson::dom::parser parser;
  JsonElement root;
  JsonObject request;
  if (parser.parse(body.data(), body.size()).get(root) != simdjson::SUCCESS ||
      root.get_object().get(request) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  bool confirm = false;
  if (auto c = Member(request, "ConfirmRemoveSelfResourceAccess");
      c && c->get_bool().get(confirm) != simdjson::SUCCESS) {
    confirm = false;
  }
  confirmed = confirm;
  std::string_view policy;
  auto p = Member(request, "Policy");
  if (!p || p->get_string().get(policy) != simdjson::SUCCESS) return std::nullopt;
  return std::string(policy);
}

}  // namespace ddb::protocol
