// engine/partiql/ast.h
//
// A PartiQL statement as DynamoDB accepts it, parsed (engine/partiql/parser.h)
// and not yet tied to a table. engine/partiql/compile.h turns it into the
// requests of the ordinary operations (GetItem, Query, Scan, PutItem,
// UpdateItem, DeleteItem and their transactional forms), so PartiQL runs on
// the same engine paths, with the same checks, streams and indexes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "model/attribute_value.h"
#include "model/item_requests.h"

namespace ddb::partiql {

// a.b[2]."c d": names and list indexes.
struct Path {
  std::vector<std::variant<std::string, int64_t>> steps;
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  enum class Kind {
    kValue,      // a scalar literal: value
    kParameter,  // '?': parameter (0-based, in order of appearance)
    kPath,       // path
    kMap,        // {'k': e, ...}: keys, args
    kList,       // [e, ...]: args
    kSet,        // <<e, ...>>: args
    kCompare,    // args[0] op args[1]; op is = <> < <= > >=
    kAnd,        // args[0] AND args[1]
    kOr,
    kNot,        // NOT args[0]
    kBetween,    // args[0] BETWEEN args[1] AND args[2]
    kIn,         // args[0] IN (args[1], ...)
    kIsMissing,  // args[0] IS [NOT] MISSING: negated
    kIsNull,     // args[0] IS [NOT] NULL
    kCall,       // op(args...): begins_with, contains, attribute_type, size,
                 // list_append, set_add, set_delete, ...
    kArithmetic, // args[0] op args[1]; op is + or -
  };
  Kind kind = Kind::kValue;
  AttributeValue value{};
  int parameter = 0;
  Path path{};
  std::string op{};
  bool negated = false;
  std::vector<std::string> keys{};
  std::vector<ExprPtr> args{};
};

struct Statement {
  // kExists: EXISTS(SELECT ...), a condition check in ExecuteTransaction.
  enum class Kind { kSelect, kInsert, kUpdate, kDelete, kExists };
  Kind kind = Kind::kSelect;
  std::string table{};
  std::optional<std::string> index{};  // SELECT ... FROM "table"."index"
  // SELECT: '*' or the paths.
  bool star = false;
  std::vector<Path> projection{};
  struct OrderKey {
    Path path;
    bool descending = false;
  };
  std::vector<OrderKey> order_by{};  // ORDER BY: the partition and/or sort key
  ExprPtr where{};
  ExprPtr value{};  // INSERT ... VALUE {...}
  // UPDATE: SET and REMOVE clauses in statement order.
  std::vector<std::pair<Path, ExprPtr>> sets{};
  std::vector<Path> removes{};
  ReturnValues returning = ReturnValues::kNone;
  int parameter_count = 0;
};

}  // namespace ddb::partiql
