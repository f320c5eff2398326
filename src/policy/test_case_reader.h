// Reads a policy's `tests:` list into Policy::tests (private to policy/).
// Parameter overrides are converted with the types of the already-read
// Policy::params.
#pragma once

#include "policy/policy.h"
#include "yaml/context.h"

namespace vigil::policy_detail {

using yaml::YamlContext;

void read_tests(YamlContext& c, const YAML::Node& key, const YAML::Node& value, Policy& p);

}  // namespace vigil::policy_detail
