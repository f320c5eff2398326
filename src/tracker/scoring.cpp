// Compliance scores (scoring.h).
#include "tracker/scoring.h"

#include <fmt/format.h>

#include <ctime>
#include <set>

namespace vigil::tracker {

namespace {

double weight_of(const std::map<std::string, double, std::less<>>& table, std::string_view key) {
  auto it = table.find(key);
  return it == table.end() ? 0.0 : it->second;
}

Counts total(const std::vector<Counts>& counts, const std::vector<bool>* include) {
  Counts t;
  for (size_t i = 0; i < counts.size(); ++i) {
    if (include && !(*include)[i]) continue;
    t.violations += counts[i].violations;
    t.compliant += counts[i].compliant;
    t.exempted += counts[i].exempted;
    t.unknown += counts[i].unknown;
  }
  return t;
}

store::ScoreRow make_row(const std::string& day, std::string dimension, std::string key,
                         double score, const Counts& c) {
  store::ScoreRow r;
  r.day = day;
  r.dimension = std::move(dimension);
  r.key = std::move(key);
  r.score = score;
  r.evaluated = c.evaluated();
  r.violations = c.violations;
  r.compliant = c.compliant;
  r.exempted = c.exempted;
  r.unknown = c.unknown;
  return r;
}

}  // namespace

double score_of(const std::vector<PolicyMeta>& policies, const std::vector<Counts>& counts,
                const ScoreWeights& weights, const std::vector<bool>* include) {
  struct Acc {
    double weighted = 0, weight = 0;
  };
  std::map<std::string, Acc, std::less<>> categories;
  double plain_sum = 0;
  size_t plain_n = 0;
  for (size_t i = 0; i < policies.size(); ++i) {
    if (include && !(*include)[i]) continue;
    const Counts& c = counts[i];
    uint64_t judged = c.compliant + c.exempted + c.violations;
    if (judged == 0) continue;
    double compliance = double(c.compliant + c.exempted) / double(judged);
    plain_sum += compliance;
    ++plain_n;
    double w = weight_of(weights.severity, policies[i].severity);
    Acc& a = categories[policies[i].category];
    a.weighted += w * compliance;
    a.weight += w;
  }
  if (plain_n == 0) return 100.0;
  double sum = 0, weight = 0;
  for (const auto& [category, a] : categories) {
    if (a.weight <= 0) continue;
    double w = weight_of(weights.category, category);
    if (w <= 0) continue;
    sum += w * (a.weighted / a.weight);
    weight += w;
  }
  if (weight <= 0) return 100.0 * plain_sum / double(plain_n);
  return 100.0 * sum / weight;
}

ScoreBuilder::ScoreBuilder(std::vector<PolicyMeta> policies, ScoreWeights weights,
                           std::vector<std::string> groups)
    : policies_(std::move(policies)),
      weights_(std::move(weights)),
      overall_(policies_.size()),
      group_names_(std::move(groups)),
      groups_(group_names_.size(), std::vector<Counts>(policies_.size())) {}

void ScoreBuilder::add(size_t policy, std::string_view account, const std::vector<uint32_t>* groups,
                       Outcome outcome) {
  auto bump = [&](Counts& c) {
    switch (outcome) {
      case Outcome::Violation:
        ++c.violations;
        break;
      case Outcome::Compliant:
        ++c.compliant;
        break;
      case Outcome::Exempted:
        ++c.exempted;
        break;
      case Outcome::Unknown:
        ++c.unknown;
        break;
    }
  };
  bump(overall_[policy]);
  if (!last_account_counts_ || last_account_ != account) {
    auto it = accounts_.find(account);
    if (it == accounts_.end())
      it = accounts_.emplace(std::string(account), std::vector<Counts>(policies_.size())).first;
    last_account_ = account;
    last_account_counts_ = &it->second;
  }
  bump((*last_account_counts_)[policy]);
  if (groups)
    for (uint32_t g : *groups) bump(groups_[g][policy]);
}

std::vector<store::ScoreRow> ScoreBuilder::rows(const std::string& day) const {
  std::vector<store::ScoreRow> out;
  out.push_back(make_row(day, "overall", "", score_of(policies_, overall_, weights_),
                         total(overall_, nullptr)));
  for (size_t g = 0; g < groups_.size(); ++g)
    out.push_back(make_row(day, "group", group_names_[g], score_of(policies_, groups_[g], weights_),
                           total(groups_[g], nullptr)));
  for (const auto& [account, counts] : accounts_)
    out.push_back(make_row(day, "account", account, score_of(policies_, counts, weights_),
                           total(counts, nullptr)));
  std::set<std::string> categories, severities;
  for (size_t i = 0; i < policies_.size(); ++i)
    if (overall_[i].evaluated()) {
      categories.insert(policies_[i].category);
      severities.insert(policies_[i].severity);
    }
  auto slice = [&](const char* dimension, const std::set<std::string>& keys,
                   std::string PolicyMeta::*field) {
    for (const std::string& key : keys) {
      std::vector<bool> include(policies_.size());
      for (size_t i = 0; i < policies_.size(); ++i) include[i] = policies_[i].*field == key;
      out.push_back(make_row(day, dimension, key, score_of(policies_, overall_, weights_, &include),
                             total(overall_, &include)));
    }
  };
  slice("category", categories, &PolicyMeta::category);
  slice("severity", severities, &PolicyMeta::severity);
  // Every policy of the scan, evaluated or not: the row says it was assessed
  // (a framework report from the store tells "no resource" from "not run").
  for (size_t i = 0; i < policies_.size(); ++i) {
    const Counts& c = overall_[i];
    uint64_t judged = c.compliant + c.exempted + c.violations;
    double score = judged ? 100.0 * double(c.compliant + c.exempted) / double(judged) : 100.0;
    out.push_back(make_row(day, "policy", policies_[i].id, score, c));
  }
  return out;
}

std::string utc_day(store::Time t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

}  // namespace vigil::tracker
