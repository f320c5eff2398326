// docs/policies.md, generated from a policy set: one table per service
// (the <service> of resource types "aws.<service>.<resource>"), each row a
// policy: id, title, severity, category, frameworks. Deterministic: the
// same policies give byte-identical text (the test compares the committed
// file with this output).
#pragma once

#include <string>

#include "policy/policy_set.h"

namespace vigil {

// `source` names where the policies came from, for the header ("policies/").
std::string policy_docs_markdown(const PolicySet& policies, const std::string& source);

}  // namespace vigil
