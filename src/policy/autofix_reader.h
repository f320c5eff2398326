// Private to policy/: reads a policy's `autofix:` map (policy.h Autofix):
//   autofix: {action: s3-block-public-access, grace: 24h, mode: auto,
//             notify: [owners, secops@example.com]}
// action and grace are required; mode defaults to auto; notify to [owners].
// Errors name the file:line:col of the offending value. Whether the action
// exists and serves the policy's resource type is not known here
// (fix/autofix_check.h checks it against the fix registry).
#pragma once

#include <yaml-cpp/yaml.h>

#include "policy/policy.h"
#include "yaml/context.h"

namespace vigil::policy_detail {

void read_autofix(yaml::YamlContext& c, const YAML::Node& key, const YAML::Node& value, Policy& p);

}  // namespace vigil::policy_detail
