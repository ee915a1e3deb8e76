// protocol/policy_check.h
//
// Enforcing resource-based policies under --auth (server/router.cc): which
// tables a request names, and whether a table's policy denies a caller an
// action (protocol/policy_check.cc says what is evaluated).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ddb::protocol {

// True when `document` has a Deny statement for `action` ("dynamodb:GetItem")
// on `resource` (an ARN) whose Principal matches one of `caller` (account
// id, root ARN, user ARN).
bool PolicyDenies(std::string_view document, std::string_view action,
                  const std::vector<std::string>& caller, std::string_view resource);

// A table (name or ARN) a request names, and the action it needs there
// when not the operation's own (a transaction's: "dynamodb:PutItem", ...).
struct NamedTable {
  std::string name;
  std::string action;
  std::string index;  // IndexName, when the request reads an index
};

// The tables a request body names: TableName (with IndexName), TableArn,
// ResourceArn, StreamArn, SourceTableName, SourceTableArn, RequestItems'
// keys, TransactItems' tables; and its PartiQL statements (Statement,
// Statements[].Statement, TransactStatements[].Statement), whose tables the
// caller finds by parsing them.
std::vector<NamedTable> TablesOf(std::string_view body, std::vector<std::string>* statements);

// PutResourcePolicy's Policy and ConfirmRemoveSelfResourceAccess.
std::optional<std::string> NewPolicyOf(std::string_view body, bool& confirmed);

}  // namespace ddb::protocol
