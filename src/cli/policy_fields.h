// The field-name warnings of `vigil policy validate` (policy/field_check.h)
// for every loaded policy, against the AWS asset shapes built from the
// botocore models (connectors/aws/resource_shape.h).
//
// Contract: returns the warnings in policy load order. When the botocore
// models cannot be read, no warning is made and `note` says why (field
// names were not checked); nothing is guessed.
#pragma once

#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "policy/policy_set.h"

namespace vigil::cli {

std::vector<Diagnostic> policy_field_warnings(const PolicySet& set, std::string& note);

}  // namespace vigil::cli
