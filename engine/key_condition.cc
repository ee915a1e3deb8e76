#include "engine/key_condition.h"

#include <vector>

#include "engine/key_codec.h"

namespace ddb {
namespace {

using expr::Node;

// The conjuncts of `node`: "a AND (b AND c)" -> a, b, c. Anything but AND
// between conditions is refused.
Status Flatten(const Node& node, std::vector<const Node*>& out) {
  auto invalid = [](const std::string& op) {
    return Error::Validation("Invalid operator used in KeyConditionExpression: " + op);
  };
  switch (node.kind) {
    case Node::Kind::kAnd:
      for (const Node& child : node.children) {
        if (auto s = Flatten(child, out); !s) return s;
      }
      return {};
    case Node::Kind::kOr: return invalid("OR");
    case Node::Kind::kNot: return invalid("NOT");
    case Node::Kind::kIn: return invalid("IN");
    case Node::Kind::kCompare:
      if (node.name == "<>") return invalid("<>");
      break;
    case Node::Kind::kFunction:
      if (node.name != "begins_with") return invalid(node.name);
      break;
    default:
      break;
  }
  out.push_back(&node);
  return {};
}

// One conjunct as "attribute op values", with the attribute on the left.
struct Term {
  std::string attribute;
  SortKeyCondition condition;
};

SortKeyCondition::Op Mirrored(SortKeyCondition::Op op) {
  using Op = SortKeyCondition::Op;
  switch (op) {
    case Op::kLt: return Op::kGt;
    case Op::kLe: return Op::kGe;
    case Op::kGt: return Op::kLt;
    case Op::kGe: return Op::kLe;
    default: return op;
  }
}

SortKeyCondition::Op CompareOp(const std::string& symbol) {
  using Op = SortKeyCondition::Op;
  if (symbol == "<") return Op::kLt;
  if (symbol == "<=") return Op::kLe;
  if (symbol == ">") return Op::kGt;
  if (symbol == ">=") return Op::kGe;
  return Op::kEq;
}

Result<Term> ToTerm(const Node& node) {
  const auto& c = node.children;
  for (const Node& operand : c) {
    if (operand.kind == Node::Kind::kFunction) {
      return Error::Validation("KeyConditionExpressions cannot contain nested operations");
    }
  }
  auto is = [&](std::size_t i, Node::Kind kind) { return c[i].kind == kind; };
  const Node* path = nullptr;
  Term term;
  if (node.kind == Node::Kind::kBetween) {
    if (is(0, Node::Kind::kPath) && is(1, Node::Kind::kValue) && is(2, Node::Kind::kValue)) {
      path = &c[0];
      term.condition = {SortKeyCondition::Op::kBetween, c[1].value, c[2].value};
    }
  } else if (is(0, Node::Kind::kPath) && is(1, Node::Kind::kValue)) {
    path = &c[0];
    auto op = node.kind == Node::Kind::kFunction ? SortKeyCondition::Op::kBeginsWith
                                                 : CompareOp(node.name);
    term.condition = {op, c[1].value, {}};
  } else if (is(0, Node::Kind::kValue) && is(1, Node::Kind::kPath)) {
    if (node.kind == Node::Kind::kFunction) {
      return Error::Validation("Invalid condition in KeyConditionExpression: begins_with "
                               "operator must have the key attribute as its first operand");
    }
    path = &c[1];
    term.condition = {Mirrored(CompareOp(node.name)), c[0].value, {}};
  }
  if (!path) {
    return Error::Validation("Invalid condition in KeyConditionExpression: No key attribute "
                             "specified");
  }
  if (path->path.size() != 1 || path->path[0].is_index) {
    return Error::Validation("KeyConditionExpressions cannot have conditions on nested "
                             "attributes");
  }
  term.attribute = path->path[0].name;
  return term;
}

Status CheckType(const SortKeyCondition& condition, Type type) {
  bool ok = condition.value.type() == type &&
            (condition.op != SortKeyCondition::Op::kBetween || condition.upper.type() == type);
  if (ok) return {};
  return Error::InvalidParameter("Condition parameter type does not match schema type");
}

}  // namespace

// DynamoDB's checks, in its order: one condition per attribute, at most two
// conditions, every attribute a key, the partition key compared for
// equality, values of the keys' types.
Result<KeyCondition> ExtractKeyCondition(const Node& condition, const QueriedKeys& keys) {
  std::vector<const Node*> conjuncts;
  if (auto s = Flatten(condition, conjuncts); !s) return std::move(s).error();
  std::vector<Term> terms;
  for (const Node* node : conjuncts) {
    auto term = ToTerm(*node);
    if (!term) return std::move(term).error();
    for (const Term& earlier : terms) {
      if (earlier.attribute == term->attribute) {
        return Error::Validation("KeyConditionExpressions must only contain one condition per "
                                 "key");
      }
    }
    terms.push_back(*std::move(term));
  }
  if (terms.size() > 2) return Error::Validation("Conditions can be of length 1 or 2 only");
  std::optional<SortKeyCondition> hash, range;
  bool stranger = false;
  for (const Term& term : terms) {
    if (term.attribute == keys.hash) {
      hash = term.condition;
    } else if (keys.range && term.attribute == *keys.range) {
      range = term.condition;
    } else {
      stranger = true;
    }
  }
  if (!hash || (stranger && keys.range)) {
    return Error::Validation("Query condition missed key schema element: " +
                             (hash ? *keys.range : keys.hash));
  }
  if (stranger || hash->op != SortKeyCondition::Op::kEq) {
    return Error::Validation("Query key condition not supported");
  }
  if (auto s = CheckType(*hash, keys.hash_type); !s) return std::move(s).error();
  if (range) {
    if (auto s = CheckType(*range, keys.range_type); !s) return std::move(s).error();
  }
  return KeyCondition{hash->value, range};
}

bool SortKeyMatches(const SortKeyCondition& sort, const AttributeValue& value) {
  std::string at, bound;
  AppendKeyValue(value, at);
  AppendKeyValue(sort.value, bound);
  using Op = SortKeyCondition::Op;
  switch (sort.op) {
    case Op::kEq: return at == bound;
    case Op::kLt: return at < bound;
    case Op::kLe: return at <= bound;
    case Op::kGt: return at > bound;
    case Op::kGe: return at >= bound;
    case Op::kBetween: {
      std::string upper;
      AppendKeyValue(sort.upper, upper);
      return at >= bound && at <= upper;
    }
    case Op::kBeginsWith: {
      std::string prefix;
      AppendKeyValuePrefix(sort.value, prefix);
      return at.starts_with(prefix);
    }
  }
  return false;
}

KeyRange SortKeyRange(const std::string& partition_prefix,
                      const std::optional<SortKeyCondition>& sort) {
  KeyRange range{partition_prefix, PrefixEnd(partition_prefix)};
  if (!sort) return range;
  std::string at = partition_prefix;
  AppendKeyValue(sort->value, at);
  // Every key whose sort key equals the bound starts with `at` (index entries
  // go on with the table's key), so PrefixEnd(at) is the first key after them.
  std::string after = PrefixEnd(at);
  using Op = SortKeyCondition::Op;
  switch (sort->op) {
    case Op::kEq: return {at, after};
    case Op::kLt: return {partition_prefix, at};
    case Op::kLe: return {partition_prefix, after};
    case Op::kGt: return {after, range.upper};
    case Op::kGe: return {at, range.upper};
    case Op::kBetween: {
      std::string upper = partition_prefix;
      AppendKeyValue(sort->upper, upper);
      return {at, PrefixEnd(upper)};
    }
    case Op::kBeginsWith: {
      std::string prefix = partition_prefix;
      AppendKeyValuePrefix(sort->value, prefix);
      return {prefix, PrefixEnd(prefix)};
    }
  }
  return range;
}

}  // namespace ddb
