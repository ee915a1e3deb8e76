#include "exchange/ion.h"

#include <cctype>
#include <cstdio>
#include <optional>

#include "protocol/base64.h"

namespace ddb::exchange {
namespace {

// --- writing --------------------------------------------------------------

bool PlainSymbol(std::string_view s) {
  if (s.empty() || s == "null" || s == "true" || s == "false" || s == "nan") return false;
  // Not '$' first: "$10" would read as a symbol id.
  auto start = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
  if (!start(s[0])) return false;
  for (char c : s) {
    if (!start(c) && c != '$' && !std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

void Escaped(std::string_view s, char quote, std::string& out) {
  out += quote;
  for (unsigned char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c == static_cast<unsigned char>(quote)) {
          out += '\\';
          out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7f) {
          char hex[8];
          std::snprintf(hex, sizeof hex, "\\x%02x", c);
          out += hex;
        } else {
          out += static_cast<char>(c);  // UTF-8 passes through
        }
    }
  }
  out += quote;
}

// Ion decimal text: "1E+3" -> "1d+3", "103" -> "103.".
std::string Decimal(const Number& n) {
  std::string text = n.ToString();
  std::size_t e = text.find_first_of("eE");
  if (e != std::string::npos) {
    text[e] = 'd';
  } else if (text.find('.') == std::string::npos) {
    text += '.';
  }
  return text;
}

void Blob(const std::string& bytes, std::string& out) {
  out += "{{" + protocol::Base64Encode(bytes) + "}}";
}

void Value(const AttributeValue& v, std::string& out);

void Struct(const Map& m, std::string& out) {
  out += '{';
  bool first = true;
  for (const auto& [name, value] : m) {
    if (!first) out += ',';
    first = false;
    if (PlainSymbol(name)) {
      out += name;
    } else {
      Escaped(name, '\'', out);
    }
    out += ':';
    Value(value, out);
  }
  out += '}';
}

void Value(const AttributeValue& v, std::string& out) {
  switch (v.type()) {
    case Type::kS: Escaped(v.s(), '"', out); break;
    case Type::kN: out += Decimal(v.n()); break;
    case Type::kB: Blob(v.b().bytes, out); break;
    case Type::kBool: out += v.boolean() ? "true" : "false"; break;
    case Type::kNull: out += "null"; break;
    case Type::kM: Struct(v.m(), out); break;
    case Type::kL: {
      out += '[';
      for (std::size_t i = 0; i < v.l().size(); ++i) {
        if (i > 0) out += ',';
        Value(v.l()[i], out);
      }
      out += ']';
      break;
    }
    case Type::kSS: {
      out += "$dynamodb_SS::[";
      bool first = true;
      for (const std::string& s : v.ss()) {
        if (!first) out += ',';
        first = false;
        Escaped(s, '"', out);
      }
      out += ']';
      break;
    }
    case Type::kNS: {
      out += "$dynamodb_NS::[";
      bool first = true;
      for (const Number& n : v.ns()) {
        if (!first) out += ',';
        first = false;
        out += Decimal(n);
      }
      out += ']';
      break;
    }
    case Type::kBS: {
      out += "$dynamodb_BS::[";
      bool first = true;
      for (const Binary& b : v.bs()) {
        if (!first) out += ',';
        first = false;
        Blob(b.bytes, out);
      }
      out += ']';
      break;
    }
  }
}

// --- reading --------------------------------------------------------------

void AppendUtf8(unsigned code, std::string& out) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// `digits` hex digits, exactly.
std::optional<unsigned> Hex(std::string_view text, std::size_t digits) {
  if (text.size() != digits) return std::nullopt;
  unsigned out = 0;
  for (char c : text) {
    int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
            : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
            : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                                                        : -1;
    if (d < 0) return std::nullopt;
    out = out * 16 + static_cast<unsigned>(d);
  }
  return out;
}

// A parsed Ion value, before it becomes an AttributeValue.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  Result<std::vector<Item>> Items() {
    std::vector<Item> items;
    while (true) {
      Skip();
      if (at_ == text_.size()) return items;
      if (Word() == "$ion_1_0") {
        at_ += 8;
        continue;
      }
      auto value = ParseValue(0);
      if (!value) return std::move(value).error();
      if (value->type() != Type::kM) return Bad("a top-level value is not a struct");
      auto item = value->m().find("Item");
      if (item == value->m().end() || item->second.type() != Type::kM) {
        return Bad("a value has no Item");
      }
      items.push_back(item->second.m());
    }
  }

