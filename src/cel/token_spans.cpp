// See token_spans.h.
#include "cel/token_spans.h"

#include "cel/expr_factory.h"

namespace vigil::cel::spans {

namespace {

bool opens(Tok k) { return k == Tok::LParen || k == Tok::LBracket || k == Tok::LBrace; }
bool closes(Tok k) { return k == Tok::RParen || k == Tok::RBracket || k == Tok::RBrace; }

// Whether token k ends an operand of `op` (Tok::And, Tok::Or, or
// Tok::Question for a ternary's condition).
bool stops_operand(const Lexed& lx, Tok op, size_t k) {
  const Tok kind = lx.tokens[k].kind;
  if (kind == Tok::Question) return is_ternary(lx, k);
  if (kind == Tok::Colon || kind == Tok::Comma) return true;
  if (op == Tok::Question) return false;
  if (kind == Tok::Or) return true;
  return op == Tok::And && kind == Tok::And;
}

size_t extend_left(const Lexed& lx, Tok op, size_t i) {
  const int level = lx.level[i];
  size_t first = i;
  while (first > 0) {
    size_t k = first - 1;
    if (lx.level[k] < level || (lx.level[k] == level && stops_operand(lx, op, k))) break;
    first = k;
  }
  return first;
}

}  // namespace

bool lex_tokens(std::string_view source, Lexed& out) {
  try {
    Lexer lexer(source);
    int level = 0;
    for (Token t = lexer.next(); t.kind != Tok::End; t = lexer.next()) {
      if (closes(t.kind)) --level;
      out.level.push_back(level);
      if (opens(t.kind)) ++level;
      out.tokens.push_back(std::move(t));
    }
  } catch (const SyntaxError&) {  // the lexer's only error (expr_factory.h)
    return false;
  }
  return true;
}

bool is_ternary(const Lexed& lx, size_t k) {
  return lx.tokens[k].kind == Tok::Question &&
         (k == 0 || (lx.tokens[k - 1].kind != Tok::Dot && lx.tokens[k - 1].kind != Tok::LBracket));
}

std::pair<std::pair<size_t, size_t>, std::pair<size_t, size_t>> logic_operands(const Lexed& lx,
                                                                               size_t i) {
  const Tok op = lx.tokens[i].kind;
  const int level = lx.level[i];
  if (i == 0) return {{1, 0}, {1, 0}};
  size_t first = extend_left(lx, op, i);
  size_t last = i;
  while (last + 1 < lx.tokens.size()) {
    size_t k = last + 1;
    if (lx.level[k] < level || (lx.level[k] == level && stops_operand(lx, op, k))) break;
    last = k;
  }
  return {{first, i - 1}, {i + 1, last}};  // first == i: no left operand
}

std::pair<size_t, size_t> ternary_condition(const Lexed& lx, size_t i) {
  if (i == 0) return {1, 0};
  return {extend_left(lx, Tok::Question, i), i - 1};
}

}  // namespace vigil::cel::spans
