#include "engine/partiql/parser.h"

#include "base/ascii.h"

#include <cctype>
#include <string>
#include <vector>

namespace ddb::partiql {
namespace {

// Deeper nesting than this is refused rather than risking the stack.
constexpr int kMaxDepth = 100;

struct Token {
  enum class Kind { kWord, kQuoted, kString, kNumber, kSymbol, kEnd };
  Kind kind = Kind::kEnd;
  std::string text;   // the word, the unquoted name or string, the symbol
  std::size_t at = 0; // offset in the statement
};

Error Malformed(std::string_view detail) {
  return Error::Validation("Statement wasn't well formed, can't be processed: " +
                           std::string(detail));
}

bool WordStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool WordPart(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}

// Splits the statement into tokens, or says where it cannot.
Result<std::vector<Token>> Tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {  // comment to end of line
      while (i < s.size() && s[i] != '\n') ++i;
      continue;
    }
    Token t;
    t.at = i;
    if (WordStart(c)) {
      std::size_t start = i;
      while (i < s.size() && WordPart(s[i])) ++i;
      t.kind = Token::Kind::kWord;
      t.text = s.substr(start, i - start);
    } else if (c == '\'' || c == '"') {
      t.kind = c == '\'' ? Token::Kind::kString : Token::Kind::kQuoted;
      ++i;
      for (;;) {
        if (i >= s.size()) {
          return Malformed(c == '\'' ? "Unterminated string literal" : "Unterminated quoted identifier");
        }
        if (s[i] == c) {
          if (i + 1 < s.size() && s[i + 1] == c) {
            t.text += c;
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        t.text += s[i++];
      }
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      std::size_t start = i;
      while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
      if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        std::size_t mark = i++;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        if (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
          while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
        } else {
          i = mark;
        }
      }
      t.kind = Token::Kind::kNumber;
      t.text = s.substr(start, i - start);
    } else {
      static constexpr std::string_view kTwo[] = {"<<", ">>", "<=", ">=", "<>", "!="};
      t.kind = Token::Kind::kSymbol;
      for (std::string_view two : kTwo) {
        if (s.substr(i, 2) == two) t.text = two;
      }
      if (t.text.empty()) {
        if (std::string_view("()[]{},.:;*?=<>+-").find(c) == std::string_view::npos) {
          // The whole UTF-8 character, so that the message stays valid UTF-8.
          std::size_t end = i + 1;
          while (end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) ++end;
          return Malformed("Unexpected character '" + std::string(s.substr(i, end - i)) + "'");
        }
        t.text = std::string(1, c);
      }
      i += t.text.size();
    }
    out.push_back(std::move(t));
  }
  Token end;
  end.at = s.size();
  out.push_back(end);
  return out;
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Result<Statement> ParseStatement() {
    Statement st;
    Status s = Keyword("SELECT") ? Select(st)
               : Keyword("INSERT") ? Insert(st)
               : Keyword("UPDATE") ? Update(st)
               : Keyword("DELETE") ? Delete(st)
               : Keyword("EXISTS") ? Exists(st)
                                   : Status(Malformed("Expected data manipulation"));
    if (!s) return std::move(s).error();
    Symbol(";");
    if (Peek().kind != Token::Kind::kEnd) return Unexpected();
    st.parameter_count = parameters_;
    return st;
  }

 private:
  const Token& Peek() const { return tokens_[pos_]; }
  const Token& Next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }

  bool IsKeyword(std::string_view word) const {
    return Peek().kind == Token::Kind::kWord && EqualsIgnoringCase(Peek().text, word);
  }
  bool Keyword(std::string_view word) {
    if (!IsKeyword(word)) return false;
    ++pos_;
    return true;
  }
  bool IsSymbol(std::string_view symbol) const {
    return Peek().kind == Token::Kind::kSymbol && Peek().text == symbol;
  }
  bool Symbol(std::string_view symbol) {
    if (!IsSymbol(symbol)) return false;
    ++pos_;
    return true;
  }

  Error Unexpected() const {
    const Token& t = Peek();
    if (t.kind == Token::Kind::kEnd) return Malformed("Unexpected end of statement");
    return Malformed("Unexpected token '" + t.text + "' at position " + std::to_string(t.at + 1));
  }
  Status Expect(std::string_view symbol) {
    if (Symbol(symbol)) return {};
    return Unexpected();
  }
  Status ExpectKeyword(std::string_view word) {
    if (Keyword(word)) return {};
    return Unexpected();
  }

  // A table, index or attribute name: "quoted" or a bare word.
  Result<std::string> Name() {
    const Token& t = Peek();
    if (t.kind == Token::Kind::kQuoted || t.kind == Token::Kind::kWord) {
      ++pos_;
      return t.text;
    }
    return Unexpected();
  }

