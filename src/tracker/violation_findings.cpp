// Tracked violations as report findings (violation_findings.h).
#include "tracker/violation_findings.h"

namespace vigil::tracker {

ViolationFindings::ViolationFindings(const std::vector<store::Violation>& violations,
                                     const PolicySet& pack)
    : violations_(violations) {
  std::map<std::string, const Policy*, std::less<>> by_id;
  for (const auto& p : pack.policies()) by_id.emplace(p->policy.id, &p->policy);
  policy_of_.reserve(violations.size());
  for (const store::Violation& v : violations) {
    auto it = by_id.find(v.policy_id);
    if (it == by_id.end()) {
      Policy& stand_in = stand_ins_.emplace_back();
      stand_in.id = v.policy_id;
      stand_in.title = v.policy_id;
      stand_in.severity = parse_severity(v.severity).value_or(Severity::Medium);
      stand_in.category = parse_category(v.category).value_or(Category::Security);
      it = by_id.emplace(v.policy_id, &stand_in).first;
    }
    policy_of_.push_back(it->second);
  }
}

formats::ReportFinding ViolationFindings::at(size_t index) const {
  using formats::Outcome;
  const store::Violation& v = violations_[index];
  formats::ReportFinding f;
  f.policy = policy_of_[index];
  f.asset_id = v.asset.id;
  f.asset_type = v.asset.type;
  f.account = v.asset.account;
  f.region = v.asset.region;
  f.asset_name = v.asset.name;
  f.message = v.message;
  f.tracked_id = v.id;
  f.first_seen = v.first_seen;
  f.last_change = v.last_change;
  switch (v.status) {
    case store::ViolationStatus::Open:
      f.outcome = Outcome::Violation;
      break;
    case store::ViolationStatus::Exempted:
      f.outcome = Outcome::Violation;
      f.exempted = true;
      break;
    case store::ViolationStatus::Unknown:
      f.outcome = Outcome::Unknown;
      break;
    case store::ViolationStatus::Closed:
      f.close_reason = v.close_reason;
      f.outcome = v.close_reason == "fixed" || v.close_reason == "reassessed" ? Outcome::Compliant
                                                                              : Outcome::Gone;
      break;
  }
  return f;
}

}  // namespace vigil::tracker
