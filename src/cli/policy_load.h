// Loading the policies a `vigil policy` subcommand names: every policy,
// disabled ones included, with the known AWS resource types; diagnostics are
// printed (file:line:col with a caret), then "N errors in policy files".
// Returns null when any diagnostic is an error.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "policy/policy_set.h"

namespace vigil::cli {

std::unique_ptr<PolicySet> load_policies_or_report(const std::vector<std::string>& paths);

}  // namespace vigil::cli
