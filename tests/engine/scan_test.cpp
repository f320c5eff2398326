#include "engine/scan.h"

#include <gtest/gtest.h>

#include <map>

#include "engine/report.h"
#include "engine_fixture.h"

namespace vigil {
namespace {

using testing::kPolicies;
using testing::load_policies;
using testing::make_inventory;
using testing::synthetic_assets;

struct Row {
  std::string policy, asset, message;
  FindingStatus status;
  bool operator==(const Row&) const = default;
};

std::vector<Row> rows(const ScanResult& r) {
  std::vector<Row> out;
  for (const auto& f : r.findings)
    out.push_back({f.policy->policy.id, std::string(f.asset->id), std::string(f.message), f.status});
  return out;
}

TEST(Scan, SameFindingsInSameOrderWhateverTheThreadCount) {
  PolicySet policies = load_policies(kPolicies);
  Inventory inventory = make_inventory(synthetic_assets(5000));
  ScanOptions one;
  one.threads = 1;
  ScanOptions four;
  four.threads = 4;
  ScanResult a = scan(inventory, policies, one);
  ScanResult b = scan(inventory, policies, four);
  ASSERT_EQ(a.findings.size(), b.findings.size());
  EXPECT_EQ(rows(a), rows(b));
  EXPECT_EQ(a.evaluations, b.evaluations);
  EXPECT_EQ(a.assets, 5000u);
}

TEST(Scan, OrderIsAssetOrderThenPolicyLoadOrder) {
  PolicySet policies = load_policies(kPolicies);
  Inventory inventory = make_inventory(synthetic_assets(600));
  ScanOptions options;
  options.threads = 3;
  ScanResult r = scan(inventory, policies, options);
  std::map<const Asset*, size_t> index_of;  // assets need not be contiguous in memory
  for (size_t i = 0; i < inventory.size(); ++i) index_of[&inventory.at(i)] = i;
  auto asset_index = [&](const Asset* a) { return index_of.at(a); };
  auto policy_index = [&](const CompiledPolicy* p) {
    auto all = policies.policies();
    for (size_t i = 0; i < all.size(); ++i)
      if (all[i].get() == p) return i;
    return all.size();
  };
  for (size_t i = 1; i < r.findings.size(); ++i) {
    const Finding& prev = r.findings[i - 1];
    const Finding& cur = r.findings[i];
    ASSERT_LE(asset_index(prev.asset), asset_index(cur.asset)) << "finding " << i;
    if (prev.asset == cur.asset) {
      EXPECT_LT(policy_index(prev.policy), policy_index(cur.policy));
    }
  }
}

TEST(Scan, EvaluatesEnabledPoliciesOfTheAssetTypeOnly) {
  PolicySet policies = load_policies(kPolicies);
  // 6 assets: sg-0 (port 22, unnamed), vol-1, sg-2, vol-3, sg-4, vol-5 (unencrypted).
  Inventory inventory = make_inventory(synthetic_assets(6));
  ScanResult r = scan(inventory, policies);
  // 3 security groups x 2 enabled policies + 3 volumes x 1 policy.
  EXPECT_EQ(r.evaluations, 9u);
  EXPECT_EQ(r.findings.size(), 9u);
  for (const auto& f : r.findings) {
    EXPECT_NE(f.policy->policy.id, "t-disabled");
    EXPECT_EQ(f.policy->policy.resource, f.asset->type);
    if (f.status == FindingStatus::Compliant) {
      EXPECT_EQ(f.message, "");
    }
  }
  // sg-0: port 22 -> violation with the rendered message; no GroupName -> unknown.
  ASSERT_EQ(r.findings[0].asset->id, "sg-0");
  EXPECT_EQ(r.findings[0].status, FindingStatus::Violation);
  EXPECT_EQ(r.findings[0].message, "port 22 is open");
  EXPECT_EQ(r.findings[1].status, FindingStatus::Unknown);
  EXPECT_NE(r.findings[1].message, "");
  // vol-5 is unencrypted -> violation; without a message template the title is used.
  EXPECT_EQ(r.findings.back().asset->id, "vol-5");
  EXPECT_EQ(r.findings.back().status, FindingStatus::Violation);
  EXPECT_EQ(r.findings.back().message, "Unencrypted");
}

TEST(Scan, MessagesStayValidInCopiesAndMovesOfTheResult) {
  PolicySet policies = load_policies(kPolicies);
  Inventory inventory = make_inventory(synthetic_assets(6));
  ScanResult copy;
  ScanResult moved;
  {
    ScanResult original = scan(inventory, policies);
    copy = original;
    moved = std::move(original);
  }  // the original is gone; the copy shares the message storage
  ASSERT_EQ(copy.findings.size(), 9u);
  EXPECT_EQ(copy.findings[0].message, "port 22 is open");  // rendered: held by the storage
  EXPECT_NE(copy.findings[1].message, "");                  // unknown's reason: held by the storage
  EXPECT_EQ(copy.findings.back().message, "Unencrypted");   // the policy title
  EXPECT_EQ(rows(copy), rows(moved));
  EXPECT_EQ(std::string(copy.findings[1].message), std::string(moved.findings[1].message));
}

TEST(Scan, EmptyInventoryAndUnmatchedTypes) {
  PolicySet policies = load_policies(kPolicies);
  Inventory empty = make_inventory({});
  ScanResult r = scan(empty, policies);
  EXPECT_EQ(r.assets, 0u);
  EXPECT_TRUE(r.findings.empty());
  Inventory other = make_inventory({R"({"id":"b","type":"aws.s3.bucket","config":{}})"});
  r = scan(other, policies);
  EXPECT_EQ(r.assets, 1u);
  EXPECT_EQ(r.evaluations, 0u);
}

TEST(Scan, NowIsInjectableAndDefaultsToTheCurrentTime) {
  PolicySet policies = load_policies(R"(
id: t-new
title: Created after 2000
resource: aws.iam.user
severity: low
category: governance
condition: now > timestamp("2000-01-01T00:00:00Z")
)");
  Inventory inventory = make_inventory({R"({"id":"u","type":"aws.iam.user","config":{}})"});
  EXPECT_EQ(scan(inventory, policies).findings.at(0).status, FindingStatus::Violation);
  ScanOptions past;
  past.now = cel::Value::timestamp(0, 0);  // 1970
  EXPECT_EQ(scan(inventory, policies, past).findings.at(0).status, FindingStatus::Compliant);
}

TEST(FailOn, ThresholdIsInclusiveAndIgnoresUnknowns) {
  PolicySet policies = load_policies(kPolicies);
  Inventory inventory = make_inventory(synthetic_assets(6));
  ScanResult r = scan(inventory, policies);
  // Violations: t-open-port (high) and t-unencrypted (medium); unknowns from t-sg-named (low).
  EXPECT_FALSE(has_violation_at_or_above(r, Severity::Critical));
  EXPECT_TRUE(has_violation_at_or_above(r, Severity::High));
  EXPECT_TRUE(has_violation_at_or_above(r, Severity::Medium));
  EXPECT_TRUE(has_violation_at_or_above(r, Severity::Info));

  Inventory only_unknown =
      make_inventory({R"({"id":"sg","type":"aws.ec2.security-group","config":{"Port":443}})"});
  ScanResult u = scan(only_unknown, policies);
  ASSERT_EQ(u.findings.size(), 2u);
  EXPECT_EQ(u.findings[1].status, FindingStatus::Unknown);
  EXPECT_FALSE(has_violation_at_or_above(u, Severity::Info));
}

}  // namespace
}  // namespace vigil
