// The sample estate (examples/estate, written by tools/estate/make_estate.py)
// read through the capture reader: it must load completely, hold the
// accounts, types and asset counts it was generated with, cover every
// operation of the catalog, and report exactly its deliberate failures.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "capture_fixture.h"
#include "connectors/aws/capture_reader.h"
#include "connectors/aws/catalog.h"

namespace vigil::aws {
namespace {

namespace fs = std::filesystem;
using testing::at_path;

const std::string kEstate = std::string(VIGIL_SOURCE_DIR) + "/examples/estate";

struct ErrorRecord {
  std::string asset, part, operation, code;
};

class EstateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    CaptureOptions options;
    options.threads = 2;
    Result<CaptureResult> r = read_capture(kEstate, options);
    ASSERT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message)
                        << "\n(regenerate with: python3 tools/estate/make_estate.py)";
    result_ = new CaptureResult(std::move(r).value());
  }
  static void TearDownTestSuite() {
    delete result_;
    result_ = nullptr;
  }

  static const CaptureSummary& summary() { return result_->summary; }
  static const Inventory& inventory() { return result_->inventory; }

  static std::vector<ErrorRecord> errors() {
    std::vector<ErrorRecord> out;
    for (size_t i = 0; i < inventory().size(); ++i) {
      const Asset& a = inventory().at(i);
      JsonRef list = at_path(a, "errors");
      for (uint32_t j = 0; list.valid() && list.kind() == JsonKind::Array && j < list.size(); ++j) {
        JsonRef e = list.at(j);
        out.push_back({std::string(a.id), std::string(e.find("part").as_string()),
                       std::string(e.find("operation").as_string()), std::string(e.find("code").as_string())});
      }
    }
    return out;
  }

  static CaptureResult* result_;
};

CaptureResult* EstateTest::result_ = nullptr;

TEST_F(EstateTest, AccountsRegionsAndNoProblemsButTheDeliberateOnes) {
  EXPECT_EQ(summary().accounts, 3u);
  EXPECT_EQ(summary().regions, 3u);  // us-east-1, eu-west-1, global
  EXPECT_EQ(summary().malformed_files, 0u);
  // The only failed scope: DescribeVolumes throttled in dev eu-west-1.
  EXPECT_EQ(summary().failed_scopes, 1u);
  EXPECT_TRUE(summary().partial());
  for (const std::string& p : summary().problems)
    EXPECT_NE(p.find("222222222222/eu-west-1"), std::string::npos) << "unexpected problem: " << p;
  for (const char* account : {"111111111111", "222222222222", "333333333333"})
    EXPECT_NE(inventory().account_asset(account), nullptr) << account;
}

TEST_F(EstateTest, AssetCountsPerType) {
  // What tools/estate/estate_profiles.py describes; regenerate the estate and
  // update these together. The failed-scope placeholder counts as one volume.
  const std::map<std::string, size_t> expected = {
      {"aws.account", 3},
      {"aws.acm.certificate", 5},
      {"aws.cloudfront.distribution", 3},
      {"aws.cloudtrail.trail", 4},
      {"aws.cloudwatch.alarm", 23},
      {"aws.dynamodb.table", 5},
      {"aws.ec2.elastic-ip", 6},
      {"aws.ec2.flow-log", 8},
      {"aws.ec2.image", 5},
      {"aws.ec2.instance", 32},
      {"aws.ec2.network-acl", 18},
      {"aws.ec2.network-interface", 42},
      {"aws.ec2.security-group", 45},
      {"aws.ec2.snapshot", 17},
      {"aws.ec2.subnet", 42},
      {"aws.ec2.volume", 43},
      {"aws.ecr.repository", 4},
      {"aws.ec2.vpc", 12},
      {"aws.efs.file-system", 3},
      {"aws.elb.load-balancer", 3},
      {"aws.elbv2.load-balancer", 5},
      {"aws.elbv2.target-group", 5},
      {"aws.guardduty.detector", 5},
      {"aws.iam.group", 12},
      {"aws.iam.policy", 8},
      {"aws.iam.role", 31},
      {"aws.iam.server-certificate", 2},
      {"aws.iam.user", 25},
      {"aws.kms.alias", 18},
      {"aws.kms.key", 20},
      {"aws.lambda.function", 8},
      {"aws.logs.log-group", 20},
      {"aws.logs.metric-filter", 18},
      {"aws.opensearch.domain", 3},
      {"aws.rds.db-cluster", 1},
      {"aws.rds.db-instance", 6},
      {"aws.rds.db-snapshot", 4},
      {"aws.redshift.cluster", 3},
      {"aws.s3.bucket", 18},
      {"aws.secretsmanager.secret", 3},
      {"aws.sns.topic", 10},
      {"aws.sqs.queue", 6},
  };
  EXPECT_EQ(summary().assets_by_type, expected);
  EXPECT_EQ(summary().assets, 554u);
  EXPECT_EQ(inventory().size(), 554u);
  EXPECT_EQ(summary().types, expected.size());
}

