// Stage 1 of loading: YAML text -> Policy objects with source positions
// (private to policy/). Checks the document shape only: known keys, value
// types, enums, required fields, parameter defaults and test cases. CEL
// texts are kept as SourceText for the compiler (policy_compiler.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "policy/policy.h"

namespace vigil::policy_detail {

struct ReadPolicy {
  Policy policy;
  // False when the document had errors: the loader still compiles its CEL
  // (when it has a condition) to report those errors too, but never uses it.
  bool valid = true;
};

// Appends every policy document of `text` to `out`, and every problem found
// to `diagnostics` (source lines filled).
void read_policies(std::string_view text, const std::string& file, std::vector<ReadPolicy>& out,
                   std::vector<Diagnostic>& diagnostics);

}  // namespace vigil::policy_detail
