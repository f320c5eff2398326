// branch_coverage: which outcome each branch point of the lets and the
// condition had under the policy's own tests.
#include <gtest/gtest.h>

#include "policy/branch_coverage.h"
#include "policy_test_util.h"

namespace vigil {
namespace {

using testing::render_all;

// No test makes `resource.config.Encrypted == false` true with an old
// volume, and the ternary's condition is never false.
const std::string kPolicy = R"(id: acme-volume
title: Volumes
resource: aws.ec2.volume
severity: low
category: cost
let:
  old: resource.config.AgeDays > 30
  kind: 'has(resource.config.Kind) ? resource.config.Kind : "gp2"'
condition: >-
  old && (resource.config.State == "available" ||
  resource.config.Encrypted == false) && kind == "gp2"
tests:
  - name: old and available
    expect: violation
    asset: {config: {AgeDays: 40, State: available, Encrypted: true}}
  - name: young
    expect: compliant
    asset: {config: {AgeDays: 2, State: available, Encrypted: true}}
  - name: old but in use
    expect: compliant
    asset: {config: {AgeDays: 40, State: in-use, Encrypted: true}}
)";

const BranchOutcome* find(const PolicyCoverageReport& r, const std::string& text) {
  for (const auto& b : r.branches)
    if (b.text == text) return &b;
  return nullptr;
}

TEST(PolicyBranchCoverage, EachOperandAndTernaryConditionRecordsItsOutcomes) {
  auto loaded = PolicySet::load_text(kPolicy, "volume.yaml");
  ASSERT_TRUE(loaded.ok()) << render_all(loaded);
  PolicyCoverageReport r = branch_coverage(*loaded.set.policies()[0]);
  EXPECT_TRUE(r.skipped.empty()) << r.skipped;
  EXPECT_EQ(r.policy_id, "acme-volume");
  EXPECT_EQ(r.tests, 3u);

  const BranchOutcome* has_kind = find(r, "has(resource.config.Kind)");
  ASSERT_NE(has_kind, nullptr);
  EXPECT_EQ(has_kind->part, "let kind");
  EXPECT_EQ(has_kind->point.op, "?:");
  EXPECT_FALSE(has_kind->seen_true);
  EXPECT_TRUE(has_kind->seen_false);

  const BranchOutcome* old = find(r, "old");
  ASSERT_NE(old, nullptr);
  EXPECT_TRUE(old->seen_true && old->seen_false);

  const BranchOutcome* encrypted = find(r, "resource.config.Encrypted == false");
  ASSERT_NE(encrypted, nullptr);
  EXPECT_EQ(encrypted->part, "condition");
  EXPECT_EQ(encrypted->point.op, "||");
  EXPECT_TRUE(encrypted->seen_false);  // in use: the right operand is read, false
  EXPECT_FALSE(encrypted->seen_true);
  EXPECT_EQ(encrypted->pos.file, "volume.yaml");
  EXPECT_EQ(encrypted->pos.line, 11);
  EXPECT_EQ(encrypted->pos.column, 3);

  // Points: old, (State || Encrypted), State, Encrypted, kind == "gp2", has(...).
  EXPECT_EQ(r.branches.size(), 6u);
  EXPECT_EQ(r.total(), 12u);
  EXPECT_LT(r.covered(), r.total());
}

TEST(PolicyBranchCoverage, APolicyWithoutBranchesCoversNothingOfNothing) {
  auto loaded = PolicySet::load_text(R"(id: acme-simple
title: Simple
resource: aws.ec2.volume
severity: low
category: cost
condition: resource.config.AgeDays > 30
tests:
  - name: old
    expect: violation
    asset: {config: {AgeDays: 40}}
  - name: young
    expect: compliant
    asset: {config: {AgeDays: 4}}
)",
                                     "simple.yaml");
  ASSERT_TRUE(loaded.ok()) << render_all(loaded);
  PolicyCoverageReport r = branch_coverage(*loaded.set.policies()[0]);
  EXPECT_TRUE(r.branches.empty());
  EXPECT_EQ(r.covered(), 0u);
  EXPECT_EQ(r.total(), 0u);
}

}  // namespace
}  // namespace vigil