  Result<Path> ParsePath() {
    Path path;
    auto first = Name();
    if (!first) return std::move(first).error();
    path.steps.emplace_back(*std::move(first));
    for (;;) {
      if (Symbol(".")) {
        auto name = Name();
        if (!name) return std::move(name).error();
        path.steps.emplace_back(*std::move(name));
      } else if (Symbol("[")) {
        if (Peek().kind != Token::Kind::kNumber ||
            Peek().text.find_first_not_of("0123456789") != std::string::npos ||
            Peek().text.size() > 9) {
          return Unexpected();
        }
        path.steps.emplace_back(static_cast<int64_t>(std::stoll(Next().text)));
        if (auto s = Expect("]"); !s) return std::move(s).error();
      } else {
        return path;
      }
    }
  }

  Status Table(Statement& st) {
    auto table = Name();
    if (!table) return std::move(table).error();
    st.table = *std::move(table);
    return {};
  }

  Status Select(Statement& st) {
    st.kind = Statement::Kind::kSelect;
    if (Symbol("*")) {
      st.star = true;
    } else {
      do {
        auto path = ParsePath();
        if (!path) return std::move(path).error();
        st.projection.push_back(*std::move(path));
      } while (Symbol(","));
    }
    if (auto s = ExpectKeyword("FROM"); !s) return s;
    if (auto s = Table(st); !s) return s;
    if (Symbol(".")) {
      auto index = Name();
      if (!index) return std::move(index).error();
      st.index = *std::move(index);
    }
    if (Keyword("WHERE")) {
      auto where = Expression(0);
      if (!where) return std::move(where).error();
      st.where = *std::move(where);
    }
    if (Keyword("ORDER")) {
      if (auto s = ExpectKeyword("BY"); !s) return s;
      do {
        auto path = ParsePath();
        if (!path) return std::move(path).error();
        Statement::OrderKey key{*std::move(path), false};
        if (Keyword("DESC")) {
          key.descending = true;
        } else {
          Keyword("ASC");
        }
        st.order_by.push_back(std::move(key));
      } while (Symbol(","));
    }
    return {};
  }

  Status Exists(Statement& st) {
    if (auto s = Expect("("); !s) return s;
    if (auto s = ExpectKeyword("SELECT"); !s) return s;
    if (auto s = Select(st); !s) return s;
    st.kind = Statement::Kind::kExists;
    return Expect(")");
  }

  Status Insert(Statement& st) {
    st.kind = Statement::Kind::kInsert;
    if (auto s = ExpectKeyword("INTO"); !s) return s;
    if (auto s = Table(st); !s) return s;
    if (auto s = ExpectKeyword("VALUE"); !s) return s;
    auto value = Primary(0);
    if (!value) return std::move(value).error();
    st.value = *std::move(value);
    return {};
  }

  Status Update(Statement& st) {
    st.kind = Statement::Kind::kUpdate;
    if (auto s = Table(st); !s) return s;
    bool any = false;
    for (;;) {
      if (Keyword("SET")) {
        do {
          auto path = ParsePath();
          if (!path) return std::move(path).error();
          if (auto s = Expect("="); !s) return s;
          auto value = Sum(0);
          if (!value) return std::move(value).error();
          st.sets.emplace_back(*std::move(path), *std::move(value));
        } while (Symbol(","));
      } else if (Keyword("REMOVE")) {
        auto path = ParsePath();
        if (!path) return std::move(path).error();
        st.removes.push_back(*std::move(path));
      } else {
        break;
      }
      any = true;
    }
    if (!any) return Unexpected();
    if (auto s = Where(st); !s) return s;
    return Returning(st, true);
  }

  Status Delete(Statement& st) {
    st.kind = Statement::Kind::kDelete;
    if (auto s = ExpectKeyword("FROM"); !s) return s;
    if (auto s = Table(st); !s) return s;
    if (auto s = Where(st); !s) return s;
    return Returning(st, false);
  }

  Status Where(Statement& st) {
    if (auto s = ExpectKeyword("WHERE"); !s) return s;
    auto where = Expression(0);
    if (!where) return std::move(where).error();
    st.where = *std::move(where);
    return {};
  }

  Status Returning(Statement& st, bool update) {
    if (!Keyword("RETURNING")) return {};
    bool all = Keyword("ALL");
    if (!all && !Keyword("MODIFIED")) return Unexpected();
    bool old = Keyword("OLD");
    if (!old && !Keyword("NEW")) return Unexpected();
    if (auto s = Expect("*"); !s) return s;
    if (!update && !(all && old)) {
      return Error::Validation("DELETE statements only support RETURNING ALL OLD *");
    }
    st.returning = all ? (old ? ReturnValues::kAllOld : ReturnValues::kAllNew)
                       : (old ? ReturnValues::kUpdatedOld : ReturnValues::kUpdatedNew);
    return {};
  }

