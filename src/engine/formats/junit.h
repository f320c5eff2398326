// JUnit XML, for CI systems: one <testsuite> per policy, one <testcase> per
// (policy, asset), as Jenkins, GitLab, GitHub Actions' test reporters and
// Azure Pipelines read it (validated against Jenkins' junit-10.xsd).
//
// Contract (docs/formats.md has the field map)
// - A violation is a <failure> (type = the policy's severity, message = the
//   finding's message). An unknown is an <error type="unknown"> with the
//   reason: CI systems count errors as not passed and show them in red,
//   where <skipped> would be a neutral grey that a pipeline lets through.
//   An exempted violation and a closed one whose asset or policy went away
//   are <skipped> with the reason (a decision, not a result). A compliant
//   finding is a testcase with no child.
// - Suites are ordered by policy id, testcases in source order. Grouping
//   reads the source three times and keeps one 4-byte index per finding (no copy
//   of the findings); the XML itself is streamed.
// - Every text goes through core/xml_text.h: the output is well-formed
//   whatever the assets hold.
#pragma once

#include <ostream>

#include "engine/formats/report_finding.h"

namespace vigil::formats {

void write_junit(std::ostream& out, const FindingSource& source, const ReportMeta& meta);

}  // namespace vigil::formats
