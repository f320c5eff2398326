// Vigil's additions to CEL: functions that consult the inventory through an
// index, never a scan. Available in every policy condition, let and message.
//
//   related(relation)        list of assets named by resource.relationships[relation];
//                            an id missing from the inventory, or an unavailable
//                            relationship, is an error (-> unknown, reason unavailable),
//                            never a shorter list
//   assets(type)             list of assets of `type` in the resource's account
//                            (error -> unknown, reason unavailable, where the type
//                            was not listed)
//   account()                the aws.account asset of the resource's account
//                            (error -> unknown, reason unavailable, when it is not in
//                            the inventory)
//   asset(id)                optional of the asset with that id
//   unknown(reason)          an error with `reason` as its message: the finding is
//                            unknown, reason undecidable (for what a policy cannot
//                            decide, e.g. without the company's organization)
//   aws_policy_statements, aws_policy_reach, aws_policy_public, aws_trust_reach,
//   aws_policy_decide        AWS policy documents: see vigil_aws_policy.h
#pragma once

#include "cel/functions.h"
#include "inventory/inventory.h"

namespace vigil {

// The host object the engine passes to each evaluation.
struct PolicyHost : cel::EvalHost {
  const Inventory* inventory = nullptr;
  const Asset* asset = nullptr;
};

// builtin() plus the functions above.
const cel::FunctionRegistry& policy_functions();

}  // namespace vigil
