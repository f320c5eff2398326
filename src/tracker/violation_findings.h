// Tracked violations (the store) as findings for the standard formats
// (engine/formats/report_finding.h): `vigil violations list --format
// sarif|ocsf|asff|junit`, `vigil export` and GET /api/v1/violations/export.
//
// Contract
// - Each violation is one finding: open is a violation, exempted a
//   violation with `exempted`, unknown unknown, closed compliant when it
//   closed as "fixed" or "reassessed" and Gone otherwise (asset deleted,
//   policy removed). Compliant pairs that never failed are not in the store.
// - Policy metadata (title, description, remediation, references,
//   frameworks) comes from the deployment's pack (vigil.yaml's
//   policies.paths, else the built-in pack, disabled policies included); a
//   violation of a policy that is in no pack keeps its stored id, severity
//   and category, with its id as title.
// - Views into `violations`: keep it alive while the source is read.
#pragma once

#include <deque>
#include <map>
#include <string>
#include <vector>

#include "engine/formats/report_finding.h"
#include "policy/policy_set.h"
#include "store/store.h"

namespace vigil::tracker {

class ViolationFindings final : public formats::FindingSource {
 public:
  // `pack` may be empty (no pack loaded).
  ViolationFindings(const std::vector<store::Violation>& violations, const PolicySet& pack);
  size_t size() const override { return violations_.size(); }
  formats::ReportFinding at(size_t index) const override;

 private:
  const std::vector<store::Violation>& violations_;
  std::vector<const Policy*> policy_of_;  // per violation
  std::deque<Policy> stand_ins_;          // for policies in no pack
};

}  // namespace vigil::tracker
