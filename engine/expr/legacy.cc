#include "engine/expr/legacy.h"

namespace ddb::expr {
namespace {

Node PathNode(const std::string& name) {
  Node node;
  node.kind = Node::Kind::kPath;
  node.path = {PathStep{name, 0, false}};
  return node;
}

Node ValueNode(AttributeValue value) {
  Node node;
  node.kind = Node::Kind::kValue;
  node.value = std::move(value);
  return node;
}

Node Function(std::string name, std::vector<Node> children) {
  Node node;
  node.kind = Node::Kind::kFunction;
  node.name = std::move(name);
  node.children = std::move(children);
  return node;
}

Node Compare(std::string op, Node left, Node right) {
  Node node;
  node.kind = Node::Kind::kCompare;
  node.name = std::move(op);
  node.children = {std::move(left), std::move(right)};
  return node;
}

Node Not(Node inner) {
  Node node;
  node.kind = Node::Kind::kNot;
  node.children.push_back(std::move(inner));
  return node;
}

// How many values each ComparisonOperator takes (IN: one or more).
int Arity(const std::string& op) {
  if (op == "NULL" || op == "NOT_NULL") return 0;
  if (op == "BETWEEN") return 2;
  if (op == "IN") return -1;
  return 1;
}

Result<Node> WithOperator(const ExpectedAttribute& e) {
  const std::string& op = *e.comparison_operator;
  const auto& values = e.attribute_value_list;
  int arity = Arity(op);
  if ((arity >= 0 && static_cast<int>(values.size()) != arity) || (arity < 0 && values.empty())) {
    return Error::InvalidParameter("Invalid number of argument(s) for the " + op +
                                   " ComparisonOperator");
  }
  Node path = PathNode(e.name);
  if (op == "NULL") return Function("attribute_not_exists", {path});
  if (op == "NOT_NULL") return Function("attribute_exists", {path});
  if (op == "CONTAINS") return Function("contains", {path, ValueNode(values[0])});
  if (op == "NOT_CONTAINS") return Not(Function("contains", {path, ValueNode(values[0])}));
  if (op == "BEGINS_WITH") {
    Type t = values[0].type();
    if (t != Type::kS && t != Type::kB) {
      return Error::InvalidParameter("ComparisonOperator BEGINS_WITH is not valid for " +
                                     std::string(TypeName(t)) + " AttributeValue type");
    }
    return Function("begins_with", {path, ValueNode(values[0])});
  }
  if (op == "BETWEEN") {
    Node node;
    node.kind = Node::Kind::kBetween;
    node.children = {path, ValueNode(values[0]), ValueNode(values[1])};
    return node;
  }
  if (op == "IN") {
    Node node;
    node.kind = Node::Kind::kIn;
    node.children.push_back(path);
    for (const auto& v : values) node.children.push_back(ValueNode(v));
    return node;
  }
  static const std::pair<const char*, const char*> kOperators[] = {
      {"EQ", "="}, {"NE", "<>"}, {"LT", "<"}, {"LE", "<="}, {"GT", ">"}, {"GE", ">="}};
  for (const auto& [name, symbol] : kOperators) {
    if (op == name) return Compare(symbol, path, ValueNode(values[0]));
  }
  return Error::InvalidParameter("Unsupported ComparisonOperator: " + op);
}

Result<Node> One(const ExpectedAttribute& e) {
  if (e.comparison_operator) {
    if (e.exists || e.value) {
      return Error::InvalidParameter("Exists and Value cannot be used with ComparisonOperator");
    }
    return WithOperator(e);
  }
  if (e.exists == false) {
    if (e.value) {
      return Error::InvalidParameter("Value cannot be used when Exists is false for Attribute: " +
                                     e.name);
    }
    return Function("attribute_not_exists", {PathNode(e.name)});
  }
  if (!e.value) {
    return Error::InvalidParameter(std::string("Value must be provided when Exists is ") +
                                   (e.exists ? "true" : "null") + " for Attribute: " + e.name);
  }
  return Compare("=", PathNode(e.name), ValueNode(*e.value));
}

}  // namespace

Result<Node> TranslateExpected(const std::vector<ExpectedAttribute>& expected,
                               const std::optional<std::string>& conditional_operator) {
  bool any = conditional_operator == "OR";
  std::optional<Node> result;
  for (const auto& e : expected) {
    auto node = One(e);
    if (!node) return node;
    if (!result) {
      result = *std::move(node);
      continue;
    }
    Node joined;
    joined.kind = any ? Node::Kind::kOr : Node::Kind::kAnd;
    joined.children = {*std::move(result), *std::move(node)};
    result = std::move(joined);
  }
  if (!result) return Error::Validation("Expected must not be empty");
  return *std::move(result);
}

Result<Update> TranslateAttributeUpdates(const std::vector<AttributeUpdate>& updates) {
  Update update;
  for (const auto& u : updates) {
    UpdateAction action;
    action.path = {PathStep{u.name, 0, false}};
    if (u.action == "PUT") {
      if (!u.value) {
        return Error::InvalidParameter("Only DELETE action is allowed when no attribute value "
                                       "is specified");
      }
      action.kind = UpdateAction::Kind::kSet;
      action.value = ValueNode(*u.value);
    } else if (u.action == "DELETE") {
      action.kind = u.value ? UpdateAction::Kind::kDelete : UpdateAction::Kind::kRemove;
      if (u.value) action.value = ValueNode(*u.value);
    } else {
      if (!u.value) {
        return Error::InvalidParameter("Only DELETE action is allowed when no attribute value "
                                       "is specified");
      }
      if (u.value->type() == Type::kL) {
        // The legacy ADD appends to a list (creating it when absent).
        action.kind = UpdateAction::Kind::kSet;
        action.value = Function(
            "list_append",
            {Function("if_not_exists", {PathNode(u.name), ValueNode(AttributeValue::L({}))}),
             ValueNode(*u.value)});
      } else {
        action.kind = UpdateAction::Kind::kAdd;
        action.value = ValueNode(*u.value);
      }
    }
    update.actions.push_back(std::move(action));
  }
  return update;
}

}  // namespace ddb::expr