 private:
  static constexpr int kMaxDepth = 33;

  Error Bad(std::string_view why) const {
    return Error::Validation("Invalid Ion at offset " + std::to_string(at_) + ": " +
                             std::string(why));
  }

  void Skip() {
    while (at_ < text_.size()) {
      if (std::isspace(static_cast<unsigned char>(text_[at_]))) {
        ++at_;
      } else if (text_.substr(at_, 2) == "//") {
        while (at_ < text_.size() && text_[at_] != '\n') ++at_;
      } else if (text_.substr(at_, 2) == "/*") {
        std::size_t end = text_.find("*/", at_ + 2);
        at_ = end == std::string_view::npos ? text_.size() : end + 2;
      } else {
        return;
      }
    }
  }

  // The identifier symbol at the cursor ("" when none), not consumed.
  std::string_view Word() const {
    std::size_t end = at_;
    while (end < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[end])) || text_[end] == '_' ||
            text_[end] == '$' || (end > at_ && text_[end] == '.'))) {
      ++end;
    }
    return text_.substr(at_, end - at_);
  }

  bool Eat(char c) {
    Skip();
    if (at_ < text_.size() && text_[at_] == c) {
      ++at_;
      return true;
    }
    return false;
  }

  Result<std::string> Quoted(char quote) {
    ++at_;  // the opening quote
    std::string out;
    while (at_ < text_.size() && text_[at_] != quote) {
      char c = text_[at_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (at_ == text_.size()) break;
      char e = text_[at_++];
      switch (e) {
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case '0': out += '\0'; break;
        case 'x':
        case 'u':
        case 'U': {
          // A code point (not a byte), written as UTF-8.
          const std::size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          std::optional<unsigned> code = Hex(text_.substr(at_, digits), digits);
          if (!code || *code > 0x10FFFF || (*code >= 0xD800 && *code <= 0xDFFF)) {
            return Bad("bad escape");
          }
          at_ += digits;
          AppendUtf8(*code, out);
          break;
        }
        default: out += e;
      }
    }
    if (at_ == text_.size()) return Bad("unterminated quote");
    ++at_;
    return out;
  }

  Result<std::string> FieldName() {
    Skip();
    if (at_ < text_.size() && (text_[at_] == '\'' || text_[at_] == '"')) {
      return Quoted(text_[at_]);
    }
    std::string_view word = Word();
    if (word.empty()) return Bad("a field name was expected");
    at_ += word.size();
    return std::string(word);
  }

  Result<AttributeValue> ParseNumber() {
    std::size_t start = at_;
    while (at_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[at_])) || text_[at_] == '.' ||
            text_[at_] == '-' || text_[at_] == '+' || text_[at_] == '_')) {
      ++at_;
    }
    std::string text(text_.substr(start, at_ - start));
    std::erase(text, '_');
    for (char& c : text) {
      if (c == 'd' || c == 'D') c = 'E';
    }
    if (text.ends_with('.')) text.pop_back();
    std::size_t dot_e = text.find(".E");
    if (dot_e != std::string::npos) text.erase(dot_e, 1);
    auto n = ddb::Number::Parse(text);
    if (!n) return Bad("not a number: " + text);
    return AttributeValue::N(*n);
  }

  Result<AttributeValue> ParseValue(int depth) {
    if (depth > kMaxDepth) return Bad("nested too deeply");
    Skip();
    std::string annotation;
    while (true) {
      std::string_view word = Word();
      std::size_t after = at_ + word.size();
      if (!word.empty() && text_.substr(after, 2) == "::") {
        annotation = std::string(word);
        at_ = after + 2;
        Skip();
        continue;
      }
      break;
    }
    if (at_ == text_.size()) return Bad("a value was expected");
    char c = text_[at_];
    if (text_.substr(at_, 2) == "{{") {
      std::size_t end = text_.find("}}", at_ + 2);
      if (end == std::string_view::npos) return Bad("unterminated blob");
      std::string base64;
      for (char b : text_.substr(at_ + 2, end - at_ - 2)) {
        if (!std::isspace(static_cast<unsigned char>(b))) base64 += b;
      }
      at_ = end + 2;
      auto bytes = protocol::Base64Decode(base64);
      if (!bytes) return Bad("invalid blob");
      return AttributeValue::B(*std::move(bytes));
    }
    if (c == '{') {
      ++at_;
      Map m;
      if (Eat('}')) return AttributeValue::M(std::move(m));
      do {
        auto name = FieldName();
        if (!name) return std::move(name).error();
        if (!Eat(':')) return Bad("':' was expected");
        auto value = ParseValue(depth + 1);
        if (!value) return std::move(value).error();
        m.insert_or_assign(*std::move(name), *std::move(value));
      } while (Eat(','));
      if (!Eat('}')) return Bad("'}' was expected");
      return AttributeValue::M(std::move(m));
    }
    if (c == '[') {
      ++at_;
      List l;
      if (!Eat(']')) {
        do {
          auto value = ParseValue(depth + 1);
          if (!value) return std::move(value).error();
          l.push_back(*std::move(value));
        } while (Eat(','));
        if (!Eat(']')) return Bad("']' was expected");
      }
      return Annotated(annotation, std::move(l));
    }
    if (c == '"' || c == '\'') {
      auto s = Quoted(c);
      if (!s) return std::move(s).error();
      return AttributeValue::S(*std::move(s));
    }
    std::string_view word = Word();
    if (word == "true" || word == "false") {
      at_ += word.size();
      return AttributeValue::Bool(word == "true");
    }
    if (word.starts_with("null")) {
      at_ += word.size();
      return AttributeValue::Null();
    }
    if (c == '-' || c == '+' || std::isdigit(static_cast<unsigned char>(c))) {
      return ParseNumber();
    }
    return Bad("an unsupported value");
  }

  // A list, or a set when annotated as one (never empty, as in DynamoDB).
  Result<AttributeValue> Annotated(const std::string& annotation, List l) {
    if (annotation.starts_with("$dynamodb_") && l.empty()) return Bad("an empty set");
    if (annotation == "$dynamodb_SS") {
      AttributeValue::StringSet set;
      for (auto& v : l) {
        if (v.type() != Type::kS) return Bad("a string set holds a non-string");
        set.insert(v.s());
      }
      return AttributeValue::SS(std::move(set));
    }
    if (annotation == "$dynamodb_NS") {
      AttributeValue::NumberSet set;
      for (auto& v : l) {
        if (v.type() != Type::kN) return Bad("a number set holds a non-number");
        set.insert(v.n());
      }
      return AttributeValue::NS(std::move(set));
    }
    if (annotation == "$dynamodb_BS") {
      AttributeValue::BinarySet set;
      for (auto& v : l) {
        if (v.type() != Type::kB) return Bad("a binary set holds a non-blob");
        set.insert(v.b());
      }
      return AttributeValue::BS(std::move(set));
    }
    return AttributeValue::L(std::move(l));
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

}  // namespace

std::string IonItemLine(const Item& item) {
  std::string out = "$ion_1_0 {Item:";
  Struct(item, out);
  out += '}';
  return out;
}

std::string IonChangeLine(int64_t write_micros, const Item& keys, const Item* old_image,
                          const Item* new_image) {
  std::string out = "$ion_1_0 {Metadata:{WriteTimestampMicros:" + std::to_string(write_micros) +
                    ".},Keys:";
  Struct(keys, out);
  if (old_image) {
    out += ",OldImage:";
    Struct(*old_image, out);
  }
  if (new_image) {
    out += ",NewImage:";
    Struct(*new_image, out);
  }
  out += '}';
  return out;
}

Result<std::vector<Item>> ParseIonItemLine(std::string_view line) {
  return Reader(line).Items();
}

}  // namespace ddb::exchange
