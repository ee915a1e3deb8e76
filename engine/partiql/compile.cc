#include "engine/partiql/compile.h"

#include <algorithm>
#include <map>

#include "engine/key_codec.h"
#include "engine/read_target.h"

namespace ddb::partiql {
namespace {

Error MissingKey() {
  return Error::Validation("Where clause does not contain a mandatory equality on all key attributes");
}

bool IsLiteral(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::kValue:
    case Expr::Kind::kParameter:
    case Expr::Kind::kMap:
    case Expr::Kind::kList:
    case Expr::Kind::kSet:
      return true;
    default:
      return false;
  }
}

// A literal (with its parameters) as the attribute value it stands for.
Result<AttributeValue> Resolve(const Expr& e, const Parameters& parameters) {
  switch (e.kind) {
    case Expr::Kind::kValue:
      return e.value;
    case Expr::Kind::kParameter:
      return parameters[static_cast<std::size_t>(e.parameter)];
    case Expr::Kind::kMap: {
      Map map;
      for (std::size_t i = 0; i < e.keys.size(); ++i) {
        auto value = Resolve(*e.args[i], parameters);
        if (!value) return value;
        if (!map.emplace(e.keys[i], *std::move(value)).second) {
          return Error::Validation("Duplicate keys in tuple. Key: " + e.keys[i]);
        }
      }
      return AttributeValue::M(std::move(map));
    }
    case Expr::Kind::kList: {
      List list;
      for (const auto& arg : e.args) {
        auto value = Resolve(*arg, parameters);
        if (!value) return value;
        list.push_back(*std::move(value));
      }
      return AttributeValue::L(std::move(list));
    }
    case Expr::Kind::kSet: {
      if (e.args.empty()) return Error::Validation("Empty bags are not supported");
      AttributeValue::StringSet strings;
      AttributeValue::NumberSet numbers;
      AttributeValue::BinarySet binaries;
      for (const auto& arg : e.args) {
        auto value = Resolve(*arg, parameters);
        if (!value) return value;
        if (value->type() == Type::kS) {
          strings.insert(value->s());
        } else if (value->type() == Type::kN) {
          numbers.insert(value->n());
        } else if (value->type() == Type::kB) {
          binaries.insert(value->b());
        } else {
          return Error::Validation(
              "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in "
              "bags");
        }
      }
      int kinds = !strings.empty() + !numbers.empty() + !binaries.empty();
      if (kinds != 1) {
        return Error::Validation(
            "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in "
            "bags");
      }
      if (!strings.empty()) return AttributeValue::SS(std::move(strings));
      if (!numbers.empty()) return AttributeValue::NS(std::move(numbers));
      return AttributeValue::BS(std::move(binaries));
    }
    default:
      return Error::Validation("Statement wasn't well formed, can't be processed: expected a value");
  }
}

// The top-level conjuncts of a WHERE: a AND (b AND c) -> a, b, c.
void Conjuncts(const Expr* e, std::vector<const Expr*>& out) {
  if (e == nullptr) return;
  if (e->kind == Expr::Kind::kAnd) {
    Conjuncts(e->args[0].get(), out);
    Conjuncts(e->args[1].get(), out);
  } else {
    out.push_back(e);
  }
}

// The name of a one-step path, or nothing.
const std::string* TopName(const Expr& e) {
  if (e.kind != Expr::Kind::kPath || e.path.steps.size() != 1) return nullptr;
  return std::get_if<std::string>(&e.path.steps[0]);
}

bool Names(const Expr& e, const std::string& name) {
  const std::string* top = TopName(e);
  return top != nullptr && *top == name;
}

// `name = literal` (either way round): the literal.
const Expr* EqualityOn(const Expr& e, const std::string& name) {
  if (e.kind != Expr::Kind::kCompare || e.op != "=") return nullptr;
  if (Names(*e.args[0], name) && IsLiteral(*e.args[1])) return e.args[1].get();
  if (Names(*e.args[1], name) && IsLiteral(*e.args[0])) return e.args[0].get();
  return nullptr;
}

// Whether an expression refers to attribute `name` anywhere (at its top).
bool Mentions(const Expr& e, const std::string& name) {
  if (e.kind == Expr::Kind::kPath) {
    const auto* first = std::get_if<std::string>(&e.path.steps[0]);
    return first != nullptr && *first == name;
  }
  for (const auto& arg : e.args) {
    if (Mentions(*arg, name)) return true;
  }
  return false;
}

// `text` in parentheses, unless it already is one parenthesized whole:
// DynamoDB refuses redundant parentheses.
std::string Wrap(const std::string& text) {
  if (!text.empty() && text.front() == '(') {
    int depth = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '(') ++depth;
      if (text[i] == ')' && --depth == 0) {
        if (i + 1 == text.size()) return text;
        break;
      }
    }
  }
  return "(" + text + ")";
}

