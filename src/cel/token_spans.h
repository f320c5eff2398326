// Token-level spans of a CEL text, private to cel/ (mutation.cpp and
// branch_points.cpp): the lexer's tokens with their bracket depth, and the
// operands of `&&` / `||` and of a ternary's condition as token ranges.
//
// Contract
// - lex_tokens() is false when the text does not lex (no spans then).
// - An operand ends where an operator binding less tightly, a separator
//   (`,` `:` a ternary `?`) or its enclosing bracket begins; `?` right after
//   `.` or `[` is an optional selection, not a ternary.
// - Ranges are [first, last] token indices; first > last means none.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "cel/lexer.h"

namespace vigil::cel::spans {

struct Lexed {
  std::vector<Token> tokens;  // without the End token
  std::vector<int> level;     // brackets enclosing each token (a bracket sits outside itself)
};

bool lex_tokens(std::string_view source, Lexed& out);

inline uint32_t end_of(const Token& t) { return t.offset + t.length; }

// Whether token k is a ternary's `?` (not an optional selection's).
bool is_ternary(const Lexed& lx, size_t k);

// The left and right operands of the `&&` / `||` at token i, as token
// ranges; both empty (first > last) when i has no operand on a side.
std::pair<std::pair<size_t, size_t>, std::pair<size_t, size_t>> logic_operands(const Lexed& lx,
                                                                               size_t i);

// The condition of the ternary whose `?` is token i.
std::pair<size_t, size_t> ternary_condition(const Lexed& lx, size_t i);

}  // namespace vigil::cel::spans
