#include "engine/expr/parser.h"

#include <algorithm>
#include <cctype>

#include "engine/expr/eval.h"
#include "engine/expr/reserved_words.h"

namespace ddb::expr {

namespace {

// Token grammar:
//   identifier := [A-Za-z_][A-Za-z0-9_]*     attribute name, keyword or function
//   name       := '#' [A-Za-z0-9_]+           ExpressionAttributeNames key
//   value      := ':' [A-Za-z0-9_]+           ExpressionAttributeValues key
//   number     := [0-9]+                      list index
//   punct      := ( ) [ ] , . = <> < <= > >= + -
struct Token {
  enum class Kind { kEnd, kIdentifier, kName, kValue, kNumber, kPunct, kInvalid };
  Kind kind = Kind::kEnd;
  std::string_view text;
  std::size_t position = 0;
};

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::vector<Token> Lex(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    Token t;
    t.position = i;
    std::size_t start = i;
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      while (i < text.size() && IsWordChar(text[i])) ++i;
      t.kind = Token::Kind::kIdentifier;
    } else if (c == '#' || c == ':') {
      ++i;
      while (i < text.size() && IsWordChar(text[i])) ++i;
      t.kind = i - start == 1 ? Token::Kind::kInvalid
                              : (c == '#' ? Token::Kind::kName : Token::Kind::kValue);
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
      t.kind = Token::Kind::kNumber;
    } else if ((c == '<' || c == '>') && i + 1 < text.size() &&
               (text[i + 1] == '=' || (c == '<' && text[i + 1] == '>'))) {
      i += 2;
      t.kind = Token::Kind::kPunct;
    } else if (std::string_view("()[],.=<>+-").find(c) != std::string_view::npos) {
      ++i;
      t.kind = Token::Kind::kPunct;
    } else {
      // One character, all of its UTF-8 bytes: an error message quotes it.
      ++i;
      while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
      t.kind = Token::Kind::kInvalid;
    }
    t.text = text.substr(start, i - start);
    tokens.push_back(t);
  }
  Token end;
  end.position = text.size();
  tokens.push_back(end);
  return tokens;
}

bool IsKeyword(const Token& t, std::string_view keyword) {
  if (t.kind != Token::Kind::kIdentifier || t.text.size() != keyword.size()) return false;
  for (std::size_t i = 0; i < keyword.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(t.text[i])) != keyword[i]) return false;
  }
  return true;
}

class Parser {
 public:
  Parser(std::string_view text, std::string_view kind, Placeholders& placeholders)
      : text_(text), kind_(kind), tokens_(Lex(text)), placeholders_(placeholders) {}

  Result<Node> Condition() {
    if (auto e = Limits()) return *e;
    auto node = Or();
    if (!node) return node;
    if (!AtEnd()) return SyntaxError();
    if (auto e = TooManyOperators()) return *e;
    return node;
  }

  Result<std::vector<Path>> Projection() {
    if (auto e = Limits()) return *e;
    std::vector<Path> paths;
    for (;;) {
      auto path = ParsePath();
      if (!path) return std::move(path).error();
      for (const Path& earlier : paths) {
        if (auto clash = PathClash(earlier, *path)) return Invalid(*clash);
      }
      paths.push_back(*std::move(path));
      if (AtEnd()) return paths;
      if (!Accept(",")) return SyntaxError();
    }
  }

  Result<Update> UpdateExpression() {
    if (auto e = Limits()) return *e;
    Update update;
    std::set<std::string> seen;
    while (!AtEnd()) {
      const Token& t = Peek();
      std::string clause;
      for (std::string_view k : {"SET", "REMOVE", "ADD", "DELETE"}) {
        if (IsKeyword(t, k)) clause = k;
      }
      if (clause.empty()) return SyntaxError();
      if (!seen.insert(clause).second) {
        return Invalid("The \"" + clause + "\" section can only be used once in an update "
                       "expression;");
      }
      ++pos_;
      if (auto s = Clause(clause, update); !s) return std::move(s).error();
    }
    if (auto e = TooManyOperators()) return *e;
    return update;
  }