// Writes expressions in DynamoDB's expression language, collecting the
// names and values they use.
class Emitter {
 public:
  explicit Emitter(const Parameters& parameters) : parameters_(parameters) {}

  std::string PathText(const Path& path) {
    std::string out;
    for (const auto& step : path.steps) {
      if (const auto* name = std::get_if<std::string>(&step)) {
        if (!out.empty()) out += '.';
        out += NameText(*name);
      } else {
        out += "[" + std::to_string(std::get<int64_t>(step)) + "]";
      }
    }
    return out;
  }

  std::string NameText(const std::string& name) {
    auto [it, added] = placeholders_.emplace(name, "#n" + std::to_string(placeholders_.size()));
    if (added) names_[it->second] = name;
    return it->second;
  }

  std::string ValueText(AttributeValue value) {
    std::string placeholder = ":v" + std::to_string(values_.size());
    values_.emplace(placeholder, std::move(value));
    return placeholder;
  }

  Result<std::string> Operand(const Expr& e) {
    if (IsLiteral(e)) {
      auto value = Resolve(e, parameters_);
      if (!value) return std::move(value).error();
      return ValueText(*std::move(value));
    }
    switch (e.kind) {
      case Expr::Kind::kPath:
        return PathText(e.path);
      case Expr::Kind::kArithmetic: {
        auto a = Operand(*e.args[0]);
        if (!a) return a;
        auto b = Operand(*e.args[1]);
        if (!b) return b;
        return *a + " " + e.op + " " + *b;
      }
      case Expr::Kind::kCall:
        return Call(e);
      default:
        return Condition(e);
    }
  }

  Result<std::string> Call(const Expr& e) {
    static const std::map<std::string, std::string> kFunctions = {
        {"begins_with", "begins_with"}, {"contains", "contains"},
        {"attribute_type", "attribute_type"}, {"size", "size"},
        {"attribute_exists", "attribute_exists"}, {"attribute_not_exists", "attribute_not_exists"},
        {"list_append", "list_append"}, {"if_not_exists", "if_not_exists"}};
    auto f = kFunctions.find(e.op);
    if (f == kFunctions.end()) return Error::Validation("Unrecognized function: " + e.op);
    std::string out = f->second + "(";
    for (std::size_t i = 0; i < e.args.size(); ++i) {
      auto arg = Operand(*e.args[i]);
      if (!arg) return arg;
      out += (i ? ", " : "") + *arg;
    }
    return out + ")";
  }

  Result<std::string> Condition(const Expr& e) {
    auto operands = [&](std::size_t from) -> Result<std::vector<std::string>> {
      std::vector<std::string> out;
      for (std::size_t i = from; i < e.args.size(); ++i) {
        auto text = Operand(*e.args[i]);
        if (!text) return std::move(text).error();
        out.push_back(*std::move(text));
      }
      return out;
    };
    switch (e.kind) {
      case Expr::Kind::kCompare: {
        auto o = operands(0);
        if (!o) return std::move(o).error();
        return (*o)[0] + " " + e.op + " " + (*o)[1];
      }
      case Expr::Kind::kAnd:
      case Expr::Kind::kOr: {
        auto a = Condition(*e.args[0]);
        if (!a) return a;
        auto b = Condition(*e.args[1]);
        if (!b) return b;
        return Wrap(*a) + (e.kind == Expr::Kind::kAnd ? " AND " : " OR ") + Wrap(*b);
      }
      case Expr::Kind::kNot: {
        auto a = Condition(*e.args[0]);
        if (!a) return a;
        return "NOT " + Wrap(*a);
      }
      case Expr::Kind::kBetween: {
        auto o = operands(0);
        if (!o) return std::move(o).error();
        return (*o)[0] + " BETWEEN " + (*o)[1] + " AND " + (*o)[2];
      }
      case Expr::Kind::kIn: {
        auto o = operands(0);
        if (!o) return std::move(o).error();
        std::string out = (*o)[0] + " IN (";
        for (std::size_t i = 1; i < o->size(); ++i) out += (i > 1 ? ", " : "") + (*o)[i];
        return out + ")";
      }
      case Expr::Kind::kIsMissing:
      case Expr::Kind::kIsNull: {
        if (e.args[0]->kind != Expr::Kind::kPath) {
          return Error::Validation("IS operator must have a variable reference on its left");
        }
        std::string path = PathText(e.args[0]->path);
        if (e.kind == Expr::Kind::kIsMissing) {
          return std::string(e.negated ? "attribute_exists(" : "attribute_not_exists(") + path + ")";
        }
        // As in PartiQL, a missing attribute IS NULL too.
        std::string null_type = ValueText(AttributeValue::S("NULL"));
        if (e.negated) {
          return "attribute_exists(" + path + ") AND NOT attribute_type(" + path + ", " +
                 null_type + ")";
        }
        return "attribute_not_exists(" + path + ") OR attribute_type(" + path + ", " + null_type +
               ")";
      }
      case Expr::Kind::kCall:
        return Call(e);
      default:
        return Error::Validation("WHERE clause must contain an expression that resolves to a boolean");
    }
  }