TEST_F(EstateTest, EveryCatalogTypeHasAssets) {
  // A type added to the catalog needs estate data (tools/estate/) too.
  for (const ResourceType& t : resource_catalog())
    EXPECT_GT(summary().assets_by_type.count(std::string(t.type)), 0u)
        << t.type << " has no asset in examples/estate: add it to tools/estate/ and regenerate";
}

TEST_F(EstateTest, OnlyTheDeliberateCallsFailed) {
  // Every per-resource file of every asset and every account setting is in
  // the capture: no NotCaptured, no MalformedJSON, no unexpected shape.
  const std::map<std::string, size_t> expected_codes = {{"AccessDenied", 2}, {"RequestLimitExceeded", 1}};
  EXPECT_EQ(summary().errors_by_code, expected_codes);

  std::set<std::string> seen;
  for (const ErrorRecord& e : errors()) {
    seen.insert(e.asset + " " + e.part + " " + e.operation + " " + e.code);
  }
  const std::string failed = failed_scope_id("222222222222", "eu-west-1", "aws.ec2.volume");
  const std::set<std::string> expected = {
      "arn:aws:s3:::acme-prod-reports config.BucketPolicy GetBucketPolicy AccessDenied",
      "arn:aws:s3:::acme-prod-reports config.BucketPolicyStatus GetBucketPolicyStatus AccessDenied",
      failed + " config DescribeVolumes RequestLimitExceeded",
      failed + " tags DescribeVolumes RequestLimitExceeded",
      failed + " relationships DescribeVolumes RequestLimitExceeded",
  };
  EXPECT_EQ(seen, expected);
  EXPECT_NE(inventory().find(failed), nullptr);
}

TEST_F(EstateTest, DeliberateConfigurationsAreThere) {
  // Spot checks of the shapes policies read, one per kind of finding.
  const Asset* dev = inventory().account_asset("222222222222");
  ASSERT_NE(dev, nullptr);
  EXPECT_EQ(at_path(*dev, "config.AccountSummary.SummaryMap.AccountAccessKeysPresent").as_int(), 1);
  EXPECT_FALSE(at_path(*dev, "config.AccountPasswordPolicy").valid());  // NoSuchEntity: absent
  EXPECT_EQ(at_path(*dev, "config.CredentialReport.mfa_active").as_string(), "false");
  const Asset* prod = inventory().account_asset("111111111111");
  ASSERT_NE(prod, nullptr);
  EXPECT_EQ(at_path(*prod, "config.AccountPasswordPolicy.PasswordPolicy.MinimumPasswordLength").as_int(), 14);

  // Inline policy documents (fan-out GetRolePolicy, URL-encoded in the files) and a website bucket.
  const Asset* cron =
      inventory().find("arn:aws:iam::222222222222:role/service-role/legacy-cron-role-d187786b");
  ASSERT_NE(cron, nullptr);
  EXPECT_EQ(at_path(*cron, "config.RolePolicy")
                .at(0)
                .find("PolicyDocument")
                .find("Statement")
                .at(0)
                .find("Action")
                .as_string(),
            "*");
  const Asset* website = inventory().find("arn:aws:s3:::acme-dev-website");
  ASSERT_NE(website, nullptr);
  EXPECT_EQ(at_path(*website, "config.BucketWebsite.IndexDocument.Suffix").as_string(),
            "index.html");
  EXPECT_FALSE(at_path(*inventory().find("arn:aws:s3:::acme-dev-artifacts"), "config.BucketWebsite")
                   .valid());

  const Asset* site = inventory().find("arn:aws:s3:::acme-prod-assets");
  ASSERT_NE(site, nullptr);
  EXPECT_EQ(at_path(*site, "config.BucketPolicy.Policy.Statement").at(0).find("Principal").as_string(), "*");
  EXPECT_EQ(site->region, "us-east-1");
  const Asset* archive = inventory().find("arn:aws:s3:::acme-prod-eu-archive");
  ASSERT_NE(archive, nullptr);
  EXPECT_EQ(archive->region, "eu-west-1");
  EXPECT_FALSE(at_path(*archive, "config.BucketEncryption").valid());

  size_t open_world = 0;
  for (const Asset* sg : inventory().of_type("aws.ec2.security-group")) {
    JsonRef rules = at_path(*sg, "config.IpPermissions");
    for (uint32_t i = 0; i < rules.size(); ++i) {
      JsonRef ranges = rules.at(i).find("IpRanges");
      for (uint32_t j = 0; ranges.valid() && j < ranges.size(); ++j)
        if (ranges.at(j).find("CidrIp").as_string() == "0.0.0.0/0") ++open_world;
    }
  }
  EXPECT_GT(open_world, 5u);

  size_t multi_region = 0;
  for (const Asset* t : inventory().of_type("aws.cloudtrail.trail")) {
    if (at_path(*t, "config.IsMultiRegionTrail").as_bool()) ++multi_region;
    EXPECT_EQ(t->region, at_path(*t, "config.HomeRegion").as_string()) << t->id;  // shadow copies dropped
  }
  EXPECT_EQ(multi_region, 2u);  // prod and security; dev has none
}

}  // namespace
}  // namespace vigil::aws
