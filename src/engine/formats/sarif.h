// SARIF 2.1.0 (OASIS), for code-scanning dashboards: one run whose rules
// are the findings' policies (id, title, description, remediation,
// references, severity) and whose results are the findings.
//
// Contract (docs/formats.md has the field map)
// - Streamed: the rules first (from one pass over the source), then one
//   result per finding, written as they are read.
// - kind/level: a violation is kind "fail" with the level of its policy's
//   severity (critical, high: error; medium: warning; low, info: note); a
//   compliant finding "pass"; an unknown one "open" (SARIF: "the tool could
//   not determine whether the rule is satisfied"), never "pass"; a closed one
//   whose asset or policy went away "notApplicable". Levels other than fail
//   are "none", as SARIF requires.
// - An exempted violation stays "fail" and carries an accepted external
//   suppression naming its exception.
// - The asset is the location: a logical location (fullyQualifiedName = the
//   asset id, kind = its type) and, for dashboards that need a physical one,
//   an artifact URI made of the asset id (characters outside URIs
//   percent-encoded).
#pragma once

#include <ostream>

#include "engine/formats/report_finding.h"

namespace vigil::formats {

void write_sarif(std::ostream& out, const FindingSource& source, const ReportMeta& meta);

}  // namespace vigil::formats
