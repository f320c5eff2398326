// A deployment as vigil.yaml declares it: the configuration and the policy
// set it selects (paths, params, enable/disable, severities), loaded with
// every diagnostic of both, the overrides' errors at their vigil.yaml lines.
// Shared by `vigil serve` and `vigil config validate`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "daemon/config.h"
#include "policy/policy_set.h"

namespace vigil::cli {

struct DeploymentLoad {
  daemon::Config config;
  std::optional<PolicySet> policies;    // set when the config and its policies loaded without error
  std::vector<Diagnostic> diagnostics;  // of vigil.yaml, then of the policies
  bool ok() const { return policies.has_value(); }
};

// The policies are loaded only when the configuration has no error.
DeploymentLoad load_deployment(const std::string& config_path);

}  // namespace vigil::cli