  static ExprPtr Make(Expr::Kind kind, std::vector<ExprPtr> args, std::string op = {}) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->args = std::move(args);
    e->op = std::move(op);
    return e;
  }
  static std::vector<ExprPtr> Two(ExprPtr a, ExprPtr b) {
    std::vector<ExprPtr> v;
    v.push_back(std::move(a));
    v.push_back(std::move(b));
    return v;
  }

  Status Deeper(int depth) const {
    if (depth > kMaxDepth) return Malformed("Statement is nested too deeply");
    return {};
  }

  Result<ExprPtr> Expression(int depth) {
    if (auto s = Deeper(depth); !s) return std::move(s).error();
    auto left = Conjunction(depth + 1);
    if (!left) return left;
    while (Keyword("OR")) {
      auto right = Conjunction(depth + 1);
      if (!right) return right;
      *left = Make(Expr::Kind::kOr, Two(*std::move(left), *std::move(right)));
    }
    return left;
  }

  Result<ExprPtr> Conjunction(int depth) {
    auto left = Negation(depth);
    if (!left) return left;
    while (Keyword("AND")) {
      auto right = Negation(depth);
      if (!right) return right;
      *left = Make(Expr::Kind::kAnd, Two(*std::move(left), *std::move(right)));
    }
    return left;
  }

  Result<ExprPtr> Negation(int depth) {
    if (auto s = Deeper(depth); !s) return std::move(s).error();
    if (Keyword("NOT")) {
      auto operand = Negation(depth + 1);
      if (!operand) return operand;
      std::vector<ExprPtr> args;
      args.push_back(*std::move(operand));
      return Make(Expr::Kind::kNot, std::move(args));
    }
    return Predicate(depth);
  }

  Result<ExprPtr> Predicate(int depth) {
    auto left = Sum(depth);
    if (!left) return left;
    static constexpr std::string_view kComparisons[] = {"=", "<>", "!=", "<", "<=", ">", ">="};
    for (std::string_view op : kComparisons) {
      if (Symbol(op)) {
        auto right = Sum(depth);
        if (!right) return right;
        return Make(Expr::Kind::kCompare, Two(*std::move(left), *std::move(right)),
                    std::string(op == "!=" ? "<>" : op));
      }
    }
    if (Keyword("IS")) {
      bool negated = Keyword("NOT");
      Expr::Kind kind;
      if (Keyword("MISSING")) {
        kind = Expr::Kind::kIsMissing;
      } else if (Keyword("NULL")) {
        kind = Expr::Kind::kIsNull;
      } else {
        return Unexpected();
      }
      std::vector<ExprPtr> args;
      args.push_back(*std::move(left));
      ExprPtr e = Make(kind, std::move(args));
      e->negated = negated;
      return e;
    }
    bool negated = false;
    if (IsKeyword("NOT") && pos_ + 1 < tokens_.size() &&
        tokens_[pos_ + 1].kind == Token::Kind::kWord &&
        (EqualsIgnoringCase(tokens_[pos_ + 1].text, "BETWEEN") ||
         EqualsIgnoringCase(tokens_[pos_ + 1].text, "IN"))) {
      ++pos_;
      negated = true;
    }
    ExprPtr result;
    if (Keyword("BETWEEN")) {
      auto low = Sum(depth);
      if (!low) return low;
      if (auto s = ExpectKeyword("AND"); !s) return std::move(s).error();
      auto high = Sum(depth);
      if (!high) return high;
      std::vector<ExprPtr> args;
      args.push_back(*std::move(left));
      args.push_back(*std::move(low));
      args.push_back(*std::move(high));
      result = Make(Expr::Kind::kBetween, std::move(args));
    } else if (Keyword("IN")) {
      std::string close = Symbol("(") ? ")" : "";
      if (close.empty()) {
        if (!Symbol("[")) return Unexpected();
        close = "]";
      }
      std::vector<ExprPtr> args;
      args.push_back(*std::move(left));
      do {
        auto item = Sum(depth);
        if (!item) return item;
        args.push_back(*std::move(item));
      } while (Symbol(","));
      if (auto s = Expect(close); !s) return std::move(s).error();
      result = Make(Expr::Kind::kIn, std::move(args));
    } else {
      if (negated) return Unexpected();
      return left;
    }
    if (!negated) return result;
    std::vector<ExprPtr> args;
    args.push_back(std::move(result));
    return Make(Expr::Kind::kNot, std::move(args));
  }

  Result<ExprPtr> Sum(int depth) {
    auto left = Primary(depth);
    if (!left) return left;
    while (IsSymbol("+") || IsSymbol("-")) {
      std::string op = Next().text;
      auto right = Primary(depth);
      if (!right) return right;
      *left = Make(Expr::Kind::kArithmetic, Two(*std::move(left), *std::move(right)), op);
    }
    return left;
  }

  Result<ExprPtr> Elements(Expr::Kind kind, std::string_view close, int depth) {
    auto e = Make(kind, {});
    if (Symbol(close)) return e;
    do {
      auto item = Expression(depth + 1);
      if (!item) return item;
      e->args.push_back(*std::move(item));
    } while (Symbol(","));
    if (auto s = Expect(close); !s) return std::move(s).error();
    return e;
  }

  Result<ExprPtr> Literal(AttributeValue value) {
    auto e = Make(Expr::Kind::kValue, {});
    e->value = std::move(value);
    return e;
  }

  Result<ExprPtr> NumberLiteral(bool negative) {
    std::string text = (negative ? "-" : "") + Next().text;
    auto n = Number::Parse(text);
    if (!n) return Error::Validation(std::string(NumberErrorMessage(n.error())));
    return Literal(AttributeValue::N(*std::move(n)));
  }

  Result<ExprPtr> Primary(int depth) {
    if (auto s = Deeper(depth); !s) return std::move(s).error();
    const Token& t = Peek();
    switch (t.kind) {
      case Token::Kind::kString: {
        std::string text = Next().text;
        return Literal(AttributeValue::S(std::move(text)));
      }
      case Token::Kind::kNumber:
        return NumberLiteral(false);
      case Token::Kind::kQuoted: {
        auto path = ParsePath();
        if (!path) return std::move(path).error();
        auto e = Make(Expr::Kind::kPath, {});
        e->path = *std::move(path);
        return e;
      }
      case Token::Kind::kWord: {
        if (Keyword("TRUE")) return Literal(AttributeValue::Bool(true));
        if (Keyword("FALSE")) return Literal(AttributeValue::Bool(false));
        if (Keyword("NULL")) return Literal(AttributeValue::Null());
        if (tokens_[pos_ + 1].kind == Token::Kind::kSymbol && tokens_[pos_ + 1].text == "(") {
          std::string name = Next().text;
          ++pos_;  // '('
          for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          auto call = Elements(Expr::Kind::kCall, ")", depth);
          if (call) (*call)->op = std::move(name);
          return call;
        }
        auto path = ParsePath();
        if (!path) return std::move(path).error();
        auto e = Make(Expr::Kind::kPath, {});
        e->path = *std::move(path);
        return e;
      }
      case Token::Kind::kSymbol:
        if (Symbol("?")) {
          auto e = Make(Expr::Kind::kParameter, {});
          e->parameter = parameters_++;
          return e;
        }
        if (IsSymbol("-") && tokens_[pos_ + 1].kind == Token::Kind::kNumber) {
          ++pos_;
          return NumberLiteral(true);
        }
        if (Symbol("(")) {
          auto inner = Expression(depth + 1);
          if (!inner) return inner;
          if (auto s = Expect(")"); !s) return std::move(s).error();
          return inner;
        }
        if (Symbol("[")) return Elements(Expr::Kind::kList, "]", depth);
        if (Symbol("<<")) return Elements(Expr::Kind::kSet, ">>", depth);
        if (Symbol("{")) return Map(depth);
        return Unexpected();
      case Token::Kind::kEnd:
        return Unexpected();
    }
    return Unexpected();
  }

  Result<ExprPtr> Map(int depth) {
    auto e = Make(Expr::Kind::kMap, {});
    if (Symbol("}")) return e;
    do {
      const Token& key = Peek();
      if (key.kind != Token::Kind::kString && key.kind != Token::Kind::kQuoted) return Unexpected();
      e->keys.push_back(Next().text);
      if (auto s = Expect(":"); !s) return std::move(s).error();
      auto value = Expression(depth + 1);
      if (!value) return value;
      e->args.push_back(*std::move(value));
    } while (Symbol(","));
    if (auto s = Expect("}"); !s) return std::move(s).error();
    return e;
  }

  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  int parameters_ = 0;
};

}  // namespace

Result<Statement> Parse(std::string_view text) {
  auto tokens = Tokenize(text);
  if (!tokens) return std::move(tokens).error();
  return Parser(*std::move(tokens)).ParseStatement();
}

}  // namespace ddb::partiql
