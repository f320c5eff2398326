// The registry of fix actions (actions.h): which action serves which policy.
//
// Contract
//  - Every action id is unique (tests/fix/registry_test.cpp checks it, and
//    that every served policy exists in the built-in pack with the action's
//    resource type).
//  - A policy may be served by several actions (aws-s3-bucket-public: block
//    public access, or remove the public ACL grants). Its fix is the one its
//    `autofix:` names (autofix_check.h autofix_action), else the first
//    registered that serves it: action_for_policy().
//  - action_for_policy() is null for a policy without a fix: such a
//    violation cannot be planned.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "cel/value.h"
#include "core/result.h"
#include "fix/action.h"

namespace vigil::fix {

std::span<const FixAction* const> fix_actions();
const FixAction* find_action(std::string_view id);
const FixAction* action_for_policy(std::string_view policy_id);
// Every action that serves the policy, in registry order.
std::vector<const FixAction*> actions_for_policy(std::string_view policy_id);
// The action named `id` when it serves `policy_id`; else an InvalidInput
// error naming the actions that do (or saying there are none).
Result<const FixAction*> action_serving(std::string_view id, std::string_view policy_id);

// A policy's effective params (CompiledPolicy::params) as JSON for
// PlanInput: numbers, strings, booleans, lists and maps as themselves,
// durations as {"seconds": N}, anything else null.
nlohmann::json params_json(const cel::Value& params);

}  // namespace vigil::fix
