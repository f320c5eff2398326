// Evaluating one policy against one asset: the single place where a
// condition result becomes violation / compliant / unknown.
//
// - true  -> Violation, with the rendered message (or the policy title).
// - false -> Compliant.
// - error, or a non-bool result -> Unknown, message = the error text; the
//   reason is the error's kind: Unavailable (data was not collected),
//   Undecidable (the policy called unknown(reason)), else Error (evaluation
//   failed, or a non-bool result).
// - a placeholder asset (a failed listing, Asset::is_placeholder) -> Unknown,
//   reason Unavailable, whatever the condition would say: nothing of the
//   assets it stands for was read.
// The CEL environment: `resource` (the asset), `params`, `now`, and Vigil's
// functions that consult the inventory (see vigil_functions.h).
#pragma once

#include <string>

#include "cel/value.h"
#include "inventory/inventory.h"
#include "policy/policy_set.h"

namespace vigil {

// Named FindingStatus, not Status: vigil::Status (core/result.h) is the
// Result<void> type and the two cannot share a name in namespace vigil.
enum class FindingStatus : uint8_t { Violation, Compliant, Unknown };
std::string_view to_string(FindingStatus s);

struct Evaluation {
  FindingStatus status = FindingStatus::Unknown;
  UnknownReason reason = UnknownReason::None;  // why it is Unknown (see the contract above)
  std::string message;  // empty for Compliant
};

// `now` is a Timestamp value. `inventory` answers related-asset lookups.
Evaluation evaluate_policy(const CompiledPolicy& policy, const Asset& asset,
                           const Inventory& inventory, const cel::Value& now);

// The same verdict without building strings the caller does not need (the
// engine's hot path): `message` is assigned only when a message has to be
// computed: a rendered message template of a Violation, or an Unknown's
// reason. For a Violation of a policy without a message template the
// message is the policy title and `message` is left untouched.
FindingStatus evaluate_policy_status(const CompiledPolicy& policy, const Asset& asset,
                                     const Inventory& inventory, const cel::Value& now,
                                     std::string& message);

}  // namespace vigil
