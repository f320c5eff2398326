// A tracked finding (a stored violation) as JSON: docs/finding.schema.json
// `tracked_finding`, and its history events. One form for every JSON output
// of stored findings (`vigil violations`, the HTTP API).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "store/store.h"

namespace vigil::tracker {

// The texts of a policy of the deployment's pack; findings of a policy no
// longer in the pack are written without them. (The rationale is for a
// single finding's view: `violations show`.)
struct PolicyText {
  std::string title, rationale, remediation;
};
using PolicyTexts = std::map<std::string, PolicyText, std::less<>>;

nlohmann::ordered_json tracked_finding_json(const store::Violation& v, const PolicyTexts& texts);
nlohmann::ordered_json violation_history_json(const std::vector<store::ViolationEvent>& events);

}  // namespace vigil::tracker
