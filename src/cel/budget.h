// The cost budget of one CEL evaluation: a runaway expression (nested
// comprehensions over large ranges, lists of lists) ends with an error
// instead of running for hours or exhausting memory.
//
// Contract
// - Costs follow the shape of CEL's cost model: one step per comprehension
//   iteration and per function call; bytes for every value an evaluation
//   builds (list elements and map entries at sizeof(Value) each, string and
//   bytes payloads at their length), counted when built, never released.
// - Program::evaluate charges a budget of EvalLimits{} unless the caller's
//   CallContext brings its own. Once a limit is crossed the evaluation stops
//   at the next charge point and its result is the budget error, whatever
//   `||`, `&&` or `?:` would have made of it: a verdict is never taken from
//   an expression that did not finish.
// - A budget belongs to one evaluation on one thread.
#pragma once

#include <cstdint>
#include <string>

#include "core/limits.h"

namespace vigil::cel {

struct EvalLimits {
  // Defaults: Kubernetes' per-expression cost limit for CEL rules (10^7 steps), 64 MiB.
  uint64_t max_steps = Limits{}.evaluation_steps;
  uint64_t max_bytes = Limits{}.evaluation_bytes;
};

class EvalBudget {
 public:
  explicit EvalBudget(EvalLimits limits = {}) : limits_(limits) {}

  // False once either limit has been crossed (by this charge or before).
  bool charge(uint64_t steps, uint64_t bytes) {
    steps_ += steps;
    bytes_ += bytes;
    if (steps_ > limits_.max_steps || bytes_ > limits_.max_bytes) exceeded_ = true;
    return !exceeded_;
  }
  bool exceeded() const { return exceeded_; }
  uint64_t steps() const { return steps_; }
  uint64_t bytes() const { return bytes_; }
  const EvalLimits& limits() const { return limits_; }
  // "evaluation cost budget exceeded: more than 10000000 steps (...)".
  std::string message() const;

 private:
  EvalLimits limits_;
  uint64_t steps_ = 0;
  uint64_t bytes_ = 0;
  bool exceeded_ = false;
};

}  // namespace vigil::cel
