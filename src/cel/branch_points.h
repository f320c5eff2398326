// Branch points of a CEL text, for branch coverage (policy/branch_coverage.h):
// every operand of `&&` and `||`, and every ternary's condition, as exact
// source spans from the lexer's tokens.
//
// Contract
// - Points are in source order (by offset, the enclosing one first), each
//   span once (`a && b && c` has three points: a, b, c; `a || b && c` has
//   four: a, `b && c`, b, c). Text that does not lex has none.
// - instrument() returns the source with point i wrapped as
//   `fn(first_id + i, <span>)`; the rest of the text is kept as written.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::cel {

struct BranchPoint {
  uint32_t offset = 0;
  uint32_t length = 0;
  std::string op;  // "&&", "||" (an operand of it) or "?:" (a ternary's condition)
};

std::vector<BranchPoint> branch_points_of(std::string_view source);

std::string instrument(std::string_view source, const std::vector<BranchPoint>& points,
                       std::string_view fn, size_t first_id = 0);

}  // namespace vigil::cel
