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

namespace {

UnknownReason reason_of(const cel::Value& error) {
  switch (error.error_kind()) {
    case cel::ErrorKind::Unavailable:
      return UnknownReason::Unavailable;
    case cel::ErrorKind::Undecidable:
      return UnknownReason::Undecidable;
    case cel::ErrorKind::Evaluation:
      return UnknownReason::Error;
  }
  return UnknownReason::Error;
}

// One evaluation; the variables are passed to the program by pointer so the
// shared params map and `now` are never copied (no reference-count traffic
// between threads). See evaluate_policy_status for `message`.
FindingStatus evaluate_into(const CompiledPolicy& policy, const Asset& asset,
                            const Inventory& inventory, const cel::Value& now,
                            const cel::Value& params, std::string& message, UnknownReason& reason) {
  if (asset.is_placeholder()) {
    reason = UnknownReason::Unavailable;
    // Whatever the condition would make of it: nothing of these assets was read.
    message = "the listing of " + std::string(asset.type) + " in " + std::string(asset.account) +
              "/" + std::string(asset.region) + " failed, so no asset of it could be checked";
    JsonRef errors = asset.doc.root().find("errors");
    if (errors.valid() && errors.size() > 0) {
      JsonRef first = errors.at(0);
      message += ": " + std::string(first.find("code").as_string()) + ": " +
                 std::string(first.find("message").as_string());
    }
    return FindingStatus::Unknown;
  }
  PolicyHost host;
  host.inventory = &inventory;
  host.asset = &asset;
  cel::EvalBudget budget(policy.limits);
  cel::CallContext ctx{&host};
  ctx.budget = &budget;
  const cel::Value resource = cel::Value::from_json(asset.doc.root());
  const std::array<const cel::Value*, 3> vars = {&resource, &params, &now};
  cel::Value result = policy.condition.evaluate_refs(vars, ctx);
  if (result.kind() == cel::Kind::Bool) {
    if (!result.as_bool()) return FindingStatus::Compliant;
    if (!policy.message.empty()) {
      // Rare enough (violations of templated policies) to copy the values.
      const std::array<cel::Value, 3> values = {resource, params, now};
      message = policy.message.render(values, ctx);
    }
    return FindingStatus::Violation;
  }
  if (result.is_error()) {
    reason = reason_of(result);
    message = result.error_message();
  } else {
    reason = UnknownReason::Error;
    message = "condition returned ";
    message += cel::kind_name(result.kind());
    message += " (";
    message += result.debug_string();
    message += "), expected a bool";
  }
  return FindingStatus::Unknown;
}

}  // namespace

Evaluation evaluate_policy(const CompiledPolicy& policy, const Asset& asset,
                           const Inventory& inventory, const cel::Value& now) {
  return policy_detail::evaluate_with_params(policy, asset, inventory, now, policy.params);
}

FindingStatus evaluate_policy_status(const CompiledPolicy& policy, const Asset& asset,
                                     const Inventory& inventory, const cel::Value& now,
                                     std::string& message) {
  UnknownReason reason;
  return evaluate_into(policy, asset, inventory, now, policy.params, message, reason);
}

Evaluation policy_detail::evaluate_with_params(const CompiledPolicy& policy, const Asset& asset,
                                               const Inventory& inventory, const cel::Value& now,
                                               const cel::Value& params) {
  Evaluation out;
  out.status = evaluate_into(policy, asset, inventory, now, params, out.message, out.reason);
  if (out.status == FindingStatus::Violation && policy.message.empty())
    out.message = policy.policy.title;
  return out;
}

}  // namespace vigil
