// CEL recursive-descent parser (grammar in parser.h). Left-associative
// operator chains are loops; only nesting (parentheses, brackets, arguments,
// the right side of ?:) recurses, and that recursion is bounded by
// ParseOptions::max_depth, as is the height of the tree (ExprFactory).
//
// Offsets: binary and ternary operators, `[`, and unary operators (the first
// of a run) at the operator token; calls and selections at the function or
// field name; literals, identifiers, lists and maps at their first character
// (a folded minus included); Name{...} at the start of the name; macro
// expansions at the macro's function name.
#include "cel/parser.h"

#include <algorithm>
#include <utility>

#include "cel/expr_factory.h"
#include "cel/lexer.h"
#include "cel/macros.h"
#include "core/utf8.h"

namespace vigil::cel {

namespace {


const char* binary_operator(Tok t, int level) {
  switch (level) {
    case 0: return t == Tok::Or ? "_||_" : nullptr;
    case 1: return t == Tok::And ? "_&&_" : nullptr;
    case 2:
      switch (t) {
        case Tok::Eq: return "_==_";
        case Tok::Ne: return "_!=_";
        case Tok::Lt: return "_<_";
        case Tok::Le: return "_<=_";
        case Tok::Gt: return "_>_";
        case Tok::Ge: return "_>=_";
        case Tok::In: return "@in";
        default: return nullptr;
      }
    case 3: return t == Tok::Plus ? "_+_" : t == Tok::Minus ? "_-_" : nullptr;
    case 4:
      return t == Tok::Star ? "_*_" : t == Tok::Slash ? "_/_" : t == Tok::Percent ? "_%_" : nullptr;
    default: return nullptr;
  }
}

constexpr int kLastBinaryLevel = 4;

// ParseOptions::max_depth is capped here so that no setting can let the
// recursion outgrow a thread's stack.
constexpr int kHardDepthLimit = 1000;

// At most this many AST nodes per parse: ordinary expressions make about one
// node per source byte; only the receiver copies of optMap/optFlatMap can
// multiply that. The cap keeps a hostile input from exhausting memory.
size_t node_budget(std::string_view source) {
  return std::min<size_t>(10000 + 16 * source.size(), 200000);
}

class Parser {
 public:
  Parser(std::string_view source, const ParseOptions& options)
      : src_(source),
        opt_(options),
        max_depth_(std::min(options.max_depth, kHardDepthLimit)),
        lex_(source),
        f_(max_depth_, node_budget(source)) {
    advance();
  }

  ExprPtr parse_all() {
    ExprPtr e = expr();
    if (tok_.kind != Tok::End) fail_expected("end of input");
    return e;
  }

 private:
  struct DepthGuard {
    explicit DepthGuard(Parser& p) : p_(p) {
      if (++p_.depth_ > p_.max_depth_) {
        throw_syntax_error("expression nested too deeply (the limit is " +
                               std::to_string(p_.max_depth_) +
                               " levels); split it with cel.bind() or simplify it",
                           p_.tok_.offset);
      }
    }
    ~DepthGuard() { --p_.depth_; }
    Parser& p_;
  };

  void advance() { tok_ = lex_.next(); }

  [[noreturn]] void fail_expected(const std::string& what) {
    throw_syntax_error("syntax error: expected " + what + " but found " + describe_token(src_, tok_),
                       tok_.offset);
  }

  void expect(Tok kind, const char* what) {
    if (tok_.kind != kind) fail_expected(what);
    advance();
  }

  // Consumes a `?` marking an optional entry, index or selection.
  bool optional_marker(const char* syntax) {
    if (tok_.kind != Tok::Question) return false;
    if (!opt_.enable_optional_syntax) {
      throw_syntax_error(std::string("unsupported syntax '") + syntax +
                             "': optional syntax is not enabled",
                         tok_.offset);
    }
    advance();
    return true;
  }

  ExprPtr expr() {
    DepthGuard guard(*this);
    ExprPtr cond = binary(0);
    if (tok_.kind != Tok::Question) return cond;
    uint32_t at = tok_.offset;
    advance();
    ExprPtr then_expr = binary(0);
    expect(Tok::Colon, "':'");
    ExprPtr else_expr = expr();
    std::vector<ExprPtr> args;
    args.push_back(std::move(cond));
    args.push_back(std::move(then_expr));
    args.push_back(std::move(else_expr));
    return f_.call("_?_:_", std::move(args), at);
  }

