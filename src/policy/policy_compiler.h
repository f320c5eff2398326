// Stage 2 of loading: Policy -> CompiledPolicy (private to policy/).
// Parses and compiles each let (in order, each seeing the earlier ones),
// the condition and the message template against the policy environment
// (resource, params, now + Vigil's functions); rejects references to
// undeclared params; builds the effective params value (defaults, then
// deployment overrides). Every error is positioned inside the CEL text.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "policy/policy_set.h"

namespace vigil::policy_detail {

// The environment every policy program is compiled in.
const cel::Env& policy_env();

// Returns null when the policy has errors (reported in `diagnostics`,
// without source lines: the caller fills them from the file text).
// `override_places`: where each of `overrides` was written (param name ->
// place), so their errors point there; may be null. A condition whose
// static cost estimate passes `limits`' evaluation budget is a warning.
std::unique_ptr<CompiledPolicy> compile_policy(
    Policy policy, const std::map<std::string, cel::Value>* overrides,
    std::vector<Diagnostic>& diagnostics,
    const std::map<std::string, SourcePos>* override_places = nullptr, const Limits& limits = {});

// The params map value: `params` defaults with `overrides` applied (both
// already of the declared types).
cel::Value make_params_value(const std::vector<Param>& params,
                             const std::map<std::string, cel::Value>& overrides);

}  // namespace vigil::policy_detail
