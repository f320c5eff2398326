// Scoring: the worked example of docs/scoring.md, slices, weights.
#include "tracker/scoring.h"

#include <gtest/gtest.h>

#include <map>

namespace vigil::tracker {
namespace {

// docs/scoring.md, "Worked example".
std::vector<PolicyMeta> example_policies() {
  return {{"p1", "security", "critical"},
          {"p2", "security", "high"},
          {"p3", "security", "low"},
          {"p4", "tagging", "medium"},
          {"p5", "cost", "info"}};
}

std::vector<Counts> example_counts() {
  // violations, compliant, exempted, unknown
  return {{2, 8, 0, 0}, {3, 6, 1, 0}, {1, 1, 0, 0}, {5, 5, 0, 2}, {4, 0, 0, 0}};
}

TEST(Scoring, WorkedExampleOfTheDocs) {
  EXPECT_NEAR(score_of(example_policies(), example_counts(), ScoreWeights{}), 70.8333, 1e-3);
}

TEST(Scoring, BuilderRowsMatchTheWorkedExample) {
  ScoreBuilder b(example_policies(), ScoreWeights{}, {"prod"});
  std::vector<Counts> counts = example_counts();
  const std::vector<uint32_t> prod = {0};
  for (size_t p = 0; p < counts.size(); ++p) {
    auto add = [&](uint64_t n, Outcome o) {
      for (uint64_t i = 0; i < n; ++i) b.add(p, i % 2 ? "111" : "222", p == 0 ? &prod : nullptr, o);
    };
    add(counts[p].violations, Outcome::Violation);
    add(counts[p].compliant, Outcome::Compliant);
    add(counts[p].exempted, Outcome::Exempted);
    add(counts[p].unknown, Outcome::Unknown);
  }
  std::map<std::string, store::ScoreRow> rows;
  for (const store::ScoreRow& r : b.rows("2026-11-26")) {
    EXPECT_EQ(r.day, "2026-11-26");
    rows[r.dimension + "/" + r.key] = r;
  }
  const store::ScoreRow& overall = rows.at("overall/");
  EXPECT_NEAR(overall.score, 70.8333, 1e-3);
  EXPECT_EQ(overall.evaluated, 38u);
  EXPECT_EQ(overall.violations, 15u);
  EXPECT_EQ(overall.compliant, 20u);
  EXPECT_EQ(overall.exempted, 1u);
  EXPECT_EQ(overall.unknown, 2u);
  EXPECT_NEAR(rows.at("category/security").score, 75.0, 1e-9);
  EXPECT_NEAR(rows.at("category/tagging").score, 50.0, 1e-9);
  EXPECT_NEAR(rows.at("category/cost").score, 0.0, 1e-9);  // info only: the plain mean of c(p)
  EXPECT_EQ(rows.count("category/governance"), 0u);        // nothing evaluated
  EXPECT_NEAR(rows.at("policy/p2").score, 70.0, 1e-9);
  EXPECT_NEAR(rows.at("severity/critical").score, 80.0, 1e-9);
  EXPECT_NEAR(rows.at("group/prod").score, 80.0, 1e-9);
  EXPECT_EQ(rows.at("group/prod").evaluated, 10u);
  EXPECT_EQ(rows.at("account/111").evaluated + rows.at("account/222").evaluated, 38u);
}

TEST(Scoring, CategoryWeightsAreConfigurableAndRenormalised) {
  ScoreWeights w;
  w.category["tagging"] = 50;  // security and tagging now weigh the same
  EXPECT_NEAR(score_of(example_policies(), example_counts(), w), 62.5, 1e-9);
  w.category["security"] = 0;  // security drops out: tagging alone
  EXPECT_NEAR(score_of(example_policies(), example_counts(), w), 50.0, 1e-9);
}

TEST(Scoring, NothingEvaluatedIsAFullScoreAndUnknownIsExcluded) {
  std::vector<PolicyMeta> one = {{"p", "security", "high"}};
  EXPECT_EQ(score_of(one, {{0, 0, 0, 0}}, ScoreWeights{}), 100.0);
  EXPECT_EQ(score_of(one, {{0, 0, 0, 7}}, ScoreWeights{}), 100.0);
  EXPECT_EQ(score_of(one, {{1, 3, 0, 7}}, ScoreWeights{}), 75.0);
  EXPECT_EQ(score_of(one, {{1, 0, 3, 0}}, ScoreWeights{}), 75.0);  // exempted counts as compliant
}

TEST(Scoring, UtcDay) {
  EXPECT_EQ(utc_day(store::Time{} + std::chrono::seconds(1795651200 + 86399)), "2026-11-26");
  EXPECT_EQ(utc_day(store::Time{} + std::chrono::seconds(1795651200 + 86400)), "2026-11-27");
}

}  // namespace
}  // namespace vigil::tracker