  // Left-associative binary operators of precedence `level` and above.
  ExprPtr binary(int level) {
    ExprPtr lhs = level == kLastBinaryLevel ? unary() : binary(level + 1);
    while (const char* op = binary_operator(tok_.kind, level)) {
      uint32_t at = tok_.offset;
      advance();
      ExprPtr rhs = level == kLastBinaryLevel ? unary() : binary(level + 1);
      lhs = f_.binary(op, std::move(lhs), std::move(rhs), at);
    }
    return lhs;
  }

  // "!" {"!"} Member | "-" {"-"} Member | Member. An even run of the same
  // operator cancels out; a single "-" before a number is part of the literal.
  ExprPtr unary() {
    if (tok_.kind != Tok::Not && tok_.kind != Tok::Minus) return member(false, 0);
    Tok op = tok_.kind;
    uint32_t at = tok_.offset;
    size_t count = 0;
    while (tok_.kind == op) {
      ++count;
      advance();
    }
    if (op == Tok::Minus && count == 1 && (tok_.kind == Tok::Int || tok_.kind == Tok::Double)) {
      return member(true, at);
    }
    ExprPtr operand = member(false, 0);
    if (count % 2 == 0) return operand;
    return f_.unary(op == Tok::Not ? "!_" : "-_", std::move(operand), at);
  }

  ExprPtr member(bool negative, uint32_t minus_at) {
    uint32_t start = tok_.offset;
    std::string qualified;  // non-empty while the expression is a plain (qualified) name
    ExprPtr e = primary(negative, minus_at, &qualified);
    while (true) {
      if (tok_.kind == Tok::Dot) {
        advance();
        bool opt = optional_marker(".?");
        if (tok_.kind != Tok::Ident && tok_.kind != Tok::EscapedIdent) fail_expected("a field name");
        bool escaped = tok_.kind == Tok::EscapedIdent;
        std::string name = tok_.text;
        uint32_t at = tok_.offset;
        advance();
        if (!opt && !escaped && tok_.kind == Tok::LParen) {
          e = call_or_macro(name, std::move(e), call_args(), at);
          qualified.clear();
        } else if (opt) {
          e = f_.binary("_?._", std::move(e), f_.constant(Value::string(name), at), at);
          qualified.clear();
        } else {
          if (!qualified.empty() && !escaped) qualified += "." + name;
          else qualified.clear();
          e = f_.select(std::move(e), std::move(name), at);
        }
      } else if (tok_.kind == Tok::LBracket) {
        uint32_t at = tok_.offset;
        advance();
        bool opt = optional_marker("[?");
        ExprPtr index = expr();
        expect(Tok::RBracket, "']'");
        e = f_.binary(opt ? "_[?_]" : "_[_]", std::move(e), std::move(index), at);
        qualified.clear();
      } else if (tok_.kind == Tok::LBrace && !qualified.empty()) {
        e = f_.structure(std::move(qualified), field_inits(), start);
        qualified.clear();
      } else {
        return e;
      }
    }
  }

  ExprPtr primary(bool negative, uint32_t minus_at, std::string* qualified) {
    uint32_t at = tok_.offset;
    switch (tok_.kind) {
      case Tok::Dot:
        advance();
        if (tok_.kind != Tok::Ident) fail_expected("an identifier after the leading '.'");
        return identifier(".", at, qualified);
      case Tok::Ident:
        return identifier("", at, qualified);
      case Tok::LParen: {
        advance();
        ExprPtr e = expr();
        expect(Tok::RParen, "')'");
        return e;
      }
      case Tok::LBracket:
        return list();
      case Tok::LBrace:
        return map();
      default:
        return literal(negative, negative ? minus_at : at);
    }
  }

  ExprPtr identifier(const char* prefix, uint32_t at, std::string* qualified) {
    if (is_reserved_word(tok_.text)) {
      throw_syntax_error("reserved identifier '" + tok_.text + "' (rename it; it cannot be a variable or function name)",
                         tok_.offset);
    }
    std::string name = prefix + tok_.text;
    advance();
    if (tok_.kind == Tok::LParen) {
      ExprPtr none;
      return call_or_macro(name, std::move(none), call_args(), at);
    }
    *qualified = name;
    return f_.ident(std::move(name), at);
  }

  ExprPtr call_or_macro(const std::string& name, ExprPtr target, std::vector<ExprPtr> args,
                        uint32_t at) {
    if (opt_.enable_macros) {
      if (ExprPtr expanded = expand_macro(f_, MacroCall{name, target, args, at})) return expanded;
    }
    return f_.member_call(name, std::move(target), std::move(args), at);
  }

