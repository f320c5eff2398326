// Checks of `autofix:` against the fix registry (registry.h), which the
// policy library cannot see: the action exists and serves the policy's
// resource type and the policy itself; and vigil.yaml's `fixes: autofix:
// policies:` names loaded policies that declare `autofix:`.
//
// Contract: one Diagnostic per problem, at the action's file:line:col
// (policy_problems), or one line of text (settings_problems). Used by
// `vigil policy validate` (errors), `vigil fix due` and `vigil serve`.
#pragma once

#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "fix/action.h"
#include "fix/autofix_settings.h"
#include "policy/policy.h"
#include "policy/policy_set.h"

namespace vigil::fix {

// The action of a policy's `autofix:`, when it exists and serves the policy
// (its resource type and its id); null otherwise (and without `autofix:`).
const FixAction* autofix_action(const Policy& policy);

std::vector<Diagnostic> policy_problems(const PolicySet& policies);
std::vector<std::string> settings_problems(const AutofixSettings& settings,
                                           const PolicySet& policies);

}  // namespace vigil::fix
