// Control results of a framework (framework_results.h).
#include "engine/framework_results.h"

#include <fmt/format.h>

#include <algorithm>

namespace vigil {

namespace {

std::vector<std::string> accounts_of(const Inventory& inventory, std::string_view only) {
  if (!only.empty()) return {std::string(only)};
  std::set<std::string, std::less<>> accounts;
  for (size_t i = 0; i < inventory.size(); ++i)
    if (!inventory.at(i).account.empty()) accounts.emplace(inventory.at(i).account);
  return {accounts.begin(), accounts.end()};
}

ControlEvidence evidence_of(const Finding& f) {
  return {
      f.status == FindingStatus::Violation ? EvidenceStatus::Violation : EvidenceStatus::Unknown,
      f.policy->policy.id,
      std::string(f.asset->id),
      std::string(f.asset->type),
      std::string(f.asset->region),
      std::string(f.message),
      0};
}

ControlResult judge(const ControlCoverage& coverage, const std::string& account,
                    const FindingsTally& tally) {
  ControlResult result{
      coverage.control, account, ControlStatus::Pass, coverage.policies, 0, 0, 0, 0, {}, {}};
  if (coverage.policies.empty()) {
    result.status =
        coverage.control->assessment == "manual" ? ControlStatus::Manual : ControlStatus::NoPolicy;
    return result;
  }
  bool failed = false, unknown = false;
  std::vector<std::string> unassessed;
  for (const std::string& id : coverage.policies) {
    if (!tally.assessed.contains(id)) {
      unassessed.push_back(id);
      continue;
    }
    auto it = tally.findings.find(std::pair{id, account});
    if (it == tally.findings.end()) continue;
    const PolicyAccountFindings& found = it->second;
    result.compliant += found.compliant;
    result.violations += found.violations;
    result.unknown += found.unknown;
    result.exempted += found.exempted;
    failed = failed || found.violations > 0;
    unknown = unknown || found.unknown > 0;
    result.evidence.insert(result.evidence.end(), found.evidence.begin(), found.evidence.end());
  }
  if (!unassessed.empty())
    result.reason = fmt::format("not assessed by the data's scan: {}", fmt::join(unassessed, ", "));
  if (failed)
    result.status = ControlStatus::Fail;
  else if (unknown || !unassessed.empty())
    result.status = ControlStatus::Unknown;
  return result;
}

}  // namespace

void PolicyAccountFindings::add(ControlEvidence e) {
  violations += e.status == EvidenceStatus::Violation;
  unknown += e.status == EvidenceStatus::Unknown;
  exempted += e.status == EvidenceStatus::Exempted;
  evidence.push_back(std::move(e));
}

std::string_view to_string(ControlStatus status) {
  switch (status) {
    case ControlStatus::Pass:
      return "pass";
    case ControlStatus::Fail:
      return "fail";
    case ControlStatus::Unknown:
      return "unknown";
    case ControlStatus::Manual:
      return "manual";
    case ControlStatus::NoPolicy:
      return "no-policy";
  }
  return "unknown";
}

std::string_view to_string(EvidenceStatus status) {
  switch (status) {
    case EvidenceStatus::Violation:
      return "violation";
    case EvidenceStatus::Unknown:
      return "unknown";
    case EvidenceStatus::Exempted:
      return "exempted";
  }
  return "unknown";
}

size_t FrameworkResults::count(ControlStatus status) const {
  return size_t(std::count_if(results.begin(), results.end(),
                              [&](const ControlResult& r) { return r.status == status; }));
}

double FrameworkResults::pass_rate() const {
  size_t judged =
      count(ControlStatus::Pass) + count(ControlStatus::Fail) + count(ControlStatus::Unknown);
  return judged == 0 ? 0.0 : double(count(ControlStatus::Pass)) / double(judged);
}

FindingsTally tally_scan(const PolicySet& policies, const Inventory& inventory,
                         const ScanResult& scan, std::string_view account) {
  FindingsTally tally;
  tally.accounts = accounts_of(inventory, account);
  for (const auto& p : policies.policies())
    if (p->policy.enabled) tally.assessed.insert(p->policy.id);
  for (const Finding& f : scan.findings) {
    if (!account.empty() && f.asset->account != account) continue;
    PolicyAccountFindings& slot =
        tally.findings[std::pair{f.policy->policy.id, std::string(f.asset->account)}];
    if (f.status == FindingStatus::Compliant)
      ++slot.compliant;
    else
      slot.add(evidence_of(f));
  }
  return tally;
}

FrameworkResults judge_framework(const FrameworkCatalog& catalog, const PolicySet& policies,
                                 const FindingsTally& tally) {
  FrameworkResults out;
  out.catalog = &catalog;
  out.accounts = tally.accounts;
  FrameworkCoverage coverage = framework_coverage(catalog, policies);
  for (const ControlCoverage& control : coverage.controls)
    for (const std::string& a : out.accounts) out.results.push_back(judge(control, a, tally));
  return out;
}

FrameworkResults framework_results(const FrameworkCatalog& catalog, const PolicySet& policies,
                                   const Inventory& inventory, const ScanResult& scan,
                                   std::string_view account) {
  return judge_framework(catalog, policies, tally_scan(policies, inventory, scan, account));
}

}  // namespace vigil
