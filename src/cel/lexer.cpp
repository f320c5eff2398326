// CEL lexer: tokens, literal decoding (escapes, raw and bytes strings) and
// number conversion.
#include "cel/lexer.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "cel/expr_factory.h"
#include "core/utf8.h"

namespace vigil::cel {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c); }
bool is_quote(char c) { return c == '"' || c == '\''; }

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}



// `s` cut to at most `n` bytes without splitting a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view s, size_t n) {
  if (n >= s.size()) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

bool parse_magnitude(std::string_view text, uint64_t* out) {
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && text[1] == 'x') {
    base = 16;
    text.remove_prefix(2);
  }
  if (text.empty()) return false;
  uint64_t v = 0;
  for (char c : text) {
    uint64_t d = static_cast<uint64_t>(base == 16 ? hex_value(c) : c - '0');
    if (v > (std::numeric_limits<uint64_t>::max() - d) / static_cast<uint64_t>(base)) return false;
    v = v * static_cast<uint64_t>(base) + d;
  }
  *out = v;
  return true;
}

}  // namespace

bool is_reserved_word(std::string_view name) {
  static constexpr std::array<std::string_view, 18> kReserved = {
      "as",  "break",  "const",   "continue", "else",      "for",    "function", "if",  "import",
      "let", "loop",   "package", "namespace", "return",   "var",    "void",     "while", "in"};
  for (auto w : kReserved) {
    if (w == name) return true;
  }
  return false;
}

bool parse_int_literal(std::string_view text, bool negative, int64_t* out) {
  uint64_t mag = 0;
  if (!parse_magnitude(text, &mag)) return false;
  constexpr uint64_t kMaxPositive = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (negative) {
    if (mag > kMaxPositive + 1) return false;
    *out = mag == kMaxPositive + 1 ? std::numeric_limits<int64_t>::min()
                                   : -static_cast<int64_t>(mag);
    return true;
  }
  if (mag > kMaxPositive) return false;
  *out = static_cast<int64_t>(mag);
  return true;
}

bool parse_uint_literal(std::string_view text, uint64_t* out) { return parse_magnitude(text, out); }

bool parse_double_literal(std::string_view text, bool negative, double* out) {
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ptr != text.data() + text.size()) return false;
  if (ec == std::errc::result_out_of_range) {
    // Underflow rounds to zero (as strtod does); overflow is an error.
    std::string copy(text);
    v = std::strtod(copy.c_str(), nullptr);
    if (std::isinf(v)) return false;
  } else if (ec != std::errc() || !std::isfinite(v)) {
    return false;
  }
  *out = negative ? -v : v;
  return true;
}

std::string describe_token(std::string_view source, const Token& token) {
  if (token.kind == Tok::End) return "end of input";
  std::string_view text = source.substr(token.offset, token.length);
  if (text.size() > 40) return "'" + std::string(utf8_prefix(text, 37)) + "...'";
  return "'" + std::string(text) + "'";
}

void Lexer::skip_space() {
  while (pos_ < src_.size()) {
    char c = src_[pos_];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      ++pos_;
    } else if (c == '/' && pos_ + 1 < src_.size() && src_[pos_ + 1] == '/') {
      // Only a line feed ends a comment (a lone carriage return does not).
      while (pos_ < src_.size() && src_[pos_] != '\n') ++pos_;
    } else {
      return;
    }
  }
}

Token Lexer::next() {
  skip_space();
  auto start = static_cast<uint32_t>(pos_);
  if (pos_ >= src_.size()) return Token{Tok::End, start, 0, {}};
  char c = src_[pos_];
  if (is_digit(c) || (c == '.' && pos_ + 1 < src_.size() && is_digit(src_[pos_ + 1]))) {
    return number(start);
  }
  if (is_ident_start(c)) return identifier(start);
  if (is_quote(c)) return quoted(start, false, false);
  if (c == '`') return escaped_ident(start);
  return punct(start);
}

