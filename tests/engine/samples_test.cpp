// The bundled sample inventory against the bundled policies: findings are
// verdicts or explained unknowns, collection errors come out unknown, and a
// few findings are pinned down exactly.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "engine/scan.h"

namespace vigil {
namespace {

class Samples : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = PolicySet::load({std::string(VIGIL_SOURCE_DIR) + "/policies"});
    for (const auto& d : loaded.diagnostics) ADD_FAILURE() << d.render();
    ASSERT_TRUE(loaded.ok());
    policies_ = std::move(loaded.set);
    auto inventory =
        Inventory::load_jsonl(std::string(VIGIL_SOURCE_DIR) + "/samples/inventory.jsonl");
    ASSERT_TRUE(inventory.ok()) << inventory.error().message;
    inventory_ = std::move(inventory.value());
    ScanOptions options;
    options.now = cel::Value::timestamp(1795694400, 0);  // 2026-11-26T12:00:00Z
    result_ = scan(inventory_, policies_, options);
  }

  const Finding* find(std::string_view policy, std::string_view asset) const {
    for (const auto& f : result_.findings)
      if (f.policy->policy.id == policy && f.asset->id == asset) return &f;
    return nullptr;
  }

  PolicySet policies_;
  Inventory inventory_;
  ScanResult result_;
};

// Every policy meets violating and compliant assets across the sample
// inventory and the sample estate together: tests/policy/pack_estate_test.cpp.
// Here: no policy fails to evaluate on the sample inventory for a reason other
// than a recorded collection error or a part the hand-written assets leave out.
TEST_F(Samples, FindingsAreVerdictsOrExplainedUnknowns) {
  ASSERT_GE(policies_.policies().size(), 5u);
  ASSERT_FALSE(result_.findings.empty());
  for (const auto& f : result_.findings) {
    if (f.status != FindingStatus::Unknown) continue;
    std::string message(f.message);
    bool collection = message.find("collection failed") != std::string::npos;
    bool missing_part = message.find("no such key") != std::string::npos ||
                        message.find("not in the inventory") != std::string::npos;
    // A type the file has no line of: it cannot say "there are none".
    bool not_listed = message.find("was not collected") != std::string::npos;
    EXPECT_TRUE(collection || missing_part || not_listed)
        << f.policy->policy.id << " on " << f.asset->id << ": " << message;
  }
}

TEST_F(Samples, CollectionErrorsAreUnknownWithTheReason) {
  const Finding* sg =
      find("aws-ec2-security-group-admin-ports-open-ipv4",
           "arn:aws:ec2:us-west-2:222222222222:security-group/sg-0e5a2b3c4d5e6f704");
  ASSERT_NE(sg, nullptr);
  EXPECT_EQ(sg->status, FindingStatus::Unknown);
  EXPECT_NE(sg->message.find("RequestLimitExceeded"), std::string::npos) << sg->message;

  const Finding* keys = find("aws-iam-access-key-age", "arn:aws:iam::222222222222:user/eve");
  ASSERT_NE(keys, nullptr);
  EXPECT_EQ(keys->status, FindingStatus::Unknown);
  EXPECT_NE(keys->message.find("ListAccessKeys"), std::string::npos) << keys->message;
}

TEST_F(Samples, PinnedFindings) {
  const Finding* site = find("aws-s3-bucket-public", "arn:aws:s3:::acme-dev-public-site");
  ASSERT_NE(site, nullptr);
  EXPECT_EQ(site->status, FindingStatus::Violation);
  EXPECT_NE(site->message.find("ACL grants READ to everyone"), std::string::npos) << site->message;
  EXPECT_NE(site->message.find("PublicReadGetObject"), std::string::npos) << site->message;

  // Public ACL on the bucket, but the prod account ignores public ACLs.
  const Finding* assets = find("aws-s3-bucket-public", "arn:aws:s3:::acme-prod-static-assets");
  ASSERT_NE(assets, nullptr);
  EXPECT_EQ(assets->status, FindingStatus::Compliant);

  const Finding* bastion =
      find("aws-ec2-security-group-admin-ports-open-ipv4",
           "arn:aws:ec2:us-east-1:111111111111:security-group/sg-0d4f1a2b3c4d5e603");
  ASSERT_NE(bastion, nullptr);
  EXPECT_EQ(bastion->status, FindingStatus::Violation);
  EXPECT_NE(bastion->message.find("tcp 22 from 0.0.0.0/0"), std::string::npos) << bastion->message;

  const Finding* etl = find("aws-iam-access-key-age", "arn:aws:iam::222222222222:user/legacy-etl");
  ASSERT_NE(etl, nullptr);
  EXPECT_EQ(etl->status, FindingStatus::Violation);
  EXPECT_NE(etl->message.find("AKIA3DEVLEGACYETL001"), std::string::npos) << etl->message;

  // Account 222222222222 has lines in us-east-1 and us-west-2 but a trail
  // line only in us-east-1: the file cannot say us-west-2 has none, so the
  // account-wide question is unknown, with the region that is missing.
  const Finding* trail = find("aws-cloudtrail-multi-region", "arn:aws:iam::222222222222:root");
  ASSERT_NE(trail, nullptr);
  EXPECT_EQ(trail->status, FindingStatus::Unknown);
  EXPECT_NE(trail->message.find("aws.cloudtrail.trail was not collected in 222222222222/us-west-2"),
            std::string::npos)
      << trail->message;
  EXPECT_EQ(find("aws-cloudtrail-multi-region", "arn:aws:iam::111111111111:root")->status,
            FindingStatus::Compliant);

  // Per-region account settings name the regions that are off.
  const Finding* ebs =
      find("aws-ec2-ebs-encryption-by-default-off", "arn:aws:iam::222222222222:root");
  ASSERT_NE(ebs, nullptr);
  EXPECT_EQ(ebs->status, FindingStatus::Violation);
  EXPECT_NE(ebs->message.find("off in us-west-2 (1 of 2 regions read)"), std::string::npos)
      << ebs->message;

  // An AWS-managed key is not the customer's to rotate.
  const Finding* aws_key =
      find("aws-kms-key-rotation-disabled",
           "arn:aws:kms:us-east-1:222222222222:key/7d8e9f00-1a2b-4c3d-9e4f-5a6b7c8d9e02");
  ASSERT_NE(aws_key, nullptr);
  EXPECT_EQ(aws_key->status, FindingStatus::Compliant);

  const Finding* db =
      find("aws-rds-instance-publicly-accessible", "arn:aws:rds:us-east-1:222222222222:db:dev-db");
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->status, FindingStatus::Violation);
  EXPECT_NE(db->message.find("dev-db (postgres, unencrypted) is publicly accessible"),
            std::string::npos)
      << db->message;
}

}  // namespace
}  // namespace vigil
