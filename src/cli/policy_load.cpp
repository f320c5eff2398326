// Loading policies for `vigil policy` subcommands (policy_load.h).
#include "cli/policy_load.h"

#include <fmt/format.h>

#include <iostream>

#include "cli/cli_util.h"
#include "connectors/aws/catalog.h"
#include "fix/autofix_check.h"

namespace vigil::cli {

std::unique_ptr<PolicySet> load_policies_or_report(const std::vector<std::string>& paths) {
  LoadOptions options;
  options.include_disabled = true;
  options.known_types = aws::asset_types();
  auto loaded = PolicySet::load(paths, options);
  if (loaded.ok())  // `autofix:` names an action that serves the policy (the registry is not
                    // policy/'s)
    for (Diagnostic& d : fix::policy_problems(loaded.set))
      loaded.diagnostics.push_back(std::move(d));
  size_t errors = print_diagnostics(loaded.diagnostics);
  if (errors > 0 || !loaded.ok()) {
    std::cerr << fmt::format("{} error{} in policy files\n", errors, errors == 1 ? "" : "s");
    return nullptr;
  }
  return std::make_unique<PolicySet>(std::move(loaded.set));
}

}  // namespace vigil::cli
