// CEL lexer: source text -> tokens, one at a time.
//
// Contract
// - Input must be valid UTF-8 (parse() checks this before lexing).
// - Whitespace ([\t\n\f\r ]) and `//` comments are skipped.
// - Numbers are not converted here: the parser folds a leading `-` into int
//   and double literals, so it converts the token text itself
//   (parse_int_literal and friends below).
// - String and bytes literals are fully decoded here (quotes, raw prefix,
//   escapes); Token::text is the decoded value. String literals are valid
//   UTF-8; bytes literals are raw octets.
// - `true`, `false`, `null` and `in` are keyword tokens; other reserved words
//   (`if`, `while`, ...) are identifiers, which the parser rejects where an
//   identifier names a variable or function (they are fine as field names).
// - Errors throw SyntaxError (expr_factory.h), caught by parse().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vigil::cel {

enum class Tok : uint8_t {
  End,
  Ident,
  EscapedIdent,  // `foo-bar`: a field name in backquotes; text is the name
  Int,           // text: digits (decimal) or 0x... (hex)
  Uint,          // text: digits without the u/U suffix
  Double,
  String,  // text: decoded value
  Bytes,   // text: decoded octets
  True,
  False,
  Null,
  In,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Dot,
  Comma,
  Colon,
  Question,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Not,       // !
  Eq,        // ==
  Ne,        // !=
  Lt,
  Le,
  Gt,
  Ge,
  And,       // &&
  Or,        // ||
};

struct Token {
  Tok kind = Tok::End;
  uint32_t offset = 0;   // byte offset of the token's first character
  uint32_t length = 0;   // length of the token in the source
  std::string text;      // see Tok
};

class Lexer {
 public:
  explicit Lexer(std::string_view source) : src_(source) {}
  Token next();

 private:
  void skip_space();
  Token number(uint32_t start);
  Token identifier(uint32_t start);
  Token quoted(uint32_t start, bool raw, bool bytes);
  // quoted()'s steps. At a quote character: true, past it, when it closes
  // the literal.
  bool at_closing_quote(char q, bool triple);
  [[noreturn]] void unterminated(uint32_t start, bool triple, bool bytes) const;
  // At a backslash with a character after it: appends the escaped value,
  // moves past the sequence; throws for an invalid one.
  void escape(std::string& out, bool bytes);
  uint32_t escape_hex(size_t n, bool bytes) const;  // the n digits after "\x" or "\u"
  uint32_t escape_octal(bool bytes) const;          // the three digits after '\'
  [[noreturn]] void invalid_escape(bool bytes, const std::string& why) const;
  Token escaped_ident(uint32_t start);
  Token punct(uint32_t start);

  std::string_view src_;
  size_t pos_ = 0;
};

// The source text of a token for messages: 'text', or "end of input".
std::string describe_token(std::string_view source, const Token& token);

// Token text -> value, or false when out of range. `negative` folds a
// leading minus (so -9223372036854775808 is representable).
bool parse_int_literal(std::string_view text, bool negative, int64_t* out);
bool parse_uint_literal(std::string_view text, uint64_t* out);
bool parse_double_literal(std::string_view text, bool negative, double* out);

// Is `name` one of CEL's reserved words that cannot name a variable or function?
bool is_reserved_word(std::string_view name);

}  // namespace vigil::cel
