#include "engine/expr/eval.h"

#include <algorithm>

namespace ddb::expr {
namespace {

Error InvalidUpdate(const std::string& detail) {
  return Error::Validation("Invalid UpdateExpression: " + detail);
}

Error WrongOperandType() {
  return Error::Validation("An operand in the update expression has an incorrect data type");
}

bool IsScalarKeyType(Type t) { return t == Type::kS || t == Type::kN || t == Type::kB; }

std::optional<AttributeValue> Size(const AttributeValue& v) {
  std::size_t n = 0;
  switch (v.type()) {
    case Type::kS: n = v.s().size(); break;
    case Type::kB: n = v.b().bytes.size(); break;
    case Type::kM: n = v.m().size(); break;
    case Type::kL: n = v.l().size(); break;
    case Type::kSS: n = v.ss().size(); break;
    case Type::kNS: n = v.ns().size(); break;
    case Type::kBS: n = v.bs().size(); break;
    default: return std::nullopt;
  }
  return AttributeValue::N(*Number::Parse(std::to_string(n)));
}

// An operand's value in a condition: nullopt when the path is missing.
std::optional<AttributeValue> OperandValue(const Node& node, const Item& item) {
  switch (node.kind) {
    case Node::Kind::kValue: return node.value;
    case Node::Kind::kPath: {
      const AttributeValue* v = Resolve(item, node.path);
      if (!v) return std::nullopt;
      return *v;
    }
    case Node::Kind::kFunction: {  // size(path) or size(:value)
      std::optional<AttributeValue> v = OperandValue(node.children[0], item);
      if (!v) return std::nullopt;
      return Size(*v);
    }
    default: return std::nullopt;
  }
}

bool Compare(const std::string& op, const std::optional<AttributeValue>& a,
             const std::optional<AttributeValue>& b) {
  if (op == "=") return a && b && *a == *b;
  if (op == "<>") return !(a && b && *a == *b);
  if (!a || !b || a->type() != b->type() || !IsScalarKeyType(a->type())) return false;
  int c = CompareScalars(*a, *b);
  if (op == "<") return c < 0;
  if (op == "<=") return c <= 0;
  if (op == ">") return c > 0;
  return c >= 0;
}

bool Contains(const AttributeValue& haystack, const AttributeValue& needle) {
  switch (haystack.type()) {
    case Type::kS:
      return needle.type() == Type::kS && haystack.s().find(needle.s()) != std::string::npos;
    case Type::kB:
      return needle.type() == Type::kB &&
             haystack.b().bytes.find(needle.b().bytes) != std::string::npos;
    case Type::kSS: return needle.type() == Type::kS && haystack.ss().count(needle.s()) > 0;
    case Type::kNS: return needle.type() == Type::kN && haystack.ns().count(needle.n()) > 0;
    case Type::kBS: return needle.type() == Type::kB && haystack.bs().count(needle.b()) > 0;
    case Type::kL:
      return std::find(haystack.l().begin(), haystack.l().end(), needle) != haystack.l().end();
    default: return false;
  }
}

bool EvaluateFunction(const Node& f, const Item& item) {
  const Path& path = f.children[0].path;
  if (f.name == "attribute_exists") return Resolve(item, path) != nullptr;
  if (f.name == "attribute_not_exists") return Resolve(item, path) == nullptr;
  std::optional<AttributeValue> first = OperandValue(f.children[0], item);
  std::optional<AttributeValue> second = OperandValue(f.children[1], item);
  // The parser has refused literal operands of the wrong type.
  if (f.name == "attribute_type") {
    return first && second && second->type() == Type::kS && TypeName(first->type()) == second->s();
  }
  if (f.name == "begins_with") {
    if (!first || !second || first->type() != second->type()) return false;
    if (first->type() == Type::kS) return first->s().starts_with(second->s());
    if (first->type() == Type::kB) return first->b().bytes.starts_with(second->b().bytes);
    return false;
  }
  // contains
  return first && second && Contains(*first, *second);
}

}  // namespace

// <0, 0, >0; REQUIRES: same scalar type.
int CompareScalars(const AttributeValue& a, const AttributeValue& b) {
  switch (a.type()) {
    case Type::kN: {
      auto c = a.n() <=> b.n();
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    case Type::kS: return a.s().compare(b.s());
    default: return a.b().bytes.compare(b.b().bytes);
  }
}


const AttributeValue* Resolve(const Item& item, const Path& path) {
  if (path.empty() || path[0].is_index) return nullptr;
  auto it = item.find(path[0].name);
  if (it == item.end()) return nullptr;
  const AttributeValue* current = &it->second;
  for (std::size_t i = 1; i < path.size(); ++i) {
    const PathStep& step = path[i];
    if (step.is_index) {
      if (current->type() != Type::kL) return nullptr;
      const List& list = current->l();
      if (step.index < 0 || static_cast<std::size_t>(step.index) >= list.size()) return nullptr;
      current = &list[static_cast<std::size_t>(step.index)];
    } else {
      if (current->type() != Type::kM) return nullptr;
      auto member = current->m().find(step.name);
      if (member == current->m().end()) return nullptr;
      current = &member->second;
    }
  }
  return current;
}

Result<bool> Evaluate(const Node& node, const Item& item, std::string_view kind) {
  switch (node.kind) {
    case Node::Kind::kAnd:
    case Node::Kind::kOr: {
      auto left = Evaluate(node.children[0], item, kind);
      if (!left) return left;
      if (*left == (node.kind == Node::Kind::kOr)) return *left;
      return Evaluate(node.children[1], item, kind);
    }
    case Node::Kind::kNot: {
      auto inner = Evaluate(node.children[0], item, kind);
      if (!inner) return inner;
      return !*inner;
    }
    case Node::Kind::kCompare:
      return Compare(node.name, OperandValue(node.children[0], item),
                     OperandValue(node.children[1], item));
    case Node::Kind::kBetween: {
      auto x = OperandValue(node.children[0], item);
      return Compare(">=", x, OperandValue(node.children[1], item)) &&
             Compare("<=", x, OperandValue(node.children[2], item));
    }
    case Node::Kind::kIn: {
      auto x = OperandValue(node.children[0], item);
      for (std::size_t i = 1; i < node.children.size(); ++i) {
        if (Compare("=", x, OperandValue(node.children[i], item))) return true;
      }
      return false;
    }
    case Node::Kind::kFunction:
      return EvaluateFunction(node, item);
    default:
      return Error::Validation("Invalid " + std::string(kind) +
                               ": The expression has a value that is not a condition");
  }
}

namespace {

// Copies the value at path[i..] of `source` into `target`, creating the
// enclosing maps and lists as needed.
void ProjectInto(const AttributeValue& source, const Path& path, std::size_t i,
                 AttributeValue& target) {
  if (i == path.size()) {
    target = source;
    return;
  }
  const PathStep& step = path[i];
  if (step.is_index) {
    if (source.type() != Type::kL || static_cast<std::size_t>(step.index) >= source.l().size()) {
      return;
    }
    List list = target.type() == Type::kL ? target.l() : List{};
    AttributeValue element;
    ProjectInto(source.l()[static_cast<std::size_t>(step.index)], path, i + 1, element);
    list.push_back(std::move(element));
    target = AttributeValue::L(std::move(list));
    return;
  }
  if (source.type() != Type::kM) return;
  auto it = source.m().find(step.name);
  if (it == source.m().end()) return;
  Map map = target.type() == Type::kM ? target.m() : Map{};
  AttributeValue& child = map[step.name];
  ProjectInto(it->second, path, i + 1, child);
  target = AttributeValue::M(std::move(map));
}

}  // namespace

Item Project(const Item& item, const std::vector<Path>& paths) {
  AttributeValue result = AttributeValue::M({});
  AttributeValue whole = AttributeValue::M(item);
  for (const Path& path : paths) {
    if (Resolve(item, path) == nullptr) continue;
    ProjectInto(whole, path, 0, result);
  }
  return result.m();
}

namespace {

Result<AttributeValue> UpdateValue(const Node& node, const Item& item) {
  switch (node.kind) {
    case Node::Kind::kValue: return node.value;
    case Node::Kind::kPath: {
      const AttributeValue* v = Resolve(item, node.path);
      if (!v) {
        return Error::Validation(
            "The provided expression refers to an attribute that does not exist in the item");
      }
      return *v;
    }
    case Node::Kind::kPlus:
    case Node::Kind::kMinus: {
      auto a = UpdateValue(node.children[0], item);
      if (!a) return a;
      auto b = UpdateValue(node.children[1], item);
      if (!b) return b;
      if (a->type() != Type::kN || b->type() != Type::kN) return WrongOperandType();
      auto r = node.kind == Node::Kind::kPlus ? Add(a->n(), b->n()) : Subtract(a->n(), b->n());
      if (!r) return Error::Validation(std::string(NumberErrorMessage(r.error())));
      return AttributeValue::N(*std::move(r));
    }
    default: break;
  }
  if (node.name == "if_not_exists") {
    if (const AttributeValue* v = Resolve(item, node.children[0].path)) return *v;
    return UpdateValue(node.children[1], item);
  }
  // list_append
  auto a = UpdateValue(node.children[0], item);
  if (!a) return a;
  auto b = UpdateValue(node.children[1], item);
  if (!b) return b;
  if (a->type() != Type::kL || b->type() != Type::kL) {
    Type wrong = a->type() != Type::kL ? a->type() : b->type();
    return InvalidUpdate("Incorrect operand type for operator or function; operator or "
                         "function: list_append, operand type: " + std::string(TypeName(wrong)));
  }
  List joined = a->l();
  joined.insert(joined.end(), b->l().begin(), b->l().end());
  return AttributeValue::L(std::move(joined));
}

Error InvalidPath() {
  return Error::Validation("The document path provided in the update expression is invalid for "
                           "update");
}

// Walks to the container of path's last step, copying on the way. nullptr
// when the path cannot exist in this item.
AttributeValue* Parent(Item& item, const Path& path) {
  if (path.size() < 2) return nullptr;
  auto it = item.find(path[0].name);
  if (it == item.end()) return nullptr;
  AttributeValue* current = &it->second;
  for (std::size_t i = 1; i + 1 < path.size(); ++i) {  // NOLINT(modernize-loop-convert)
    const PathStep& step = path[i];
    if (step.is_index) {
      if (current->type() != Type::kL || static_cast<std::size_t>(step.index) >= current->l().size()) {
        return nullptr;
      }
      current = &current->mutable_l()[static_cast<std::size_t>(step.index)];
    } else {
      if (current->type() != Type::kM) return nullptr;
      auto member = current->mutable_m().find(step.name);
      if (member == current->mutable_m().end()) return nullptr;
      current = &member->second;
    }
  }
  return current;
}

Status Assign(Item& item, const Path& path, AttributeValue value) {
  if (path.size() == 1) {
    item.insert_or_assign(path[0].name, std::move(value));
    return {};
  }
  AttributeValue* parent = Parent(item, path);
  const PathStep& last = path.back();
  if (!parent) return InvalidPath();
  if (last.is_index) {
    if (parent->type() != Type::kL) return InvalidPath();
    List& list = parent->mutable_l();
    if (static_cast<std::size_t>(last.index) < list.size()) {
      list[static_cast<std::size_t>(last.index)] = std::move(value);
    } else {
      list.push_back(std::move(value));
    }
    return {};
  }
  if (parent->type() != Type::kM) return InvalidPath();
  parent->mutable_m().insert_or_assign(last.name, std::move(value));
  return {};
}

void Remove(Item& item, const Path& path) {
  if (path.size() == 1) {
    item.erase(path[0].name);
    return;
  }
  AttributeValue* parent = Parent(item, path);
  if (!parent) return;
  const PathStep& last = path.back();
  if (last.is_index && parent->type() == Type::kL) {
    List& list = parent->mutable_l();
    if (static_cast<std::size_t>(last.index) < list.size()) {
      list.erase(list.begin() + last.index);
    }
  } else if (!last.is_index && parent->type() == Type::kM) {
    parent->mutable_m().erase(last.name);
  }
}

template <typename Set>
Set Union(const Set& a, const Set& b) {
  Set out = a;
  out.insert(b.begin(), b.end());
  return out;
}

template <typename Set>
Set Difference(const Set& a, const Set& b) {
  Set out;
  for (const auto& x : a) {
    if (!b.count(x)) out.insert(x);
  }
  return out;
}

Result<std::optional<AttributeValue>> Added(const AttributeValue* old, const AttributeValue& v) {
  if (!old) return std::optional<AttributeValue>(v);
  if (old->type() != v.type()) return WrongOperandType();
  switch (v.type()) {
    case Type::kN: {
      auto sum = Add(old->n(), v.n());
      if (!sum) return Error::Validation(std::string(NumberErrorMessage(sum.error())));
      return std::optional<AttributeValue>(AttributeValue::N(*std::move(sum)));
    }
    case Type::kSS: return std::optional<AttributeValue>(AttributeValue::SS(Union(old->ss(), v.ss())));
    case Type::kNS: return std::optional<AttributeValue>(AttributeValue::NS(Union(old->ns(), v.ns())));
    case Type::kBS: return std::optional<AttributeValue>(AttributeValue::BS(Union(old->bs(), v.bs())));
    default: return WrongOperandType();
  }
}

Result<std::optional<AttributeValue>> Deleted(const AttributeValue* old, const AttributeValue& v) {
  if (!old) return std::optional<AttributeValue>();
  if (old->type() != v.type()) return WrongOperandType();
  AttributeValue out;
  switch (v.type()) {
    case Type::kSS: out = AttributeValue::SS(Difference(old->ss(), v.ss())); break;
    case Type::kNS: out = AttributeValue::NS(Difference(old->ns(), v.ns())); break;
    case Type::kBS: out = AttributeValue::BS(Difference(old->bs(), v.bs())); break;
    default: return WrongOperandType();
  }
  // DynamoDB has no empty sets: deleting the last member removes the attribute.
  bool empty = (out.type() == Type::kSS && out.ss().empty()) ||
               (out.type() == Type::kNS && out.ns().empty()) ||
               (out.type() == Type::kBS && out.bs().empty());
  if (empty) return std::optional<AttributeValue>();
  return std::optional<AttributeValue>(std::move(out));
}

std::string_view OperandTypeName(Type t) {
  switch (t) {
    case Type::kS: return "STRING";
    case Type::kN: return "NUMBER";
    case Type::kB: return "BINARY";
    case Type::kBool: return "BOOLEAN";
    case Type::kNull: return "NULL";
    case Type::kM: return "MAP";
    case Type::kL: return "LIST";
    case Type::kSS: return "STRING_SET";
    case Type::kNS: return "NUMBER_SET";
    case Type::kBS: return "BINARY_SET";
  }
  return "";
}

}  // namespace

Status ValidateUpdate(const Update& update) {
  const auto& actions = update.actions;
  for (std::size_t i = 0; i < actions.size(); ++i) {
    for (std::size_t j = i + 1; j < actions.size(); ++j) {
      if (auto clash = PathClash(actions[i].path, actions[j].path)) return InvalidUpdate(*clash);
    }
    const UpdateAction& a = actions[i];
    Type t = a.value.value.type();
    if (a.kind == UpdateAction::Kind::kAdd &&
        !(t == Type::kN || t == Type::kSS || t == Type::kNS || t == Type::kBS)) {
      return InvalidUpdate("Incorrect operand type for operator or function; operator: ADD, "
                           "operand type: " + std::string(OperandTypeName(t)) +
                           ", typeSet: ALLOWED_FOR_ADD_OPERAND");
    }
    if (a.kind == UpdateAction::Kind::kDelete &&
        !(t == Type::kSS || t == Type::kNS || t == Type::kBS)) {
      return InvalidUpdate("Incorrect operand type for operator or function; operator: DELETE, "
                           "operand type: " + std::string(OperandTypeName(t)) +
                           ", typeSet: ALLOWED_FOR_DELETE_OPERAND");
    }
  }
  return {};
}

Result<Item> ApplyUpdate(const Update& update, const Item& item) {
  Item updated = item;
  for (const UpdateAction& a : update.actions) {
    switch (a.kind) {
      case UpdateAction::Kind::kSet: {
        auto value = UpdateValue(a.value, item);
        if (!value) return std::move(value).error();
        if (auto s = Assign(updated, a.path, *std::move(value)); !s) return std::move(s).error();
        break;
      }
      case UpdateAction::Kind::kRemove:
        Remove(updated, a.path);
        break;
      case UpdateAction::Kind::kAdd:
      case UpdateAction::Kind::kDelete: {
        const AttributeValue* old = Resolve(updated, a.path);
        auto next = a.kind == UpdateAction::Kind::kAdd ? Added(old, a.value.value)
                                                       : Deleted(old, a.value.value);
        if (!next) return std::move(next).error();
        if (*next) {
          if (auto s = Assign(updated, a.path, **std::move(next)); !s) return std::move(s).error();
        } else {
          Remove(updated, a.path);
        }
        break;
      }
    }
  }
  return updated;
}

}  // namespace ddb::expr
