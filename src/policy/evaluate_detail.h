// evaluate_policy with an explicit params value (private to policy/: the
// test runner applies per-case parameter overrides this way).
#pragma once

#include "policy/evaluate.h"

namespace vigil::policy_detail {

Evaluation evaluate_with_params(const CompiledPolicy& policy, const Asset& asset,
                                const Inventory& inventory, const cel::Value& now,
                                const cel::Value& params);

}  // namespace vigil::policy_detail
