// resource_reads: the asset fields a policy's condition reads, on policies
// of the bundled pack (policies/) and on small conditions for each construct
// the walker follows: selections, optional selections, has(), constant and
// variable indexes, comprehension variables, filter/map, lets (used or not),
// cel.bind, related(), and what it leaves out (other assets, the message).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "policy/field_reads.h"
#include "policy/policy_set.h"
#include "policy_test_util.h"

namespace vigil {
namespace {

using Paths = std::vector<std::string>;

class PackReads : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    LoadOptions options;
    options.include_disabled = true;
    auto loaded = PolicySet::load({std::string(VIGIL_SOURCE_DIR) + "/policies"}, options);
    for (const auto& d : loaded.diagnostics) ADD_FAILURE() << d.render();
    ASSERT_TRUE(loaded.ok());
    set_ = new PolicySet(std::move(loaded.set));
  }
  static void TearDownTestSuite() {
    delete set_;
    set_ = nullptr;
  }
  static Paths reads_of(const std::string& id) {
    const CompiledPolicy* p = set_->find(id);
    EXPECT_NE(p, nullptr) << id;
    return p ? resource_reads(p->policy) : Paths{};
  }
  static PolicySet* set_;
};

PolicySet* PackReads::set_ = nullptr;

TEST_F(PackReads, BlockPublicAccessSettingsNamedByAConstantListAreEachRead) {
  // settings.filter(s, !(bucket_block[?s].orValue(false) == true || account_block[?s]...)):
  // the bucket's four settings; the account's block is another asset.
  const std::string block = "config.PublicAccessBlock.PublicAccessBlockConfiguration.";
  EXPECT_EQ(reads_of("aws-s3-bucket-public-access-block"),
            (Paths{block + "BlockPublicAcls", block + "BlockPublicPolicy",
                   block + "IgnorePublicAcls", block + "RestrictPublicBuckets"}));
}

TEST_F(PackReads, ComprehensionVariablesReadTheElementsOfTheirRange) {
  // world_rules = IpPermissions.filter(r, r.?IpRanges...exists(x, x.CidrIp == ...)), then
  // world_rules.exists(r, r.IpProtocol ... r.FromPort ... r.ToPort).
  EXPECT_EQ(
      reads_of("aws-ec2-security-group-admin-ports-open-ipv4"),
      (Paths{"config.IpPermissions[*].FromPort", "config.IpPermissions[*].IpProtocol",
             "config.IpPermissions[*].IpRanges[*].CidrIp", "config.IpPermissions[*].ToPort"}));
}

TEST_F(PackReads, OptionalSelectionsAndWholeDocumentsHandedToFunctions) {
  EXPECT_EQ(reads_of("aws-s3-bucket-versioning-disabled"),
            (Paths{"config.BucketVersioning.Status"}));
  // The ACL's grants (filtered, then mapped), the decoded bucket policy as a whole
  // (aws_policy_public), and the bucket's own Block Public Access settings.
  const std::string block = "config.PublicAccessBlock.PublicAccessBlockConfiguration.";
  EXPECT_EQ(reads_of("aws-s3-bucket-public"),
            (Paths{"config.BucketAcl.Grants[*].Grantee.URI",
                   "config.BucketAcl.Grants[*].Permission", "config.BucketPolicy.Policy",
                   block + "IgnorePublicAcls", block + "RestrictPublicBuckets"}));
}

TEST_F(PackReads, EveryPolicyOfThePackThatReadsItsAssetHasReads) {
  // Each path starts at a member of the asset (docs/assets.md), and a policy
  // whose condition or lets select from `resource` lists at least one.
  size_t with_reads = 0;
  for (const auto& compiled : set_->policies()) {
    const Policy& p = compiled->policy;
    Paths reads = resource_reads(p);
    bool mentions = p.condition.text.find("resource.") != std::string::npos;
    for (const auto& [name, text] : p.lets)
      mentions = mentions || text.text.find("resource.") != std::string::npos;
    if (mentions) EXPECT_FALSE(reads.empty()) << p.id;
    for (const std::string& path : reads) {
      bool rooted = false;
      for (const char* root : {"config", "tags", "relationships", "id", "name", "account", "region",
                               "type", "errors", "collected_at"}) {
        std::string r(root);
        rooted = rooted || path == r || path.rfind(r + ".", 0) == 0 || path.rfind(r + "[", 0) == 0;
      }
      EXPECT_TRUE(rooted) << p.id << ": " << path;
    }
    with_reads += !reads.empty();
  }
  EXPECT_GE(with_reads, 100u);
}

Paths reads_of_text(const std::string& body) {
  std::string yaml =
      "id: t\ntitle: T\nresource: aws.s3.bucket\nseverity: low\ncategory: security\n" + body;
  auto loaded = PolicySet::load_text(yaml, "t.yaml");
  EXPECT_TRUE(loaded.ok()) << testing::render_all(loaded);
  if (!loaded.ok()) return {};
  return resource_reads(loaded.set.policies()[0]->policy);
}

TEST(FieldReads, SelectionsHasIndexesAndOptionals) {
  EXPECT_EQ(
      reads_of_text("condition: >-\n"
                    "  has(resource.config.A.B) && resource.config[\"aws:Key\"] == 1 &&\n"
                    "  resource.config.?C.?D.orValue(0) == 1 && resource.config.L[0].E == 2 &&\n"
                    "  resource.config.M[?\"k\"].orValue(1) == 1 && resource.tags.env == \"x\"\n"),
      (Paths{"config.A.B", "config.C.D", "config.L[0].E", "config.M.k", "config[\"aws:Key\"]",
             "tags.env"}));
}

TEST(FieldReads, UnknownKeysComprehensionsFilterMapAndBind) {
  EXPECT_EQ(reads_of_text(
                "condition: >-\n"
                "  resource.config.Grants.exists(g, g.Permission == \"READ\") &&\n"
                "  resource.config.Rules.filter(r, r.On).map(r, r.Name).exists(n, n.Len > 0) &&\n"
                "  resource.config.ByRegion.all(k, resource.config.ByRegion[k].X == 1) &&\n"
                "  cel.bind(p, resource.config.Policy, p.Version == \"1\") &&\n"
                "  [resource.config.P, resource.config.Q].exists(v, v.Z)\n"),
            (Paths{"config.ByRegion[*].X", "config.Grants[*].Permission", "config.P.Z",
                   "config.Policy.Version", "config.Q.Z", "config.Rules[*].Name.Len",
                   "config.Rules[*].On"}));
}

TEST(FieldReads, OnlyLetsTheConditionUsesOtherAssetsAndNotTheMessage) {
  EXPECT_EQ(reads_of_text("let:\n"
                          "  unused: resource.config.Unused\n"
                          "  base: resource.config.Base\n"
                          "  derived: base.?Inner.orValue({})\n"
                          "condition: >-\n"
                          "  derived.Flag == true && account().config.Other == 1 &&\n"
                          "  related(\"volumes\").exists(v, v.config.Encrypted) &&\n"
                          "  (resource.config.T ? resource.config.U : resource.config.V).W == 1\n"
                          "message: \"{{ resource.config.InMessage }}\"\n"),
            (Paths{"config.Base.Inner.Flag", "config.T", "config.U.W", "config.V.W",
                   "relationships.volumes"}));
}

TEST(FieldReads, AWholeAssetOrNothingReadIsNoPath) {
  EXPECT_EQ(reads_of_text("condition: size(resource) > 0\n"), Paths{});
  EXPECT_EQ(reads_of_text("condition: '\"a\" == \"b\"'\n"), Paths{});
}

}  // namespace
}  // namespace vigil
