// Compliance scores, PacBot's formula (docs/scoring.md has the worked
// example that tests/tracker/scoring_test.cpp reproduces).
//
//   policy compliance  c(p) = (compliant + exempted) / (compliant + exempted + violations)
//                      (exempted counts as compliant: the risk is accepted;
//                      unknown findings are excluded; a policy with no
//                      evaluations other than unknown drops out)
//   category score     S(c) = sum w_sev(p) c(p) / sum w_sev(p)   over the category's policies
//   score              100 * sum W(c) S(c) / sum W(c)            over categories with evaluations
//   weights            severity: critical 10, high 5, medium 3, low 1, info 0;
//                      category: security 50, governance 20, cost 20, tagging 10,
//                      operations 10 (all configurable)
// A category whose policies all weigh 0 (info only) drops out; when nothing
// with weight remains, the score is the unweighted mean of c(p) (and 100
// when nothing was evaluated). The same formula scores every slice
// (overall, a group, an account, a category, a severity); a policy's own
// score is 100 c(p).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace vigil::tracker {

struct ScoreWeights {
  std::map<std::string, double, std::less<>> category = {
      {"security", 50}, {"governance", 20}, {"cost", 20}, {"tagging", 10}, {"operations", 10}};
  std::map<std::string, double, std::less<>> severity = {
      {"critical", 10}, {"high", 5}, {"medium", 3}, {"low", 1}, {"info", 0}};
};

struct PolicyMeta {
  std::string id, category, severity;
};

struct Counts {
  uint64_t violations = 0, compliant = 0, exempted = 0, unknown = 0;
  uint64_t evaluated() const { return violations + compliant + exempted + unknown; }
};

enum class Outcome { Violation, Compliant, Exempted, Unknown };

// 0..100 over per-policy counts (indexed like `policies`); `include(i)`
// selects the policies of the slice.
double score_of(const std::vector<PolicyMeta>& policies, const std::vector<Counts>& counts,
                const ScoreWeights& weights, const std::vector<bool>* include = nullptr);

// Accumulates one scan's findings and turns them into ScoreRows.
class ScoreBuilder {
 public:
  // `groups`: the names of the asset groups, indexed as add() receives them.
  ScoreBuilder(std::vector<PolicyMeta> policies, ScoreWeights weights,
               std::vector<std::string> groups = {});
  // One finding of policy `policy` on an asset of `account`, member of the
  // groups whose indexes are in `groups` (null: none).
  void add(size_t policy, std::string_view account, const std::vector<uint32_t>* groups,
           Outcome outcome);
  // Rows for every dimension: overall, group, account, category, severity,
  // policy (one per policy, also those with nothing evaluated: 100, zero counts).
  std::vector<store::ScoreRow> rows(const std::string& day) const;

 private:
  std::vector<PolicyMeta> policies_;
  ScoreWeights weights_;
  std::vector<Counts> overall_;
  std::map<std::string, std::vector<Counts>, std::less<>> accounts_;
  std::vector<std::string> group_names_;
  std::vector<std::vector<Counts>> groups_;  // per group index
  std::string last_account_;
  std::vector<Counts>* last_account_counts_ = nullptr;
};

// "2026-11-26" for a time (UTC).
std::string utc_day(store::Time t);

}  // namespace vigil::tracker
