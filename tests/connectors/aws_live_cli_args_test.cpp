// The catalog's AWS CLI options -> botocore input members (cli_args.h), on
// the real models, and every option the catalog uses resolves.
#include <gtest/gtest.h>

#include <filesystem>

#include "connectors/aws/catalog.h"
#include "connectors/aws_live/cli_args.h"

namespace vigil::aws {
namespace {

class AwsLiveCliArgs : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(models.root())) GTEST_SKIP() << "python3-botocore models absent: " << models.root();
  }
  const ServiceModel& model(const char* service) { return *models.service(service).value(); }
  ModelRepository models;
};

TEST_F(AwsLiveCliArgs, MapsOptionsToMembersWithTheirTypes) {
  EXPECT_EQ(member_for_option(model("elbv2"), "DescribeListeners", "--load-balancer-arn").value(), "LoadBalancerArn");
  EXPECT_EQ(member_for_option(model("rds"), "DescribeDBSnapshotAttributes", "--db-snapshot-identifier").value(),
            "DBSnapshotIdentifier");
  nlohmann::json p = nlohmann::json::object();
  ASSERT_TRUE(apply_cli_args(model("ec2"), "DescribeImages", "--owners self", p).ok());
  EXPECT_EQ(p, nlohmann::json({{"Owners", {"self"}}}));  // a list member: a one-element list
  p = nlohmann::json::object();
  ASSERT_TRUE(apply_cli_args(model("ec2"), "DescribeRegions", "--all-regions", p).ok());
  EXPECT_EQ(p, nlohmann::json({{"AllRegions", true}}));  // a boolean flag
  p = nlohmann::json::object();
  ASSERT_TRUE(set_cli_option(model("elb"), "DescribeTags", "--load-balancer-names", "web", p).ok());
  EXPECT_EQ(p, nlohmann::json({{"LoadBalancerNames", {"web"}}}));
  p = nlohmann::json::object();
  ASSERT_TRUE(apply_cli_args(model("iam"), "ListPolicies", "--scope Local --max-items 5", p).ok());
  EXPECT_EQ(p, nlohmann::json({{"Scope", "Local"}, {"MaxItems", 5}}));  // an integer member is parsed
  p = nlohmann::json::object();
  EXPECT_FALSE(apply_cli_args(model("iam"), "ListPolicies", "--max-items five", p).ok());
  Status bad = apply_cli_args(model("iam"), "ListUsers", "--no-such-option x", p);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("--no-such-option"), std::string::npos) << bad.error().message;
}

TEST_F(AwsLiveCliArgs, EveryOptionOfTheCatalogResolves) {
  for (const ResourceType& t : resource_catalog()) {
    nlohmann::json p = nlohmann::json::object();
    Status s = apply_cli_args(model(std::string(t.service).c_str()), t.list_operation, t.list_args, p);
    EXPECT_TRUE(s.ok()) << t.type << ": " << s.error().message;
    for (const PerResourceCall& c : t.calls) {
      nlohmann::json q = nlohmann::json::object();
      Status k = set_cli_option(model(std::string(t.service).c_str()), c.operation, c.parameter, "key", q);
      EXPECT_TRUE(k.ok()) << t.type << " " << c.operation << ": " << k.error().message;
      if (c.args.find('{') == std::string_view::npos) {
        Status a = apply_cli_args(model(std::string(t.service).c_str()), c.operation, c.args, q);
        EXPECT_TRUE(a.ok()) << t.type << " " << c.operation << ": " << a.error().message;
      }
    }
  }
  for (const AccountSetting& s : account_settings()) {
    nlohmann::json p = nlohmann::json::object();
    std::string args(s.args);
    if (size_t at = args.find("{account}"); at != std::string::npos) args.replace(at, 9, "111111111111");
    Status st = apply_cli_args(model(std::string(s.service).c_str()), s.operation, args, p);
    EXPECT_TRUE(st.ok()) << s.operation << ": " << st.error().message;
  }
}

}  // namespace
}  // namespace vigil::aws
