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