  // The conjuncts joined by AND, or nothing when there are none.
  Result<std::optional<std::string>> Join(const std::vector<const Expr*>& conjuncts) {
    std::optional<std::string> out;
    for (const Expr* c : conjuncts) {
      auto text = Condition(*c);
      if (!text) return std::move(text).error();
      out = out ? *out + " AND " + Wrap(*text) : Wrap(*text);
    }
    return out;
  }

  void Fill(Expressions& expressions) const {
    if (!names_.empty()) expressions.expression_attribute_names = names_;
    if (!values_.empty()) expressions.expression_attribute_values = values_;
  }

 private:
  const Parameters& parameters_;
  std::map<std::string, std::string> placeholders_;  // name -> #nK
  std::map<std::string, std::string> names_;         // #nK -> name
  std::map<std::string, AttributeValue> values_;
};

struct KeyNames {
  std::string hash;
  std::optional<std::string> range;
};

KeyNames KeysOf(const KeySchema& schema) {
  KeyNames out;
  for (const auto& k : schema) {
    if (k.key_type == KeyType::kHash) out.hash = k.attribute_name;
    if (k.key_type == KeyType::kRange) out.range = k.attribute_name;
  }
  return out;
}

// The values a conjunct pins the partition key to: pk = v, pk IN [...],
// pk = a OR pk = b ...; empty when it does not.
std::vector<const Expr*> PartitionValues(const Expr& e, const std::string& hash) {
  if (const Expr* v = EqualityOn(e, hash)) return {v};
  if (e.kind == Expr::Kind::kIn && Names(*e.args[0], hash)) {
    std::vector<const Expr*> out;
    for (std::size_t i = 1; i < e.args.size(); ++i) {
      if (!IsLiteral(*e.args[i])) return {};
      out.push_back(e.args[i].get());
    }
    return out;
  }
  if (e.kind == Expr::Kind::kOr) {
    auto a = PartitionValues(*e.args[0], hash);
    auto b = PartitionValues(*e.args[1], hash);
    if (a.empty() || b.empty()) return {};
    a.insert(a.end(), b.begin(), b.end());
    return a;
  }
  return {};
}

// A sort key condition a key condition expression can hold.
bool IsSortKeyCondition(const Expr& e, const std::string& range) {
  switch (e.kind) {
    case Expr::Kind::kCompare:
      return e.op != "<>" && ((Names(*e.args[0], range) && IsLiteral(*e.args[1])) ||
                              (Names(*e.args[1], range) && IsLiteral(*e.args[0])));
    case Expr::Kind::kBetween:
      return Names(*e.args[0], range) && IsLiteral(*e.args[1]) && IsLiteral(*e.args[2]);
    case Expr::Kind::kCall:
      return e.op == "begins_with" && e.args.size() == 2 && Names(*e.args[0], range) &&
             IsLiteral(*e.args[1]);
    default:
      return false;
  }
}

