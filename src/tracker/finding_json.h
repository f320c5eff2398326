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
// The same JSON text as tracked_finding_json(v, texts).dump(), appended to
// `out` without building the tree: the API's pages of findings write one
// per row (a tree is about 50 allocations per finding). Strings are escaped
// by core/json_text.h (bytes that are not UTF-8 become U+FFFD).
void append_tracked_finding_json(std::string& out, const store::Violation& v,
                                 const PolicyTexts& texts);
nlohmann::ordered_json violation_history_json(const std::vector<store::ViolationEvent>& events);

}  // namespace vigil::tracker
