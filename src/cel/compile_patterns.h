// Private to the CEL compiler: recognizes macro expansions that have a
// faster dedicated node than the generic comprehension.
#pragma once

#include "cel/ast.h"

namespace vigil::cel::eval {

// For the expansion of `r.exists(x, p)` (sets exists = true) or
// `r.all(x, p)` (exists = false), with one or two iteration variables:
// returns the predicate `p`. Null for any other comprehension.
const Expr* quantifier_predicate(const Expr& comprehension, bool& exists);

}  // namespace vigil::cel::eval