// The item's key, from equalities on every key attribute of the table;
// `rest` gets the other conjuncts. MissingKey when a key attribute is not
// pinned by exactly one equality (or appears elsewhere).
Result<Item> KeyFromWhere(const Expr* where, const TableDefinition& table,
                          const Parameters& parameters, std::vector<const Expr*>& rest) {
  std::vector<const Expr*> conjuncts;
  Conjuncts(where, conjuncts);
  Item key;
  for (const Expr* c : conjuncts) {
    bool used = false;
    for (const auto& k : table.key_schema) {
      if (const Expr* v = EqualityOn(*c, k.attribute_name)) {
        if (key.contains(k.attribute_name)) return MissingKey();
        auto value = Resolve(*v, parameters);
        if (!value) return std::move(value).error();
        key.emplace(k.attribute_name, *std::move(value));
        used = true;
      }
    }
    if (used) continue;
    for (const auto& k : table.key_schema) {
      if (Mentions(*c, k.attribute_name)) return MissingKey();
    }
    rest.push_back(c);
  }
  if (key.size() != table.key_schema.size()) return MissingKey();
  return key;
}

// Whether a projection reaches into a list: the engine's projection would
// compact the list, and the element's position is part of its name here.
bool IndexesAList(const std::vector<Path>& paths) {
  for (const Path& p : paths) {
    for (const auto& step : p.steps) {
      if (std::holds_alternative<int64_t>(step)) return true;
    }
  }
  return false;
}

// The ProjectionExpression that fetches what the SELECT shows (nothing:
// whole items, which Present then shapes).
Result<std::optional<std::string>> Projection(const Statement& st, Emitter& emitter) {
  if (st.star || IndexesAList(st.projection)) return std::optional<std::string>();
  std::string out;
  for (const Path& p : st.projection) {
    if (!out.empty()) out += ", ";
    out += emitter.PathText(p);
  }
  return std::optional<std::string>(out);
}

// What ORDER BY asks for: partition key values sorted one way or the
// other, and the sort key forwards or backwards within each partition.
struct Ordering {
  std::optional<bool> partition_descending;
  bool sort_descending = false;
};

Result<Ordering> OrderOf(const Statement& st, const KeyNames& keys, bool scan) {
  Ordering out;
  if (st.order_by.empty()) return out;
  if (!st.where) {
    return Error::Validation("Must have WHERE clause in the statement when using ORDER BY clause.");
  }
  for (const Statement::OrderKey& key : st.order_by) {
    const Path& p = key.path;
    const auto* name = p.steps.size() == 1 ? std::get_if<std::string>(&p.steps[0]) : nullptr;
    if (name != nullptr && *name == keys.hash) {
      out.partition_descending = key.descending;
    } else if (name != nullptr && keys.range && *name == *keys.range) {
      out.sort_descending = key.descending;
    } else {
      std::string text = name ? *name : "path";
      return Error::Validation("Variable reference " + text +
                               " in ORDER BY clause must be part of the primary key");
    }
  }
  if (scan) {
    return Error::Validation(
        "Must have at least one non-optional hash key condition in WHERE clause when using ORDER "
        "BY clause.");
  }
  return out;
}

}  // namespace

