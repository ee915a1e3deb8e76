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


// The checks for a single-attribute key, in DynamoDB's order: at most two
// conditions, every attribute a key, the partition key compared for
// equality, values of the keys' types.
Result<KeyCondition> SingleAttributeKeys(const std::vector<Term>& terms, const QueriedKeys& keys) {
  if (terms.size() > 2) return Error::Validation("Conditions can be of length 1 or 2 only");
  const KeyAttribute& hash_key = keys.hash[0];
  const KeyAttribute* range_key = keys.range.empty() ? nullptr : &keys.range[0];
  std::optional<SortKeyCondition> hash, range;
  bool stranger = false;
  for (const Term& term : terms) {
    if (term.attribute == hash_key.name) {
      hash = term.condition;
    } else if (range_key && term.attribute == range_key->name) {
      range = term.condition;
    } else {
      stranger = true;
    }
  }
  if (!hash || (stranger && range_key)) {
    return Error::Validation("Query condition missed key schema element: " +
                             (hash ? range_key->name : hash_key.name));
  }
  if (stranger || hash->op != SortKeyCondition::Op::kEq) {
    return Error::Validation("Query key condition not supported");
  }
  if (auto s = CheckType(*hash, hash_key.type); !s) return std::move(s).error();
  if (range) {
    if (auto s = CheckType(*range, range_key->type); !s) return std::move(s).error();
  }
  return KeyCondition{{hash->value}, {}, range};
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// The checks for multi-attribute keys, in DynamoDB's order: no more
// conditions than key attributes, equality on every HASH attribute, value
// types, every attribute a key, RANGE attributes constrained left to right.
Result<KeyCondition> MultiAttributeKeys(const std::vector<Term>& terms, const QueriedKeys& keys) {
  std::size_t attributes = keys.hash.size() + keys.range.size();
  if (terms.size() > attributes) {
    return Error::Validation("The number of query conditions (" + std::to_string(terms.size()) +
                             ") exceeds the number of key attributes defined in the schema (" +
                             std::to_string(attributes) + ")");
  }
  auto find = [&terms](const std::string& name) -> const Term* {
    for (const Term& t : terms) {
      if (t.attribute == name) return &t;
    }
    return nullptr;
  };
  auto equal = [&](const std::string& name) {
    const Term* t = find(name);
    return t && t->condition.op == SortKeyCondition::Op::kEq;
  };
  std::vector<std::string> unequal;
  for (const auto& k : keys.hash) {
    if (!equal(k.name)) unequal.push_back(k.name);
  }
  if (!unequal.empty()) {
    return Error::Validation("HASH key attributes " + JoinNames(unequal) +
                             " must have equality conditions specified in the query");
  }
  for (const auto* group : {&keys.hash, &keys.range}) {
    for (const auto& k : *group) {
      if (const Term* t = find(k.name)) {
        if (auto s = CheckType(t->condition, k.type); !s) return std::move(s).error();
      }
    }
  }
  for (const Term& t : terms) {
    if (keys.Has(t.attribute)) continue;
    std::string missing = t.attribute;
    for (const auto& k : keys.range) {
      if (!find(k.name)) {
        missing = k.name;
        break;
      }
    }
    return Error::Validation("Query condition missed key schema element: " + missing);
  }
  std::optional<std::size_t> last;
  for (std::size_t i = 0; i < keys.range.size(); ++i) {
    if (find(keys.range[i].name)) last = i;
  }
  KeyCondition condition;
  for (const auto& k : keys.hash) condition.partition.push_back(find(k.name)->condition.value);
  if (!last) return condition;
  for (std::size_t i = 0; i < *last; ++i) {
    if (!equal(keys.range[i].name)) unequal.push_back(keys.range[i].name);
  }
  if (!unequal.empty()) {
    return Error::Validation("RANGE key attributes " + JoinNames(unequal) +
                             " must have equality conditions specified in the query because a "
                             "condition is present on key attribute " +
                             keys.range[*last].name);
  }
  for (std::size_t i = 0; i < *last; ++i) {
    condition.sort_equal.push_back(find(keys.range[i].name)->condition.value);
  }
  condition.sort = find(keys.range[*last].name)->condition;
  return condition;
}

}  // namespace

bool QueriedKeys::Has(const std::string& name) const {
  for (const auto* group : {&hash, &range}) {
    for (const auto& k : *group) {
      if (k.name == name) return true;
    }
  }
  return false;
}

Result<KeyCondition> ExtractKeyCondition(const Node& condition, const QueriedKeys& keys) {
  std::vector<const Node*> conjuncts;
  if (auto s = Flatten(condition, conjuncts); !s) return std::move(s).error();
  std::vector<Term> terms;
  for (const Node* node : conjuncts) {
    auto term = ToTerm(*node);
    if (!term) return std::move(term).error();
    for (const Term& earlier : terms) {
      if (earlier.attribute == term->attribute) {
        return Error::Validation(std::string(keys.multi() ? "Invalid KeyConditionExpression: "
                                                          : "") +
                                 "KeyConditionExpressions must only contain one condition per "
                                 "key");
      }
    }
    terms.push_back(*std::move(term));
  }
  return keys.multi() ? MultiAttributeKeys(terms, keys) : SingleAttributeKeys(terms, keys);
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