  std::vector<ExprPtr> call_args() {
    advance();  // (
    std::vector<ExprPtr> args;
    if (tok_.kind == Tok::RParen) {
      advance();
      return args;
    }
    while (true) {
      args.push_back(expr());
      if (tok_.kind != Tok::Comma) break;
      advance();
    }
    expect(Tok::RParen, "',' or ')'");
    return args;
  }

  ExprPtr list() {
    uint32_t at = tok_.offset;
    advance();  // [
    std::vector<ExprPtr> elems;
    std::vector<uint32_t> optional;
    while (tok_.kind != Tok::RBracket) {
      if (optional_marker("[?")) optional.push_back(static_cast<uint32_t>(elems.size()));
      elems.push_back(expr());
      if (tok_.kind != Tok::Comma) break;
      advance();
    }
    expect(Tok::RBracket, "',' or ']'");
    return f_.list(std::move(elems), std::move(optional), at);
  }

  ExprPtr map() {
    uint32_t at = tok_.offset;
    advance();  // {
    std::vector<Entry> entries;
    while (tok_.kind != Tok::RBrace) {
      Entry entry;
      entry.optional = optional_marker("{?");
      entry.key = expr();
      expect(Tok::Colon, "':'");
      entry.value = expr();
      entries.push_back(std::move(entry));
      if (tok_.kind != Tok::Comma) break;
      advance();
    }
    expect(Tok::RBrace, "',' or '}'");
    return f_.map(std::move(entries), at);
  }

  std::vector<Entry> field_inits() {
    advance();  // {
    std::vector<Entry> entries;
    while (tok_.kind != Tok::RBrace) {
      Entry entry;
      entry.optional = optional_marker("{?");
      if (tok_.kind != Tok::Ident && tok_.kind != Tok::EscapedIdent) fail_expected("a field name");
      entry.field = tok_.text;
      advance();
      expect(Tok::Colon, "':'");
      entry.value = expr();
      entries.push_back(std::move(entry));
      if (tok_.kind != Tok::Comma) break;
      advance();
    }
    expect(Tok::RBrace, "',' or '}'");
    return entries;
  }

  ExprPtr literal(bool negative, uint32_t at) {
    Value v;
    switch (tok_.kind) {
      case Tok::Int: {
        int64_t i = 0;
        if (!parse_int_literal(tok_.text, negative, &i)) {
          throw_syntax_error("int literal out of range: " + std::string(negative ? "-" : "") +
                                 tok_.text + " (ints are 64-bit; for larger values use a uint "
                                 "literal such as 1u or a double)",
                             at);
        }
        v = Value::integer(i);
        break;
      }
      case Tok::Uint: {
        uint64_t u = 0;
        if (!parse_uint_literal(tok_.text, &u)) {
          throw_syntax_error("uint literal out of range: " + tok_.text + "u (the maximum is 18446744073709551615u)", at);
        }
        v = Value::uinteger(u);
        break;
      }
      case Tok::Double: {
        double d = 0;
        if (!parse_double_literal(tok_.text, negative, &d)) {
          throw_syntax_error("double literal out of range: " + tok_.text, at);
        }
        v = Value::dbl(d);
        break;
      }
      case Tok::String: v = Value::string(tok_.text); break;
      case Tok::Bytes: v = Value::bytes(tok_.text); break;
      case Tok::True: v = Value::boolean(true); break;
      case Tok::False: v = Value::boolean(false); break;
      case Tok::Null: v = Value::null(); break;
      default: fail_expected("an expression");
    }
    advance();
    return f_.constant(std::move(v), at);
  }

  std::string_view src_;
  const ParseOptions& opt_;
  int max_depth_;
  Lexer lex_;
  ExprFactory f_;
  Token tok_;
  int depth_ = 0;
};

}  // namespace

Result<ParsedExpr> parse(std::string_view source, const ParseOptions& options) {
  if (source.size() > options.max_source_bytes || source.size() > UINT32_MAX) {
    return Error::at_offset("expression is too long: " + std::to_string(source.size()) +
                                " bytes (the limit is " + std::to_string(options.max_source_bytes) +
                                "); split it into smaller expressions",
                            0);
  }
  size_t bad = utf8::invalid_offset(source);
  if (bad != std::string_view::npos) {
    return Error::at_offset("invalid UTF-8 in expression (the text must be UTF-8 encoded)", bad);
  }
  try {
    Parser parser(source, options);
    ParsedExpr out;
    out.root = parser.parse_all();
    out.source = std::string(source);
    return out;
  } catch (const SyntaxError& e) {
    return Error::at_offset(e.message, e.offset);
  }
}

}  // namespace vigil::cel