Result<CompiledRead> CompileRead(const Statement& st, const Parameters& parameters,
                                 const TableDefinition& table) {
  CompiledRead out;
  out.paths = st.projection;
  KeyNames keys = KeysOf(table.key_schema);
  if (st.index) {
    const SecondaryIndex* index = nullptr;
    for (const SecondaryIndex* i : table.AllIndexes()) {
      if (i->index_name == *st.index) index = i;
    }
    if (index == nullptr && table.FindVectorIndex(*st.index)) {
      return Error::Validation(VectorIndexRefusal(ReadOperation::kScan));
    }
    if (index == nullptr) {
      return Error::Validation("The table does not have the specified index: " + *st.index);
    }
    keys = KeysOf(index->key_schema);
  }
  std::vector<const Expr*> conjuncts;
  Conjuncts(st.where.get(), conjuncts);

  // A single item's key: equalities on the table's own key and nothing else.
  if (!st.index) {
    std::vector<const Expr*> rest;
    auto key = KeyFromWhere(st.where.get(), table, parameters, rest);
    if (key && rest.empty()) {
      out.key = *std::move(key);
      Emitter emitter(parameters);
      auto projection = Projection(st, emitter);
      if (!projection) return std::move(projection).error();
      out.projection.projection_expression = *projection;
      emitter.Fill(out.projection);
    }
  }

  // The partition key's values, and the conjunct that gives them.
  std::size_t partition = conjuncts.size();
  std::vector<const Expr*> values;
  for (std::size_t i = 0; i < conjuncts.size() && values.empty(); ++i) {
    values = PartitionValues(*conjuncts[i], keys.hash);
    if (!values.empty()) partition = i;
  }
  // A Query's filter may not name key attributes: a WHERE with more on the
  // keys than one key condition holds is read by a Scan instead.
  if (!values.empty()) {
    bool sort_condition = false;
    for (std::size_t i = 0; i < conjuncts.size(); ++i) {
      if (i == partition) continue;
      if (!sort_condition && keys.range && IsSortKeyCondition(*conjuncts[i], *keys.range)) {
        sort_condition = true;
      } else if (Mentions(*conjuncts[i], keys.hash) ||
                 (keys.range && Mentions(*conjuncts[i], *keys.range))) {
        values.clear();
        break;
      }
    }
  }
  out.scan = values.empty();
  auto ordering = OrderOf(st, keys, out.scan);
  if (!ordering) return std::move(ordering).error();
  // Each partition once, in the order asked for (else as written).
  std::vector<std::pair<std::string, const Expr*>> partitions;
  for (const Expr* v : values) {
    auto value = Resolve(*v, parameters);
    if (!value) return std::move(value).error();
    std::string encoded;
    if (value->type() == Type::kS || value->type() == Type::kN || value->type() == Type::kB) {
      AppendKeyValue(*value, encoded);
    }
    bool seen = std::any_of(partitions.begin(), partitions.end(),
                            [&](const auto& p) { return p.first == encoded; });
    if (!seen) partitions.emplace_back(std::move(encoded), v);
  }
  if (ordering->partition_descending) {
    std::stable_sort(partitions.begin(), partitions.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    if (*ordering->partition_descending) std::reverse(partitions.begin(), partitions.end());
  }
  values.clear();
  for (const auto& p : partitions) values.push_back(p.second);

  if (out.scan) {
    Emitter emitter(parameters);
    out.scan_request.table_name = st.table;
    out.scan_request.index_name = st.index;
    auto filter = emitter.Join(conjuncts);
    if (!filter) return std::move(filter).error();
    auto projection = Projection(st, emitter);
    if (!projection) return std::move(projection).error();
    out.scan_request.expressions.filter_expression = *filter;
    out.scan_request.expressions.projection_expression = *projection;
    emitter.Fill(out.scan_request.expressions);
    return out;
  }
  if (values.size() > 50) {
    return Error::Validation("IN operator on the partition key supports at most 50 values");
  }
  for (const Expr* value : values) {
    Emitter emitter(parameters);
    QueryRequest q;
    q.table_name = st.table;
    q.index_name = st.index;
    q.scan_index_forward = !ordering->sort_descending;
    auto hash_value = emitter.Operand(*value);
    if (!hash_value) return std::move(hash_value).error();
    std::string key_condition = emitter.NameText(keys.hash) + " = " + *hash_value;
    std::vector<const Expr*> filter;
    bool sort_condition = false;
    for (std::size_t i = 0; i < conjuncts.size(); ++i) {
      if (i == partition) continue;
      if (!sort_condition && keys.range && IsSortKeyCondition(*conjuncts[i], *keys.range)) {
        auto text = emitter.Condition(*conjuncts[i]);
        if (!text) return std::move(text).error();
        key_condition += " AND " + *text;
        sort_condition = true;
      } else {
        filter.push_back(conjuncts[i]);
      }
    }
    auto filter_text = emitter.Join(filter);
    if (!filter_text) return std::move(filter_text).error();
    auto projection = Projection(st, emitter);
    if (!projection) return std::move(projection).error();
    q.expressions.key_condition_expression = key_condition;
    q.expressions.filter_expression = *filter_text;
    q.expressions.projection_expression = *projection;
    emitter.Fill(q.expressions);
    out.queries.push_back(std::move(q));
  }
  return out;
}

Result<CompiledWrite> CompileWrite(const Statement& st, const Parameters& parameters,
                                   const TableDefinition& table) {
  CompiledWrite out;
  out.returning = st.returning;
  TransactWriteAction& action = out.action;
  action.table_name = st.table;
  Emitter emitter(parameters);
  KeyNames keys = KeysOf(table.key_schema);

  if (st.kind == Statement::Kind::kInsert) {
    out.insert = true;
    action.kind = TransactWriteAction::Kind::kPut;
    if (st.value->kind != Expr::Kind::kMap && st.value->kind != Expr::Kind::kParameter) {
      return Error::Validation(
          "Unsupported format in item expression. Please use struct format {...} to express item "
          "values for insert statement.");
    }
    auto item = Resolve(*st.value, parameters);
    if (!item) return std::move(item).error();
    if (item->type() != Type::kM) {
      return Error::Validation(
          "Unsupported format in item expression. Please use struct format {...} to express item "
          "values for insert statement.");
    }
    action.item = item->m();
    for (const auto& k : table.key_schema) {
      if (!action.item.contains(k.attribute_name)) {
        return Error::Validation("Key attribute should be present in the item: Key " +
                                 k.attribute_name);
      }
    }
    action.expressions.condition_expression =
        "attribute_not_exists(" + emitter.NameText(keys.hash) + ")";
    emitter.Fill(action.expressions);
    return out;
  }

  if (st.index) return Error::Validation("This operation is not supported on an index");
  std::vector<const Expr*> rest;
  auto key = KeyFromWhere(st.where.get(), table, parameters, rest);
  if (!key) return std::move(key).error();
  action.item = *std::move(key);
  auto extra = emitter.Join(rest);
  if (!extra) return std::move(extra).error();
  // Written only where used: every name given must appear in the expressions.
  auto exists = [&] { return "attribute_exists(" + emitter.NameText(keys.hash) + ")"; };

  switch (st.kind) {
    case Statement::Kind::kUpdate: {
      action.kind = TransactWriteAction::Kind::kUpdate;
      std::string set, add, remove, del;
      for (const auto& [path, value] : st.sets) {
        std::string target = emitter.PathText(path);
        if (value->kind == Expr::Kind::kCall &&
            (value->op == "set_add" || value->op == "set_delete")) {
          if (value->args.size() != 2) {
            return Error::Validation("SET_" + value->op.substr(4) + " must have exactly two arguments");
          }
          if (value->args[0]->kind != Expr::Kind::kPath ||
              emitter.PathText(value->args[0]->path) != target) {
            return Error::Validation("The first argument to SET_" + value->op.substr(4) +
                                     " must equal the assignment value");
          }
          auto operand = emitter.Operand(*value->args[1]);
          if (!operand) return std::move(operand).error();
          std::string& clause = value->op == "set_add" ? add : del;
          clause += (clause.empty() ? "" : ", ") + target + " " + *operand;
          continue;
        }
        auto operand = emitter.Operand(*value);
        if (!operand) return std::move(operand).error();
        set += (set.empty() ? "" : ", ") + target + " = " + *operand;
      }
      for (const Path& path : st.removes) {
        remove += (remove.empty() ? "" : ", ") + emitter.PathText(path);
      }
      std::string update;
      if (!set.empty()) update += "SET " + set;
      if (!add.empty()) update += (update.empty() ? "" : " ") + ("ADD " + add);
      if (!del.empty()) update += (update.empty() ? "" : " ") + ("DELETE " + del);
      if (!remove.empty()) update += (update.empty() ? "" : " ") + ("REMOVE " + remove);
      action.expressions.update_expression = update;
      action.expressions.condition_expression = extra.value() ? exists() + " AND " + **extra : exists();
      break;
    }
    case Statement::Kind::kDelete:
      action.kind = TransactWriteAction::Kind::kDelete;
      if (*extra) action.expressions.condition_expression = **extra;
      break;
    case Statement::Kind::kExists:
      action.kind = TransactWriteAction::Kind::kConditionCheck;
      action.expressions.condition_expression = extra.value() ? exists() + " AND " + **extra : exists();
      break;
    default:
      return Error::Internal("not a write statement");
  }
  emitter.Fill(action.expressions);
  return out;
}

Item Present(const Item& item, const std::vector<Path>& paths) {
  if (paths.empty()) return item;
  Item out;
  for (const Path& path : paths) {
    const AttributeValue* at = nullptr;
    std::string name;
    for (const auto& step : path.steps) {
      if (const auto* key = std::get_if<std::string>(&step)) {
        const Map* map = at == nullptr ? &item : (at->type() == Type::kM ? &at->m() : nullptr);
        auto found = map ? map->find(*key) : Map::const_iterator{};
        at = map && found != map->end() ? &found->second : nullptr;
        name = *key;
      } else {
        int64_t i = std::get<int64_t>(step);
        at = at && at->type() == Type::kL && i < static_cast<int64_t>(at->l().size())
                 ? &at->l()[static_cast<std::size_t>(i)]
                 : nullptr;
        name += "[" + std::to_string(i) + "]";
      }
      if (at == nullptr) break;
    }
    if (at != nullptr) out[name] = *at;
  }
  return out;
}

}  // namespace ddb::partiql