Token Lexer::number(uint32_t start) {
  auto finish = [&](Tok kind, size_t text_end) {
    Token t{kind, start, static_cast<uint32_t>(pos_ - start),
            std::string(src_.substr(start, text_end - start))};
    return t;
  };
  if (src_[pos_] == '0' && pos_ + 1 < src_.size() && src_[pos_ + 1] == 'x') {
    pos_ += 2;
    size_t digits = pos_;
    while (pos_ < src_.size() && is_hex(src_[pos_])) ++pos_;
    if (pos_ == digits) {
      throw_syntax_error("syntax error: hexadecimal literal '0x' needs at least one hex digit",
                         start);
    }
    size_t end = pos_;
    if (pos_ < src_.size() && (src_[pos_] == 'u' || src_[pos_] == 'U')) {
      ++pos_;
      return finish(Tok::Uint, end);
    }
    return finish(Tok::Int, end);
  }
  bool is_double = false;
  while (pos_ < src_.size() && is_digit(src_[pos_])) ++pos_;
  if (pos_ + 1 < src_.size() && src_[pos_] == '.' && is_digit(src_[pos_ + 1])) {
    is_double = true;
    ++pos_;
    while (pos_ < src_.size() && is_digit(src_[pos_])) ++pos_;
  }
  if (pos_ < src_.size() && (src_[pos_] == 'e' || src_[pos_] == 'E')) {
    size_t p = pos_ + 1;
    if (p < src_.size() && (src_[p] == '+' || src_[p] == '-')) ++p;
    if (p < src_.size() && is_digit(src_[p])) {
      is_double = true;
      pos_ = p;
      while (pos_ < src_.size() && is_digit(src_[pos_])) ++pos_;
    }
  }
  if (is_double) return finish(Tok::Double, pos_);
  size_t end = pos_;
  if (pos_ < src_.size() && (src_[pos_] == 'u' || src_[pos_] == 'U')) {
    ++pos_;
    return finish(Tok::Uint, end);
  }
  return finish(Tok::Int, end);
}

Token Lexer::identifier(uint32_t start) {
  while (pos_ < src_.size() && is_ident_char(src_[pos_])) ++pos_;
  std::string_view word = src_.substr(start, pos_ - start);
  if (pos_ < src_.size() && is_quote(src_[pos_]) && word.size() <= 2) {
    bool raw = false;
    bool bytes = false;
    bool prefix = true;
    for (char c : word) {
      if ((c == 'r' || c == 'R') && !raw) {
        raw = true;
      } else if ((c == 'b' || c == 'B') && !bytes) {
        bytes = true;
      } else {
        prefix = false;
      }
    }
    if (prefix) return quoted(start, raw, bytes);
  }
  Tok kind = Tok::Ident;
  if (word == "true") kind = Tok::True;
  else if (word == "false") kind = Tok::False;
  else if (word == "null") kind = Tok::Null;
  else if (word == "in") kind = Tok::In;
  return Token{kind, start, static_cast<uint32_t>(word.size()), std::string(word)};
}

Token Lexer::quoted(uint32_t start, bool raw, bool bytes) {
  const char q = src_[pos_];
  const bool triple = pos_ + 2 < src_.size() && src_[pos_ + 1] == q && src_[pos_ + 2] == q;
  pos_ += triple ? 3 : 1;
  std::string out;
  while (true) {
    if (pos_ >= src_.size()) unterminated(start, triple, bytes);
    char c = src_[pos_];
    if (c == q && at_closing_quote(q, triple)) break;
    if (!triple && (c == '\n' || c == '\r')) unterminated(start, triple, bytes);
    if (c != '\\' || raw) {
      out += c;
      ++pos_;
      continue;
    }
    if (pos_ + 1 >= src_.size()) unterminated(start, triple, bytes);
    escape(out, bytes);
  }
  return Token{bytes ? Tok::Bytes : Tok::String, start, static_cast<uint32_t>(pos_ - start),
               std::move(out)};
}

bool Lexer::at_closing_quote(char q, bool triple) {
  if (!triple) {
    ++pos_;
    return true;
  }
  if (pos_ + 2 < src_.size() && src_[pos_ + 1] == q && src_[pos_ + 2] == q) {
    pos_ += 3;
    return true;
  }
  return false;
}

void Lexer::unterminated(uint32_t start, bool triple, bool bytes) const {
  const char* hint = triple ? "" : " (a single-quoted string cannot span lines; use ''' or \"\"\")";
  throw_syntax_error(
      std::string("unterminated ") + (bytes ? "bytes" : "string") + " literal" + hint, start);
}

// The character a one-letter escape (\n, \\, \" ...) stands for; -1 for
// any other.
static int simple_escape(char e) {
  switch (e) {
    case 'a':
      return '\a';
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    case 'v':
      return '\v';
    case '\\':
    case '\'':
    case '"':
    case '`':
    case '?':
      return e;
    default:
      return -1;
  }
}

// A \x or octal escape's value: a byte in a bytes literal, a code point
// (UTF-8) in a string literal.
static void append_code(std::string& out, uint32_t v, bool bytes) {
  if (bytes)
    out += static_cast<char>(v);
  else
    utf8::append(out, v);
}

