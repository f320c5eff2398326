// The deployable IAM policies (deploy/aws/) are generated from the catalog:
// the committed files must equal the generated text, and every call the
// collector makes must be allowed by some action.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "connectors/aws/catalog.h"
#include "connectors/aws_live/iam_policy.h"

namespace vigil::aws {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(AwsLiveIamPolicy, MapsOperationsToActions) {
  EXPECT_EQ(iam_action("s3", "ListBuckets").value(), "s3:ListAllMyBuckets");
  EXPECT_EQ(iam_action("s3", "GetBucketEncryption").value(), "s3:GetEncryptionConfiguration");
  EXPECT_EQ(iam_action("s3", "GetPublicAccessBlock").value(), "s3:GetBucketPublicAccessBlock");
  EXPECT_EQ(iam_action("s3control", "GetPublicAccessBlock").value(), "s3:GetAccountPublicAccessBlock");
  EXPECT_EQ(iam_action("elbv2", "DescribeListeners").value(), "elasticloadbalancing:DescribeListeners");
  EXPECT_EQ(iam_action("opensearch", "DescribeDomain").value(), "es:DescribeDomain");
  EXPECT_EQ(iam_action("efs", "DescribeFileSystems").value(), "elasticfilesystem:DescribeFileSystems");
  EXPECT_EQ(iam_action("accessanalyzer", "ListAnalyzers").value(), "access-analyzer:ListAnalyzers");
  EXPECT_EQ(iam_action("ec2", "DescribeInstances").value(), "ec2:DescribeInstances");
  Result<std::string> unknown = iam_action("nosuchservice", "ListThings");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("kPrefixes"), std::string::npos);
}

TEST(AwsLiveIamPolicy, CoversEveryCatalogCallAndNothingElse) {
  Result<std::vector<std::string>> actions = collector_iam_actions();
  ASSERT_TRUE(actions.ok()) << actions.error().message;
  std::set<std::string> set(actions->begin(), actions->end());
  EXPECT_EQ(set.size(), actions->size()) << "actions are unique";
  EXPECT_TRUE(std::is_sorted(actions->begin(), actions->end()));
  std::set<std::string> expected = {"iam:GenerateCredentialReport"};
  for (const ResourceType& t : resource_catalog()) {
    expected.insert(iam_action(t.service, t.list_operation).value());
    for (const PerResourceCall& c : t.calls) expected.insert(iam_action(t.service, c.operation).value());
  }
  for (const AccountSetting& s : account_settings()) expected.insert(iam_action(s.service, s.operation).value());
  EXPECT_EQ(set, expected);
  for (const std::string& a : *actions) {  // read-only: no write verbs slip in
    std::string verb = a.substr(a.find(':') + 1);
    EXPECT_TRUE(verb.starts_with("Describe") || verb.starts_with("Get") || verb.starts_with("List") ||
                verb == "GenerateCredentialReport")
        << a;
  }
}

TEST(AwsLiveIamPolicy, CommittedPolicyEqualsGenerated) {
  Result<std::string> generated = readonly_policy_json();
  ASSERT_TRUE(generated.ok()) << generated.error().message;
  std::string path = std::string(VIGIL_SOURCE_DIR) + "/deploy/aws/vigil-readonly-policy.json";
  EXPECT_EQ(read_text(path), *generated)
      << path << " differs from the catalog; regenerate it with: vigil collect aws --print-iam-policy > " << path;
  nlohmann::json policy = nlohmann::json::parse(*generated);
  EXPECT_EQ(policy["Version"], "2012-10-17");
  EXPECT_EQ(policy["Statement"][0]["Effect"], "Allow");
  EXPECT_EQ(policy["Statement"][0]["Resource"], "*");
  // IAM's managed policy limit is 6,144 characters without whitespace.
  EXPECT_LT(policy.dump().size(), 6144u);
}

TEST(AwsLiveIamPolicy, CommittedTrustPolicyEqualsGenerated) {
  std::string path = std::string(VIGIL_SOURCE_DIR) + "/deploy/aws/vigil-readonly-trust-policy.json";
  EXPECT_EQ(read_text(path), trust_policy_json())
      << path << " differs; regenerate it with: vigil collect aws --print-trust-policy > " << path;
  nlohmann::json trust = nlohmann::json::parse(trust_policy_json("123456789012", "s3cr3t"));
  const nlohmann::json& st = trust["Statement"][0];
  EXPECT_EQ(st["Principal"]["AWS"], "arn:aws:iam::123456789012:root");
  EXPECT_EQ(st["Action"], "sts:AssumeRole");
  EXPECT_EQ(st["Condition"]["StringEquals"]["sts:ExternalId"], "s3cr3t");
}

}  // namespace
}  // namespace vigil::aws
