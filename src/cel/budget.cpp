// See budget.h.
#include "cel/budget.h"

namespace vigil::cel {

std::string EvalBudget::message() const {
  if (steps_ > limits_.max_steps)
    return "evaluation cost budget exceeded: more than " + std::to_string(limits_.max_steps) +
           " steps (comprehension iterations and calls)";
  return "evaluation cost budget exceeded: more than " + std::to_string(limits_.max_bytes) +
         " bytes of values built";
}

}  // namespace vigil::cel
