// Control results of a framework (framework_results.h).
#include "engine/framework_results.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace vigil {

namespace {

std::vector<std::string> accounts_of(const Inventory& inventory, std::string_view only) {
  if (!only.empty()) return {std::string(only)};
  std::set<std::string, std::less<>> accounts;
  for (size_t i = 0; i < inventory.size(); ++i)
    if (!inventory.at(i).account.empty()) accounts.emplace(inventory.at(i).account);
  return {accounts.begin(), accounts.end()};
}

// The findings of each policy, by account.
using FindingsByAccount = std::map<std::string, std::vector<const Finding*>, std::less<>>;

std::unordered_map<const CompiledPolicy*, FindingsByAccount> index_findings(
    const ScanResult& scan) {
  std::unordered_map<const CompiledPolicy*, FindingsByAccount> index;
  for (const Finding& f : scan.findings) {
    auto& by_account = index[f.policy];
    auto it = by_account.find(f.asset->account);
    if (it == by_account.end())
      it = by_account.emplace(std::string(f.asset->account), std::vector<const Finding*>{}).first;
    it->second.push_back(&f);
  }
  return index;
}

ControlResult judge(const ControlCoverage& coverage, const std::string& account,
                    const PolicySet& policies,
                    const std::unordered_map<const CompiledPolicy*, FindingsByAccount>& findings) {
  ControlResult result{coverage.control, account, ControlStatus::Pass, coverage.policies, 0, {}};
  if (coverage.policies.empty()) {
    result.status =
        coverage.control->assessment == "manual" ? ControlStatus::Manual : ControlStatus::NoPolicy;
    return result;
  }
  bool failed = false, unknown = false;
  std::vector<const Finding*> evidence;  // into scan.findings: its order is the scan's
  for (const std::string& id : coverage.policies) {
    auto by_policy = findings.find(policies.find(id));
    if (by_policy == findings.end()) continue;
    auto in_account = by_policy->second.find(account);
    if (in_account == by_policy->second.end()) continue;
    for (const Finding* f : in_account->second) {
      if (f->status == FindingStatus::Compliant) {
        ++result.compliant;
        continue;
      }
      failed = failed || f->status == FindingStatus::Violation;
      unknown = unknown || f->status == FindingStatus::Unknown;
      evidence.push_back(f);
    }
  }
  if (failed)
    result.status = ControlStatus::Fail;
  else if (unknown)
    result.status = ControlStatus::Unknown;
  std::sort(evidence.begin(), evidence.end());  // scan order across the control's policies
  for (const Finding* f : evidence) result.evidence.push_back(*f);
  return result;
}

}  // namespace

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

size_t FrameworkResults::count(ControlStatus status) const {
  return size_t(std::count_if(results.begin(), results.end(),
                              [&](const ControlResult& r) { return r.status == status; }));
}

double FrameworkResults::pass_rate() const {
  size_t judged =
      count(ControlStatus::Pass) + count(ControlStatus::Fail) + count(ControlStatus::Unknown);
  return judged == 0 ? 0.0 : double(count(ControlStatus::Pass)) / double(judged);
}

FrameworkResults framework_results(const FrameworkCatalog& catalog, const PolicySet& policies,
                                   const Inventory& inventory, const ScanResult& scan,
                                   std::string_view account) {
  FrameworkResults out;
  out.catalog = &catalog;
  out.accounts = accounts_of(inventory, account);
  FrameworkCoverage coverage = framework_coverage(catalog, policies);
  auto findings = index_findings(scan);
  for (const ControlCoverage& control : coverage.controls)
    for (const std::string& a : out.accounts)
      out.results.push_back(judge(control, a, policies, findings));
  return out;
}

}  // namespace vigil
