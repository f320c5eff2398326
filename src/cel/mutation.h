// Mutation operators for CEL source text: small, plausible slips in an
// expression, used to find what the tests of a policy do not check
// (policy/mutation_testing.h runs them).
//
// Each Mutant replaces one span of the source. The spans come from the
// lexer's tokens, so they are exact and the mutant keeps the rest of the
// text (and its positions) as written. The operators:
//   boundary     `<` <-> `<=`, `>` <-> `>=`
//   equality     `==` <-> `!=`
//   logic        `&&` <-> `||`
//   drop         remove one operand of `&&` or `||`, with its operator
//   negate       `!(whole expression)` (only when asked: negate_whole)
//   boolean      `true` <-> `false`
//   integer      a decimal int literal n -> n + 1
//   string       a string literal -> "" ("" -> "mutant")
//   list         remove one element of a list literal
//   map          remove one entry of a map literal (`{k: v, ...}`; not a
//                message construction `Name{f: v}`)
//
// Contract
// - Mutants are in source order, each text distinct from the source and from
//   every earlier mutant (duplicates are dropped).
// - Text that does not lex yields no mutant. Mutants are not checked to
//   parse or compile: the caller compiles them and drops those that fail.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::cel {

struct Mutant {
  uint32_t offset = 0;  // the replaced span of the source
  uint32_t length = 0;
  std::string replacement;    // what replaces it
  std::string operator_name;  // boundary, equality, logic, drop, negate, boolean, ...
  std::string description;    // e.g. "`>` -> `>=`", "drop `|| b == 1`"

  std::string apply(std::string_view source) const;
};

std::vector<Mutant> mutants_of(std::string_view source, bool negate_whole);

}  // namespace vigil::cel