 private:
  // --- tokens and errors ---
  const Token& Peek(std::size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  bool AtEnd() const { return Peek().kind == Token::Kind::kEnd; }
  bool IsPunct(std::string_view p, std::size_t ahead = 0) const {
    return Peek(ahead).kind == Token::Kind::kPunct && Peek(ahead).text == p;
  }
  bool Accept(std::string_view p) {
    if (!IsPunct(p)) return false;
    ++pos_;
    return true;
  }

  Error Invalid(const std::string& detail) const {
    return Error::Validation("Invalid " + std::string(kind_) + ": " + detail);
  }

  // DynamoDB's limits on an expression: 4 KB of text as sent (placeholders
  // not substituted) and 300 operators or functions.
  static constexpr std::size_t kMaxExpressionBytes = 4096;
  static constexpr int kMaxOperators = 300;

  std::optional<Error> Limits() const {
    if (text_.size() > kMaxExpressionBytes) {
      return Invalid("Expression size has exceeded the maximum allowed size; expression size: " +
                     std::to_string(text_.size()));
    }
    if (!AtEnd()) return std::nullopt;
    return Invalid("The expression can not be empty;");
  }

  // Nesting deeper than kMaxDepth only grows the stack: within DynamoDB's
  // 4 KB it takes either more than 300 operators or redundant parentheses,
  // which DynamoDB refuses anyway.
  static constexpr int kMaxDepth = 300;
  struct Deeper {
    explicit Deeper(int& depth) : depth_(depth) { ++depth_; }
    ~Deeper() { --depth_; }
    int& depth_;
  };
  Error TooDeep() const {
    if (auto e = TooManyOperators()) return *e;
    return Invalid("The expression has redundant parentheses;");
  }

  std::optional<Error> TooManyOperators() const {
    if (operators_ <= kMaxOperators) return std::nullopt;
    return Invalid("The expression contains too many operators; operator count: " +
                   std::to_string(operators_));
  }

  // DynamoDB names the offending token and quotes the text around it, from
  // the previous token to the next one.
  Error SyntaxError() const {
    const Token& t = Peek();
    std::string token = t.kind == Token::Kind::kEnd ? "<EOF>" : std::string(t.text);
    std::size_t from = pos_ > 0 ? tokens_[pos_ - 1].position : t.position;
    const Token& next = t.kind == Token::Kind::kEnd ? t : Peek(1);
    std::size_t to = next.kind == Token::Kind::kEnd ? text_.size()
                                                    : next.position + next.text.size();
    std::string near(text_.substr(from, to - from));
    return Invalid("Syntax error; token: \"" + token + "\", near: \"" + near + "\"");
  }

  // --- conditions ---
  Result<Node> Or() {
    auto left = And();
    if (!left) return left;
    while (IsKeyword(Peek(), "OR")) {
      ++pos_;
      auto right = And();
      if (!right) return right;
      left = Binary(Node::Kind::kOr, *std::move(left), *std::move(right));
    }
    return left;
  }

  Result<Node> And() {
    auto left = Not();
    if (!left) return left;
    while (IsKeyword(Peek(), "AND")) {
      ++pos_;
      auto right = Not();
      if (!right) return right;
      left = Binary(Node::Kind::kAnd, *std::move(left), *std::move(right));
    }
    return left;
  }

  Result<Node> Not() {
    if (!IsKeyword(Peek(), "NOT")) return Predicate();
    ++pos_;
    ++operators_;
    Deeper deeper(depth_);
    if (depth_ > kMaxDepth) return TooDeep();
    auto inner = Not();
    if (!inner) return inner;
    Node node;
    node.kind = Node::Kind::kNot;
    node.children.push_back(*std::move(inner));
    return node;
  }

  Node Binary(Node::Kind kind, Node left, Node right) {
    ++operators_;
    Node node;
    node.kind = kind;
    node.children.push_back(std::move(left));
    node.children.push_back(std::move(right));
    return node;
  }

  static bool IsConditionFunction(std::string_view name) {
    return name == "attribute_exists" || name == "attribute_not_exists" ||
           name == "attribute_type" || name == "begins_with" || name == "contains";
  }

  // "(" opens either a group of conditions or a parenthesized operand,
  // "(a) = :v"; the group is tried first and the operand when it fails.
  Result<Node> Predicate() {
    if (!IsPunct("(")) return Comparison();
    Checkpoint before = Save();
    auto group = Group();
    if (group) return group;
    Restore(before);
    auto comparison = Comparison();
    if (comparison) return comparison;
    return group;
  }

  struct Checkpoint {
    std::size_t pos;
    int operators;
    std::size_t group_open, group_close;
    std::set<std::string> used_names, used_values;
  };
  Checkpoint Save() const {
    return {pos_, operators_, last_group_open_, last_group_close_, placeholders_.used_names,
            placeholders_.used_values};
  }
  void Restore(Checkpoint c) {
    pos_ = c.pos;
    operators_ = c.operators;
    last_group_open_ = c.group_open;
    last_group_close_ = c.group_close;
    placeholders_.used_names = std::move(c.used_names);
    placeholders_.used_values = std::move(c.used_values);
  }

  Result<Node> Comparison() {
    if (Peek().kind == Token::Kind::kIdentifier && IsPunct("(", 1) &&
        IsConditionFunction(Peek().text)) {
      std::string name(Peek().text);
      auto function = Function(true);
      if (function && StartsComparison()) return MisusedFunction(name);
      return function;
    }
    auto left = Operand(false);
    if (!left) return left;
    const Token& t = Peek();
    if (t.kind == Token::Kind::kPunct &&
        (t.text == "=" || t.text == "<>" || t.text == "<" || t.text == "<=" || t.text == ">" ||
         t.text == ">=")) {
      std::string op(t.text);
      ++pos_;
      auto right = Operand(false);
      if (!right) return right;
      Node node = Binary(Node::Kind::kCompare, *std::move(left), *std::move(right));
      node.name = op;
      if (auto e = Distinct(op, node.children)) return *e;
      if (op != "=" && op != "<>") {
        if (auto e = OrderedOperands(op, node.children)) return *e;
      }
      return node;
    }
    if (IsKeyword(t, "BETWEEN")) return Between(*std::move(left));
    if (IsKeyword(t, "IN")) return In(*std::move(left));
    // size() yields a number, not a truth value: "size(a) AND ..." is a
    // misuse DynamoDB names, not a syntax error.
    bool ends = AtEnd() || IsPunct(")") || IsKeyword(t, "AND") || IsKeyword(t, "OR");
    if (left->kind == Node::Kind::kFunction && ends) return MisusedFunction(left->name);
    return SyntaxError();
  }

  // "( condition )". DynamoDB refuses a group that only wraps another group,
  // "((a = :v))", so the span of the last group closed is remembered.
  Result<Node> Group() {
    Deeper deeper(depth_);
    if (depth_ > kMaxDepth) return TooDeep();
    std::size_t open = pos_++;
    auto inner = Or();
    if (!inner) return inner;
    if (!IsPunct(")")) return SyntaxError();
    std::size_t close = pos_++;
    if (last_group_open_ == open + 1 && last_group_close_ + 1 == close) {
      return Invalid("The expression has redundant parentheses;");
    }
    last_group_open_ = open;
    last_group_close_ = close;
    return inner;
  }

  bool StartsComparison() const {
    const Token& t = Peek();
    bool comparator = t.kind == Token::Kind::kPunct &&
                      (t.text == "=" || t.text == "<>" || t.text == "<" || t.text == "<=" ||
                       t.text == ">" || t.text == ">=");
    return comparator || IsKeyword(t, "BETWEEN") || IsKeyword(t, "IN");
  }

  Error MisusedFunction(const std::string& name) const {
    return Invalid("The function is not allowed to be used this way in an expression; "
                   "function: " + name);
  }

  // "a = a", "contains(a, a)": the same path on both sides has one answer
  // whatever the item holds, and DynamoDB refuses it as a mistake.
  std::optional<Error> Distinct(const std::string& op, const std::vector<Node>& operands) const {
    const Node& first = operands[0];
    if (first.kind != Node::Kind::kPath) return std::nullopt;
    bool repeated = std::any_of(operands.begin() + 1, operands.end(), [&](const Node& other) {
      return other.kind == Node::Kind::kPath && other.path == first.path;
    });
    if (!repeated) return std::nullopt;
    return Invalid("The first operand must be distinct from the remaining operands for this "
                   "operator or function; operator: " + op + ", first operand: " +
                   PathList(operands[0].path));
  }

  Result<Node> Between(Node subject) {
    ++pos_;
    auto low = Operand(false);
    if (!low) return low;
    if (!IsKeyword(Peek(), "AND")) return SyntaxError();
    ++pos_;
    auto high = Operand(false);
    if (!high) return high;
    ++operators_;
    Node node;
    node.kind = Node::Kind::kBetween;
    node.children = {std::move(subject), *std::move(low), *std::move(high)};
    if (auto e = Distinct("BETWEEN", node.children)) return *e;
    if (auto e = OrderedOperands("BETWEEN", node.children)) return *e;
    if (auto e = BetweenBounds(node.children[1], node.children[2])) return *e;
    return node;
  }

  // Two literal bounds must be of one type and in order, or the range is
  // empty by construction; DynamoDB rejects both mistakes up front.
  std::optional<Error> BetweenBounds(const Node& low, const Node& high) const {
    if (low.kind != Node::Kind::kValue || high.kind != Node::Kind::kValue) return std::nullopt;
    const char* problem = nullptr;
    if (low.value.type() != high.value.type()) {
      problem = "The BETWEEN operator requires same data type for lower and upper bounds";
    } else if (CompareScalars(low.value, high.value) > 0) {
      problem = "The BETWEEN operator requires upper bound to be greater than or equal to "
                "lower bound";
    } else {
      return std::nullopt;
    }
    return Invalid(std::string(problem) + "; lower bound operand: " + Describe(low.value) +
                   ", upper bound operand: " + Describe(high.value));
  }

  // A scalar as DynamoDB's messages print it: "AttributeValue: {N:5}".
  static std::string Describe(const AttributeValue& v) {
    std::string text;
    switch (v.type()) {
      case Type::kS: text = v.s(); break;
      case Type::kN: text = v.n().ToString(); break;
      default: {
        std::string n = std::to_string(v.b().bytes.size());
        text = "java.nio.HeapByteBuffer[pos=0 lim=" + n + " cap=" + n + "]";
      }
    }
    return "AttributeValue: {" + std::string(TypeName(v.type())) + ":" + text + "}";
  }

  Result<Node> In(Node subject) {
    ++pos_;
    if (!Accept("(")) return SyntaxError();
    ++operators_;
    Node node;
    node.kind = Node::Kind::kIn;
    node.children.push_back(std::move(subject));
    for (;;) {
      auto item = Operand(false);
      if (!item) return item;
      node.children.push_back(*std::move(item));
      if (Accept(")")) break;
      if (!Accept(",")) return SyntaxError();
    }
    if (node.children.size() > 101) {
      return Invalid("The IN operator is provided with too many operands; number of operands: " +
                     std::to_string(node.children.size() - 1));
    }
    if (auto e = Distinct("IN", node.children)) return *e;
    return node;
  }

  // Ordering comparisons take only strings, numbers and binaries: a literal
  // of another type can never compare, and DynamoDB refuses it up front.
  std::optional<Error> OrderedOperands(const std::string& op,
                                       const std::vector<Node>& operands) const {
    for (const Node& operand : operands) {
      if (operand.kind != Node::Kind::kValue) continue;
      Type t = operand.value.type();
      if (t == Type::kS || t == Type::kN || t == Type::kB) continue;
      return Invalid("Incorrect operand type for operator or function; operator or function: " +
                     op + ", operand type: " + std::string(TypeName(t)));
    }
    return std::nullopt;
  }

  // --- operands: paths, values, functions, arithmetic ---
  Result<Node> Operand(bool update) {
    Deeper deeper(depth_);
    if (depth_ > kMaxDepth) return TooDeep();
    if (!update && Accept("(")) {
      auto inner = Operand(false);
      if (!inner) return inner;
      if (!Accept(")")) return SyntaxError();
      return inner;
    }
    const Token& t = Peek();
    if (t.kind == Token::Kind::kValue) return ValueOperand();
    if (t.kind == Token::Kind::kIdentifier && IsPunct("(", 1)) {
      std::string_view name = t.text;
      bool allowed = update ? (name == "if_not_exists" || name == "list_append") : name == "size";
      bool known = name == "size" || name == "if_not_exists" || name == "list_append" ||
                   IsConditionFunction(name);
      if (!known) return Invalid("Invalid function name; function: " + std::string(name));
      if (!allowed && update) {
        return Invalid("The function is not allowed in an update expression; function: " +
                       std::string(name));
      }
      if (!allowed) return MisusedFunction(std::string(name));
      return Function(false);
    }
    if (t.kind == Token::Kind::kIdentifier || t.kind == Token::Kind::kName) {
      auto path = ParsePath();
      if (!path) return std::move(path).error();
      Node node;
      node.kind = Node::Kind::kPath;
      node.path = *std::move(path);
      return node;
    }
    return SyntaxError();
  }

  Result<Node> ValueOperand() {
    std::string key(Peek().text);
    const auto* values = placeholders_.values;
    auto it = values ? values->find(key) : decltype(values->end()){};
    if (!values || it == values->end()) {
      return Invalid("An expression attribute value used in expression is not defined; "
                     "attribute value: " + key);
    }
    placeholders_.used_values.insert(key);
    ++pos_;
    Node node;
    node.kind = Node::Kind::kValue;
    node.value = it->second;
    return node;
  }

  Result<Node> Function(bool condition) {
    ++operators_;
    Node node;
    node.kind = Node::Kind::kFunction;
    node.name = std::string(Peek().text);
    pos_ += 2;  // name and '('
    if (!Accept(")")) {
      for (;;) {
        auto argument = Operand(node.name == "if_not_exists" || node.name == "list_append");
        if (!argument) return argument;
        node.children.push_back(*std::move(argument));
        if (Accept(")")) break;
        if (!Accept(",")) return SyntaxError();
      }
    }
    if (auto s = CheckArguments(node, condition); !s) return std::move(s).error();
    return node;
  }

  Status CheckArguments(const Node& f, bool condition) const {
    std::size_t want = f.name == "attribute_exists" || f.name == "attribute_not_exists" ||
                               f.name == "size"
                           ? 1
                           : 2;
    if (f.children.size() != want) {
      return Invalid("Incorrect number of operands for operator or function; operator or "
                     "function: " + f.name + ", number of operands: " +
                     std::to_string(f.children.size()));
    }
    bool path_first = f.name == "attribute_exists" || f.name == "attribute_not_exists" ||
                      f.name == "attribute_type" || f.name == "if_not_exists";
    if (path_first && f.children[0].kind != Node::Kind::kPath) {
      return Invalid("Operator or function requires a document path; operator or function: " +
                     f.name);
    }
    if (condition) {
      if (auto e = Distinct(f.name, f.children)) return *e;
    }
    if (f.name == "size") return SizeOperand(f.children[0]);
    if (f.name == "attribute_type") return AttributeTypeOperand(f.children[1]);
    if (f.name == "begins_with") {
      for (const Node& operand : f.children) {
        Type t = operand.value.type();
        if (operand.kind != Node::Kind::kValue || t == Type::kS || t == Type::kB) continue;
        return Invalid("Incorrect operand type for operator or function; operator or "
                       "function: begins_with, operand type: " + std::string(TypeName(t)));
      }
    }
    return {};
  }

  // size() of a literal: only values with a length have a size.
  Status SizeOperand(const Node& operand) const {
    if (operand.kind != Node::Kind::kValue) return {};
    Type t = operand.value.type();
    if (t != Type::kN && t != Type::kBool && t != Type::kNull) return {};
    return Invalid("Incorrect operand type for operator or function; operator or function: "
                   "size, operand type: " + std::string(TypeName(t)));
  }

  // attribute_type(path, :t): :t must name one of the ten types.
  Status AttributeTypeOperand(const Node& operand) const {
    if (operand.kind != Node::Kind::kValue) return {};
    Type t = operand.value.type();
    if (t != Type::kS) {
      return Invalid("Incorrect operand type for operator or function; operator or function: "
                     "attribute_type, operand type: " + std::string(TypeName(t)));
    }
    static const std::set<std::string, std::less<>> kTypes = {
        "S", "N", "B", "NULL", "SS", "BOOL", "L", "BS", "NS", "M"};
    if (kTypes.count(operand.value.s())) return {};
    return Invalid("Invalid attribute type name found; type: " + operand.value.s() +
                   ", valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}");
  }

  Result<Path> ParsePath() {
    Path path;
    for (;;) {
      const Token& t = Peek();
      PathStep step;
      if (t.kind == Token::Kind::kName) {
        std::string key(t.text);
        const auto* names = placeholders_.names;
        auto it = names ? names->find(key) : decltype(names->end()){};
        if (!names || it == names->end()) {
          return Invalid("An expression attribute name used in the document path is not "
                         "defined; attribute name: " + key);
        }
        placeholders_.used_names.insert(key);
        step.name = it->second;
      } else if (t.kind == Token::Kind::kIdentifier) {
        if (IsReservedWord(t.text)) {
          return Invalid("Attribute name is a reserved keyword; reserved keyword: " +
                         std::string(t.text));
        }
        step.name = std::string(t.text);
      } else {
        return SyntaxError();
      }
      ++pos_;
      path.push_back(std::move(step));
      while (Accept("[")) {
        if (Peek().kind != Token::Kind::kNumber) return SyntaxError();
        PathStep index;
        index.is_index = true;
        index.index = std::stoi(std::string(Peek().text.substr(0, 9)));
        ++pos_;
        if (!Accept("]")) return SyntaxError();
        path.push_back(index);
      }
      if (!Accept(".")) return path;
    }
  }

  // --- update clauses ---
  Status Clause(const std::string& clause, Update& update) {
    for (;;) {
      UpdateAction action;
      action.kind = clause == "SET"      ? UpdateAction::Kind::kSet
                    : clause == "REMOVE" ? UpdateAction::Kind::kRemove
                    : clause == "ADD"    ? UpdateAction::Kind::kAdd
                                         : UpdateAction::Kind::kDelete;
      auto path = ParsePath();
      if (!path) return std::move(path).error();
      action.path = *std::move(path);
      if (action.kind == UpdateAction::Kind::kSet) {
        if (!Accept("=")) return SyntaxError();
        auto value = SetValue();
        if (!value) return std::move(value).error();
        action.value = *std::move(value);
      } else if (action.kind != UpdateAction::Kind::kRemove) {
        auto value = Operand(true);
        if (!value) return std::move(value).error();
        if (value->kind != Node::Kind::kValue) return SyntaxError();
        action.value = *std::move(value);
      }
      update.actions.push_back(std::move(action));
      if (!Accept(",")) return {};
    }
  }

  Result<Node> SetValue() {
    auto left = Operand(true);
    if (!left) return left;
    if (IsPunct("+") || IsPunct("-")) {
      Node::Kind kind = IsPunct("+") ? Node::Kind::kPlus : Node::Kind::kMinus;
      ++pos_;
      auto right = Operand(true);
      if (!right) return right;
      return Binary(kind, *std::move(left), *std::move(right));
    }
    return left;
  }

  std::string_view text_;
  std::string_view kind_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  int operators_ = 0;
  int depth_ = 0;  // of Group, Not and Operand calls in progress
  std::size_t last_group_open_ = std::string_view::npos;
  std::size_t last_group_close_ = std::string_view::npos;
  Placeholders& placeholders_;
};

std::string JoinKeys(const std::vector<std::string>& keys) {
  std::string out = "{";
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) out += ", ";
    out += keys[i];
  }
  return out + "}";
}

}  // namespace

