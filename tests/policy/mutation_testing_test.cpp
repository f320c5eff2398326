// mutate_policy: mutants of lets and the condition run against the policy's
// own tests; survivors, equivalent mutants, stale entries and the score.
#include <gtest/gtest.h>

#include <algorithm>

#include "policy/mutation_testing.h"
#include "policy_test_util.h"

namespace vigil {
namespace {

using testing::render_all;

// Tests check the age boundary only from one side: `>` -> `>=` survives.
const std::string kPolicy = R"(id: acme-old-volume
title: Volumes are young
resource: aws.ec2.volume
severity: low
category: cost
let:
  age_days: resource.config.AgeDays
condition: age_days > 30 && resource.config.State == "available"
tests:
  - name: old and available
    expect: violation
    asset: {config: {AgeDays: 40, State: available}}
  - name: young
    expect: compliant
    asset: {config: {AgeDays: 2, State: available}}
  - name: old but in use
    expect: compliant
    asset: {config: {AgeDays: 40, State: in-use}}
)";

const MutantOutcome* find(const PolicyMutationReport& r, const std::string& description) {
  for (const auto& m : r.mutants)
    if (m.mutant.description == description) return &m;
  return nullptr;
}

PolicyMutationReport mutate(const std::string& yaml) {
  auto loaded = PolicySet::load_text(yaml, "volume.yaml");
  EXPECT_TRUE(loaded.ok()) << render_all(loaded);
  if (!loaded.ok() || loaded.set.policies().empty()) return {};
  return mutate_policy(*loaded.set.policies()[0]);
}

TEST(PolicyMutationTesting, SurvivorsAreTheChangesNoTestNotices) {
  PolicyMutationReport r = mutate(kPolicy);
  EXPECT_EQ(r.policy_id, "acme-old-volume");
  EXPECT_TRUE(r.skipped.empty()) << r.skipped;
  const MutantOutcome* boundary = find(r, "`>` -> `>=`");
  ASSERT_NE(boundary, nullptr);
  EXPECT_EQ(boundary->fate, MutantFate::Survived);
  EXPECT_EQ(boundary->part, "condition");
  EXPECT_EQ(boundary->pos.line, 8);
  EXPECT_EQ(boundary->pos.column, 21);  // `condition: age_days > 30`: the `>`
  const MutantOutcome* plus_one = find(r, "`30` -> `31`");
  ASSERT_NE(plus_one, nullptr);
  EXPECT_EQ(plus_one->fate, MutantFate::Survived);
  const MutantOutcome* dropped = find(r, "drop `&& resource.config.State == \"available\"`");
  ASSERT_NE(dropped, nullptr);
  EXPECT_EQ(dropped->fate, MutantFate::Killed);
  EXPECT_EQ(dropped->detail, "old but in use");
  const MutantOutcome* negated = find(r, "negate the whole expression");
  ASSERT_NE(negated, nullptr);
  EXPECT_EQ(negated->fate, MutantFate::Killed);
  EXPECT_EQ(r.count(MutantFate::Survived), 2u);
  EXPECT_GT(r.count(MutantFate::Killed), 4u);
  EXPECT_DOUBLE_EQ(r.score(), static_cast<double>(r.count(MutantFate::Killed)) /
                                  (r.count(MutantFate::Killed) + 2));
}

TEST(PolicyMutationTesting, ABoundaryTestKillsAndEquivalentsAreNotScored) {
  std::string yaml = kPolicy + R"(  - name: exactly thirty days
    expect: compliant
    asset: {config: {AgeDays: 30, State: available}}
equivalent_mutants:
  - part: condition
    mutant: "`30` -> `31`"
    reason: only to show the mechanism (ages are whole days; 31 is a real change)
)";
  PolicyMutationReport r = mutate(yaml);
  EXPECT_EQ(find(r, "`>` -> `>=`")->fate, MutantFate::Killed);
  EXPECT_EQ(find(r, "`30` -> `31`")->fate, MutantFate::Equivalent);
  EXPECT_EQ(r.count(MutantFate::Survived), 0u);
  EXPECT_DOUBLE_EQ(r.score(), 1.0);
  EXPECT_TRUE(r.stale_equivalents.empty());
}

TEST(PolicyMutationTesting, StaleEquivalentEntriesAreReported) {
  std::string yaml = kPolicy + R"(equivalent_mutants:
  - {part: condition, mutant: "negate the whole expression", reason: "wrong: a test kills it"}
  - {part: let age_days, mutant: "`>` -> `>=`", reason: "no such mutant in that part"}
)";
  PolicyMutationReport r = mutate(yaml);
  ASSERT_EQ(r.stale_equivalents.size(), 2u);
  EXPECT_NE(r.stale_equivalents[0].find("is listed as equivalent, but test"), std::string::npos);
  EXPECT_NE(r.stale_equivalents[1].find("no mutant of let age_days is `>` -> `>=`"),
            std::string::npos);
}

TEST(PolicyMutationTesting, FailingTestsSkipThePolicyAndTheCapSpreads) {
  std::string failing = kPolicy;
  failing.replace(failing.find("expect: violation"), 17, "expect: compliant");
  PolicyMutationReport skipped = mutate(failing);
  EXPECT_NE(skipped.skipped.find("'old and available' fails without any mutation"),
            std::string::npos);
  EXPECT_TRUE(skipped.mutants.empty());

  auto loaded = PolicySet::load_text(kPolicy, "volume.yaml");
  ASSERT_TRUE(loaded.ok());
  PolicyMutationReport all = mutate_policy(*loaded.set.policies()[0]);
  const size_t n = all.mutants.size();
  ASSERT_GT(n, 6u);
  MutationOptions options;
  options.max_mutants = 3;
  PolicyMutationReport capped = mutate_policy(*loaded.set.policies()[0], options);
  ASSERT_EQ(capped.mutants.size(), 3u);
  EXPECT_EQ(capped.not_run, n - 3);
  for (size_t j = 0; j < 3; ++j)  // spread over the whole text, not its first three
    EXPECT_EQ(capped.mutants[j].mutant.description, all.mutants[j * n / 3].mutant.description);
}

}  // namespace
}  // namespace vigil
