// engine/partiql/compile.h
//
// A parsed PartiQL statement (engine/partiql/ast.h) on a known table, turned
// into the requests of the ordinary operations, with expressions written in
// DynamoDB's expression language (#names and :values), so that PartiQL runs
// through the same validation, evaluation, indexes and streams:
//
//   SELECT ... WHERE pk = v [AND ...]   one Query per partition key value
//        (pk = v, pk IN [...], pk = a OR pk = b); sort key conditions become
//        the key condition, the rest the filter
//   SELECT ... (anything else)          a Scan with the WHERE as its filter
//   INSERT INTO t VALUE {...}           Put, attribute_not_exists(pk)
//   UPDATE t SET/REMOVE ... WHERE key   Update, attribute_exists(pk) AND rest
//   DELETE FROM t WHERE key [AND rest]  Delete, rest as its condition
//   EXISTS(SELECT ... WHERE key ...)    ConditionCheck, attribute_exists(pk) AND rest
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/partiql/ast.h"
#include "model/error.h"
#include "model/read_requests.h"
#include "model/table.h"
#include "model/transact_requests.h"

namespace ddb::partiql {

using Parameters = std::vector<AttributeValue>;

struct CompiledRead {
  bool scan = false;
  std::vector<QueryRequest> queries;  // when !scan: one per partition key value
  ScanRequest scan_request;           // when scan
  // When the WHERE pins the table's whole primary key with equalities and
  // nothing else (no index): that key, for GetItem-like reads.
  std::optional<Item> key;
  Expressions projection;             // ProjectionExpression and its names, for `key`
  std::vector<Path> paths;            // the projection, empty for '*'
};

struct CompiledWrite {
  TransactWriteAction action;  // table, item or key, expressions
  ReturnValues returning = ReturnValues::kNone;
  bool insert = false;         // a failed condition means the item exists
};

// REQUIRES: statement is a SELECT; parameters match its '?'s.
Result<CompiledRead> CompileRead(const Statement& statement, const Parameters& parameters,
                                 const TableDefinition& table);
// REQUIRES: statement is an INSERT, UPDATE, DELETE or EXISTS.
Result<CompiledWrite> CompileWrite(const Statement& statement, const Parameters& parameters,
                                   const TableDefinition& table);

// An item as a SELECT presents it: with a projection, each path's value
// under the path's last name (and any list indexes after it), "b[0]" for
// a.b[0]; the item itself for '*'.
Item Present(const Item& item, const std::vector<Path>& paths);

}  // namespace ddb::partiql
