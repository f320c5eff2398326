// The store's tracked state as a FindingsTally (framework_tally.h).
#include "tracker/framework_tally.h"

#include <map>
#include <set>

namespace vigil::tracker {

namespace {

Result<std::string> latest_score_day(store::Store& store) {
  auto overall = store.scores("overall", "0000-00-00", "9999-99-99");
  if (!overall.ok()) return overall.error();
  if (overall->empty())
    return Error("no score yet: record a scan first (`vigil scan ... --db FILE` or `vigil serve`)");
  return overall->back().day;
}

std::optional<EvidenceStatus> evidence_status(store::ViolationStatus status) {
  switch (status) {
    case store::ViolationStatus::Open:
      return EvidenceStatus::Violation;
    case store::ViolationStatus::Exempted:
      return EvidenceStatus::Exempted;
    case store::ViolationStatus::Unknown:
      return EvidenceStatus::Unknown;
    case store::ViolationStatus::Closed:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

Result<StoreTally> tally_store(store::Store& store, const PolicySet& policies,
                               std::string_view account) {
  StoreTally out;
  auto day = latest_score_day(store);
  if (!day.ok()) return day.error();
  out.day = *day;
  auto assessed = store.scores("policy", out.day, out.day);
  if (!assessed.ok()) return assessed.error();
  for (const store::ScoreRow& row : *assessed) out.tally.assessed.insert(row.key);
  auto latest = store.latest_completed_scan();
  if (!latest.ok()) return latest.error();
  if (*latest) out.data_time = (*latest)->started;

  // Live assets by (account, type).
  std::map<std::pair<std::string, std::string>, size_t, std::less<>> live;
  std::set<std::string, std::less<>> accounts;
  Status visited = store.for_each_asset_head([&](const store::AssetHead& head) {
    if (head.deleted || (!account.empty() && head.scope.account != account)) return true;
    ++live[std::pair{head.scope.account, head.scope.type}];
    accounts.insert(head.scope.account);
    return true;
  });
  if (!visited.ok()) return visited.error();
  if (!account.empty()) accounts = {std::string(account)};
  out.tally.accounts.assign(accounts.begin(), accounts.end());

  store::ViolationFilter filter;
  filter.statuses = {store::ViolationStatus::Open, store::ViolationStatus::Exempted,
                     store::ViolationStatus::Unknown};
  if (!account.empty()) filter.account = std::string(account);
  visited = store.for_each_violation(filter, [&](const store::Violation& v) {
    auto status = evidence_status(v.status);
    if (!status) return true;
    out.tally.findings[std::pair{v.policy_id, v.asset.account}].evidence.push_back(
        {*status, v.policy_id, v.asset.id, v.asset.type, v.asset.region, v.message,
         v.exception_id.value_or(0)});
    return true;
  });
  if (!visited.ok()) return visited.error();

  for (const auto& p : policies.policies()) {
    if (!p->policy.enabled || !out.tally.assessed.contains(p->policy.id)) continue;
    for (const std::string& a : out.tally.accounts) {
      auto assets = live.find(std::pair{a, p->policy.resource});
      if (assets == live.end()) continue;
      PolicyAccountFindings& slot = out.tally.findings[std::pair{p->policy.id, a}];
      slot.compliant =
          assets->second > slot.evidence.size() ? assets->second - slot.evidence.size() : 0;
    }
  }
  return out;
}

}  // namespace vigil::tracker