Result<Node> ParseCondition(std::string_view text, std::string_view kind,
                            Placeholders& placeholders) {
  return Parser(text, kind, placeholders).Condition();
}

Result<std::vector<Path>> ParseProjection(std::string_view text, Placeholders& placeholders) {
  return Parser(text, "ProjectionExpression", placeholders).Projection();
}

Result<Update> ParseUpdate(std::string_view text, Placeholders& placeholders) {
  return Parser(text, "UpdateExpression", placeholders).UpdateExpression();
}

Status CheckAllUsed(const Placeholders& p) {
  std::vector<std::string> unused;
  if (p.names) {
    for (const auto& [key, name] : *p.names) {
      if (!p.used_names.count(key)) unused.push_back(key);
    }
    if (!unused.empty()) {
      return Error::Validation(
          "Value provided in ExpressionAttributeNames unused in expressions: keys: " +
          JoinKeys(unused));
    }
  }
  if (p.values) {
    for (const auto& [key, value] : *p.values) {
      if (!p.used_values.count(key)) unused.push_back(key);
    }
    if (!unused.empty()) {
      return Error::Validation(
          "Value provided in ExpressionAttributeValues unused in expressions: keys: " +
          JoinKeys(unused));
    }
  }
  return {};
}

}  // namespace ddb::expr
