// Stage 1 of loading: YAML text -> Policy objects with source positions
// (private to policy/). Checks the document shape only: known keys, value
// types, enums, required fields, parameter defaults and test cases. CEL
// texts are kept as SourceText for the compiler (policy_compiler.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "policy/diagnostic.h"
#include "policy/policy.h"

namespace vigil::policy_detail {

// Appends every policy of `text` (one per YAML document) that has no error
// to `out`, and every problem found to `diagnostics` (source lines filled).
void read_policies(std::string_view text, const std::string& file, std::vector<Policy>& out,
                   std::vector<Diagnostic>& diagnostics);

}  // namespace vigil::policy_detail