void Lexer::escape(std::string& out, bool bytes) {
  const char e = src_[pos_ + 1];
  if (int c = simple_escape(e); c >= 0) {
    out += static_cast<char>(c);
    pos_ += 2;
    return;
  }
  switch (e) {
    case 'x':
    case 'X':
      append_code(out, escape_hex(2, bytes), bytes);
      pos_ += 4;
      break;
    case 'u':
    case 'U': {
      if (bytes)
        invalid_escape(bytes, "\\u and \\U are only allowed in string literals; use \\x or octal");
      size_t n = e == 'u' ? 4 : 8;
      uint32_t v = escape_hex(n, bytes);
      if ((v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF) {
        invalid_escape(
            bytes, "not a valid Unicode code point (surrogates and values above 10FFFF are not)");
      }
      utf8::append(out, v);
      pos_ += 2 + n;
      break;
    }
    case '0':
    case '1':
    case '2':
    case '3':
      append_code(out, escape_octal(bytes), bytes);
      pos_ += 4;
      break;
    default:
      invalid_escape(bytes, "unknown escape");
  }
}

uint32_t Lexer::escape_hex(size_t n, bool bytes) const {
  uint32_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    size_t p = pos_ + 2 + i;
    if (p >= src_.size() || !is_hex(src_[p])) {
      invalid_escape(bytes, "expected " + std::to_string(n) + " hexadecimal digits");
    }
    v = v * 16 + static_cast<uint32_t>(hex_value(src_[p]));
  }
  return v;
}

uint32_t Lexer::escape_octal(bool bytes) const {
  uint32_t v = 0;
  for (size_t i = 0; i < 3; ++i) {
    size_t p = pos_ + 1 + i;
    if (p >= src_.size() || src_[p] < '0' || src_[p] > '7') {
      invalid_escape(bytes, "octal escapes need exactly three digits, \\000 to \\377");
    }
    v = v * 8 + static_cast<uint32_t>(src_[p] - '0');
  }
  return v;
}

void Lexer::invalid_escape(bool bytes, const std::string& why) const {
  const auto esc_at = static_cast<uint32_t>(pos_);
  const char e = src_[pos_ + 1];
  size_t len = e == 'U' ? 10 : e == 'u' ? 6 : 4;
  std::string_view shown = utf8_prefix(src_.substr(esc_at), len);
  throw_syntax_error("invalid escape sequence '" + std::string(shown) + "' in " +
                         (bytes ? "bytes" : "string") + " literal: " + why,
                     esc_at);
}

Token Lexer::escaped_ident(uint32_t start) {
  ++pos_;
  size_t begin = pos_;
  while (pos_ < src_.size() && src_[pos_] != '`') {
    char c = src_[pos_];
    if (!(is_ident_char(c) || c == '.' || c == '-' || c == '/' || c == ' ')) {
      throw_syntax_error(
          "syntax error: invalid character in escaped field name (allowed: letters, digits, "
          "'_', '.', '-', '/', ' ')",
          static_cast<uint32_t>(pos_));
    }
    ++pos_;
  }
  if (pos_ >= src_.size()) throw_syntax_error("syntax error: unterminated escaped field name", start);
  if (pos_ == begin) throw_syntax_error("syntax error: empty escaped field name", start);
  std::string name(src_.substr(begin, pos_ - begin));
  ++pos_;
  return Token{Tok::EscapedIdent, start, static_cast<uint32_t>(pos_ - start), std::move(name)};
}

Token Lexer::punct(uint32_t start) {
  char c = src_[pos_];
  char n = pos_ + 1 < src_.size() ? src_[pos_ + 1] : '\0';
  auto one = [&](Tok k) {
    pos_ += 1;
    return Token{k, start, 1, {}};
  };
  auto two = [&](Tok k) {
    pos_ += 2;
    return Token{k, start, 2, {}};
  };
  switch (c) {
    case '(': return one(Tok::LParen);
    case ')': return one(Tok::RParen);
    case '[': return one(Tok::LBracket);
    case ']': return one(Tok::RBracket);
    case '{': return one(Tok::LBrace);
    case '}': return one(Tok::RBrace);
    case '.': return one(Tok::Dot);
    case ',': return one(Tok::Comma);
    case ':': return one(Tok::Colon);
    case '?': return one(Tok::Question);
    case '+': return one(Tok::Plus);
    case '-': return one(Tok::Minus);
    case '*': return one(Tok::Star);
    case '/': return one(Tok::Slash);
    case '%': return one(Tok::Percent);
    case '!': return n == '=' ? two(Tok::Ne) : one(Tok::Not);
    case '<': return n == '=' ? two(Tok::Le) : one(Tok::Lt);
    case '>': return n == '=' ? two(Tok::Ge) : one(Tok::Gt);
    case '=':
      if (n == '=') return two(Tok::Eq);
      throw_syntax_error("syntax error: unexpected character '=' (CEL compares with '==')", start);
    case '&':
      if (n == '&') return two(Tok::And);
      throw_syntax_error("syntax error: unexpected character '&' (logical and is '&&')", start);
    case '|':
      if (n == '|') return two(Tok::Or);
      throw_syntax_error("syntax error: unexpected character '|' (logical or is '||')", start);
    default:
      break;
  }
  size_t len = std::min(utf8::sequence_length(static_cast<unsigned char>(c)), src_.size() - pos_);
  std::string shown(src_.substr(pos_, len));
  if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(static_cast<unsigned char>(c)));
    shown = buf;
  }
  throw_syntax_error("syntax error: unexpected character '" + shown + "'", start);
}

}  // namespace vigil::cel
