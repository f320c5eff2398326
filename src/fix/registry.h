// The registry of fix actions (actions.h): which action serves which policy.
//
// Contract
//  - Every action id is unique, and a policy id is served by at most one
//    action (tests/fix/registry_test.cpp checks both, and that every served
//    policy exists in the built-in pack).
//  - action_for_policy() is null for a policy without a fix: such a
//    violation cannot be planned.
#pragma once

#include <span>
#include <string_view>

#include <nlohmann/json.hpp>

#include "cel/value.h"
#include "fix/action.h"

namespace vigil::fix {

std::span<const FixAction* const> fix_actions();
const FixAction* find_action(std::string_view id);
const FixAction* action_for_policy(std::string_view policy_id);

// A policy's effective params (CompiledPolicy::params) as JSON for
// PlanInput: numbers, strings, booleans, lists and maps as themselves,
// durations as {"seconds": N}, anything else null.
nlohmann::json params_json(const cel::Value& params);

}  // namespace vigil::fix
