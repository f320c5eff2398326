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

Result<std::set<std::string, std::less<>>> assessed_policies(store::Store& store) {
  auto day = latest_score_day(store);
  if (!day.ok()) return day.error();
  auto assessed = store.scores("policy", *day, *day);
  if (!assessed.ok()) return assessed.error();
  std::set<std::string, std::less<>> out;
  for (const store::ScoreRow& row : *assessed) out.insert(row.key);
  return out;
}

Result<StoreTally> tally_store(store::Store& store, const PolicySet& policies,
                               const TallyOptions& options) {
  std::string_view account = options.account;
  auto counted_policy = [&](std::string_view id) {
    return !options.only_policies || options.only_policies->contains(id);
  };
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
  std::optional<std::string> only;
  if (!account.empty()) only = std::string(account);

  // Live assets by (account, type).
  std::map<std::pair<std::string, std::string>, size_t, std::less<>> live;
  std::set<std::string, std::less<>> accounts;
  auto counted = store.live_asset_counts(only);
  if (!counted.ok()) return counted.error();
  for (const store::AssetCount& c : *counted) {
    live[std::pair{c.account, c.type}] = size_t(c.count);
    accounts.insert(c.account);
  }
  if (!account.empty()) accounts = {std::string(account)};
  out.tally.accounts.assign(accounts.begin(), accounts.end());

  if (options.list_evidence) {
    store::ViolationFilter filter;
    filter.statuses = {store::ViolationStatus::Open, store::ViolationStatus::Exempted,
                       store::ViolationStatus::Unknown};
    filter.account = only;
    Status visited = store.for_each_violation(filter, [&](const store::Violation& v) {
      auto status = evidence_status(v.status);
      if (!status || !counted_policy(v.policy_id)) return true;
      out.tally.findings[std::pair{v.policy_id, v.asset.account}].add(
          {*status, v.policy_id, v.asset.id, v.asset.type, v.asset.region, v.message,
           v.exception_id.value_or(0)});
      return true;
    });
    if (!visited.ok()) return visited.error();
  } else {
    std::vector<std::string> ids;
    if (options.only_policies)
      ids.assign(options.only_policies->begin(), options.only_policies->end());
    else
      for (const auto& p : policies.policies()) ids.push_back(p->policy.id);
    auto violations = store.violation_counts(ids, only);
    if (!violations.ok()) return violations.error();
    for (const store::ViolationCount& c : *violations) {
      PolicyAccountFindings& slot = out.tally.findings[std::pair{c.policy_id, c.account}];
      auto status = evidence_status(c.status);
      if (!status) continue;
      size_t n = size_t(c.count);
      if (*status == EvidenceStatus::Violation) slot.violations += n;
      if (*status == EvidenceStatus::Unknown) slot.unknown += n;
      if (*status == EvidenceStatus::Exempted) slot.exempted += n;
    }
  }

  for (const auto& p : policies.policies()) {
    if (!p->policy.enabled || !out.tally.assessed.contains(p->policy.id) ||
        !counted_policy(p->policy.id))
      continue;
    for (const std::string& a : out.tally.accounts) {
      auto assets = live.find(std::pair{a, p->policy.resource});
      if (assets == live.end()) continue;
      PolicyAccountFindings& slot = out.tally.findings[std::pair{p->policy.id, a}];
      size_t found = slot.violations + slot.unknown + slot.exempted;
      slot.compliant = assets->second > found ? assets->second - found : 0;
    }
  }
  return out;
}

}  // namespace vigil::tracker
