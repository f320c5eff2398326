// IAM permissions of the fixes (iam_permissions.h).
#include "fix/iam_permissions.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "connectors/aws_live/iam_policy.h"
#include "fix/registry.h"

namespace vigil::fix {

Result<std::string> fix_iam_action(std::string_view service, std::string_view operation) {
  if (service == "s3" &&
      (operation == "PutPublicAccessBlock" || operation == "DeletePublicAccessBlock"))
    return std::string("s3:PutBucketPublicAccessBlock");
  return aws::iam_action(service, operation);
}

Result<std::vector<std::string>> fix_iam_actions() {
  std::vector<std::string> out;
  for (const FixAction* a : fix_actions())
    for (const Operation& op : a->operations) {
      auto action = fix_iam_action(op.service, op.operation);
      if (!action.ok()) return action.error();
      out.push_back(std::move(action).value());
    }
  for (const FixAction* a : fix_actions())
    for (std::string_view extra : a->extra_permissions) out.emplace_back(extra);
  out.push_back("sts:GetCallerIdentity");  // the account check before any call
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<std::string> fix_policy_json() {
  auto actions = fix_iam_actions();
  if (!actions.ok()) return actions.error();
  return aws::allow_policy_json("VigilFixes", *actions);
}

}  // namespace vigil::fix
