// A static estimate of the worst-case cost of evaluating an expression, in
// the shape of CEL's cost estimator, so that `vigil policy validate` can warn
// about a condition that would end in the evaluation budget (cel/budget.h)
// before it ever runs.
//
// The model (counted as the runtime budget counts):
// - every list or map the expression reads (variables, their fields,
//   function results) holds at most `input_size` elements;
// - a list literal holds its elements; lists.range(k) holds k (a range
//   whose size is computed holds the most lists.range allows, 10^6); map()
//   and filter() hold as many as their range; `+` of two lists their sum;
// - a comprehension costs its range, then per element of the range its
//   loop condition and step; calls cost one step plus their arguments;
// - bytes: each value a list or map built holds counts sizeof(Value).
// The estimate is an upper bound under those sizes, not a prediction; it
// names the comprehension that dominates it.
#pragma once

#include <cstdint>
#include <span>

#include "cel/ast.h"
#include "cel/program.h"

namespace vigil::cel {

struct CostAssumptions {
  double input_size = 1000;  // elements of any list or map read from the input
};

struct CostEstimate {
  double steps = 0;
  double bytes = 0;
  // The outermost comprehension of the costliest chain in `expr` (its byte
  // offset in the source), or -1 when `expr` has none.
  int64_t hottest_offset = -1;
};

// `lets` are the named sub-expressions the expression may refer to (as
// Program::compile takes them); each is paid once.
CostEstimate estimate_cost(const Expr& expr, std::span<const NamedExpr> lets = {},
                           const CostAssumptions& assumptions = {});

}  // namespace vigil::cel
