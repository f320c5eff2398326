// See deployment.h.
#include "cli/deployment.h"

#include "cli/source_input.h"
#include "daemon/source_scan.h"

namespace vigil::cli {

DeploymentLoad load_deployment(const std::string& config_path) {
  DeploymentLoad out;
  daemon::ConfigLoad load = daemon::load_config(config_path);
  const bool config_ok = load.ok();
  out.diagnostics = std::move(load.diagnostics);
  if (!config_ok) return out;
  out.config = std::move(load.config);

  auto options = daemon::policy_load_options(out.config.policies, out.config.limits);
  if (!options.ok()) {
    Diagnostic d;
    d.pos.file = config_path;
    d.message = options.error().message;
    out.diagnostics.push_back(std::move(d));
    return out;
  }
  std::vector<std::string> paths = policy_paths_or_builtin(out.config.policies.paths);
  if (paths.empty()) {
    Diagnostic d;
    d.pos.file = config_path;
    d.message = "no `policies: paths:` in the config and no built-in policies/ folder found";
    d.hint = "list the policy folders under policies: paths: (docs/configuration.md)";
    out.diagnostics.push_back(std::move(d));
    return out;
  }
  PolicySet::LoadResult policies = PolicySet::load(paths, *options);
  for (Diagnostic& d : policies.diagnostics) out.diagnostics.push_back(std::move(d));
  if (policies.ok()) out.policies = std::move(policies.set);
  return out;
}

}  // namespace vigil::cli
