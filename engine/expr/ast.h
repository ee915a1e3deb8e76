// engine/expr/ast.h
//
// The parsed form of DynamoDB's expressions -- condition, projection, update
// (and later key-condition and filter) -- with every #name and :value
// placeholder already replaced by what it stands for. Produced by parser.h,
// consumed by eval.h. Plain data.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/attribute_value.h"

namespace ddb::expr {

// One step of a document path: a map member or a list index.
struct PathStep {
  std::string name;   // when !is_index
  int index = 0;      // when is_index
  bool is_index = false;
  friend bool operator==(const PathStep&, const PathStep&) = default;
};
using Path = std::vector<PathStep>;

// "[a, b, [2]]": a path as DynamoDB's messages print it.
std::string PathList(const Path& path);

// Whether two paths of one expression touch the same data, as DynamoDB's
// message: they overlap when one is a prefix of the other (or both are
// equal), and conflict when one steps into a map where the other steps into
// a list. Both are refused in projections and updates.
std::optional<std::string> PathClash(const Path& one, const Path& two);

// A node of a condition or of an update value.
struct Node {
  enum class Kind {
    kPath,      // path
    kValue,     // value
    kFunction,  // name(children...): attribute_exists, size, if_not_exists, ...
    kPlus,      // children[0] + children[1] (update values)
    kMinus,     // children[0] - children[1]
    kCompare,   // children[0] op children[1]; op in name: = <> < <= > >=
    kBetween,   // children[0] BETWEEN children[1] AND children[2]
    kIn,        // children[0] IN (children[1..])
    kAnd,
    kOr,
    kNot,
  };
  Kind kind = Kind::kValue;
  std::string name;
  Path path;
  AttributeValue value;
  std::vector<Node> children;
};

// UpdateExpression: its actions in clause order.
struct UpdateAction {
  enum class Kind { kSet, kRemove, kAdd, kDelete };
  Kind kind = Kind::kSet;
  Path path;
  Node value;  // SET: the value expression; ADD/DELETE: the operand
};

struct Update {
  std::vector<UpdateAction> actions;
};

}  // namespace ddb::expr
