// evaluate_policy: condition result -> violation / compliant / unknown.
#include "policy/evaluate.h"

#include <array>

#include "policy/evaluate_detail.h"
#include "policy/vigil_functions.h"

namespace vigil {

std::string_view to_string(FindingStatus s) {
  switch (s) {
    case FindingStatus::Violation:
      return "violation";
    case FindingStatus::Compliant:
      return "compliant";
    case FindingStatus::Unknown:
      return "unknown";
  }
  return "unknown";
}

Evaluation evaluate_policy(const CompiledPolicy& policy, const Asset& asset,
                           const Inventory& inventory, const cel::Value& now) {
  return policy_detail::evaluate_with_params(policy, asset, inventory, now, policy.params);
}

Evaluation policy_detail::evaluate_with_params(const CompiledPolicy& policy, const Asset& asset,
                                               const Inventory& inventory, const cel::Value& now,
                                               const cel::Value& params) {
  PolicyHost host;
  host.inventory = &inventory;
  host.asset = &asset;
  cel::CallContext ctx{&host};
  const std::array<cel::Value, 3> vars = {cel::Value::from_json(asset.doc.root()), params, now};
  cel::Value result = policy.condition.evaluate(vars, ctx);
  Evaluation out;
  if (result.kind() == cel::Kind::Bool) {
    if (!result.as_bool()) {
      out.status = FindingStatus::Compliant;
      return out;
    }
    out.status = FindingStatus::Violation;
    out.message = policy.message.empty() ? policy.policy.title : policy.message.render(vars, ctx);
    return out;
  }
  out.status = FindingStatus::Unknown;
  if (result.is_error()) {
    out.message = result.error_message();
  } else {
    out.message = "condition returned ";
    out.message += cel::kind_name(result.kind());
    out.message += " (";
    out.message += result.debug_string();
    out.message += "), expected a bool";
  }
  return out;
}

}  // namespace vigil
