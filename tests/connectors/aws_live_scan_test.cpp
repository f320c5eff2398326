// End to end through the vigil binary: `vigil scan --aws --endpoint-url`
// against the replay server, credentials from the environment (the standard
// chain), collecting the small estate (aws_live_estate.h) with a 500 that
// exhausts the retries on DescribeVolumes and a 403 on GetBucketEncryption.
// The findings must be right: violations where the estate violates, unknown
// where the collection failed, and exit status 3 (partial).
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "aws_live_estate.h"
#include "capture_fixture.h"
#include "run_command.h"

namespace vigil::aws {
namespace {

namespace fs = std::filesystem;

TEST(AwsLiveScan, FindingsOverALiveCollectionAreRight) {
  std::string vigil = VIGIL_BINARY_DIR "/bin/vigil";
  if (!fs::exists(vigil)) GTEST_SKIP() << "build the vigil target first: " << vigil << " is absent";
  ModelRepository models;
  if (!fs::exists(models.root()))
    GTEST_SKIP() << "python3-botocore models absent: " << models.root();
  testing::ReplayServer::Options options;
  options.verify_signatures = true;
  options.secrets = {{"AKIDSCANEXAMPLE", "scan-secret"}};
  testing::ReplayServer server(options);
  testing::serve_estate(server, models, "111111111111", "AKIDSCANEXAMPLE");
  server.fail("s3", "GetBucketEncryption", 1000,
              server.error("s3", 403, "AccessDenied", "Access Denied"));
  server.fail("ec2", "DescribeVolumes", 1000,
              server.error("ec2", 500, "InternalError", "An internal error has occurred"));

  std::string env =
      "env -i PATH=/usr/bin:/bin HOME=/nonexistent AWS_EC2_METADATA_DISABLED=true "
      "AWS_ACCESS_KEY_ID=AKIDSCANEXAMPLE "
      "AWS_SECRET_ACCESS_KEY=scan-secret ";
  testing::CommandOutcome r = testing::run_command(
      env + vigil + " scan --aws --endpoint-url " + server.url() +
      " --regions us-east-1 --concurrency 8 --now 2026-11-26T12:00:00Z --format json --policies " +
      VIGIL_SOURCE_DIR "/policies/aws");
  EXPECT_EQ(r.status, 3) << r.out.substr(0, 2000);
  EXPECT_TRUE(server.problems().empty()) << ::testing::PrintToString(server.problems());
  nlohmann::json report = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << r.out.substr(0, 2000);
  std::map<std::pair<std::string, std::string>, std::string> status;  // (policy, asset) -> status
  for (const auto& f : report["findings"])
    status[{f["policy"].value("id", std::string()), f["asset"].value("id", std::string())}] =
        f.value("status", "");
  auto at = [&](const std::string& policy, const std::string& asset) {
    auto it = status.find({policy, asset});
    return it == status.end() ? std::string("(no finding)") : it->second;
  };
  const std::string A = "111111111111";
  EXPECT_EQ(at("aws-ec2-security-group-admin-ports-open-ipv4",
               "arn:aws:ec2:us-east-1:" + A + ":security-group/sg-0open"),
            "violation");
  EXPECT_EQ(at("aws-kms-key-rotation-disabled",
               "arn:aws:kms:us-east-1:" + A + ":key/1234abcd-12ab-34cd-56ef-1234567890ab"),
            "violation");
  EXPECT_EQ(at("aws-s3-bucket-versioning-disabled", "arn:aws:s3:::vigil-logs-" + A), "violation");
  EXPECT_EQ(at("aws-iam-user-console-without-mfa", "arn:aws:iam::" + A + ":user/alice"),
            "violation");
  EXPECT_EQ(at("aws-iam-user-console-without-mfa", "arn:aws:iam::" + A + ":user/bob"), "compliant");
  EXPECT_EQ(at("aws-ec2-ebs-encryption-by-default-off", "arn:aws:iam::" + A + ":root"),
            "violation");
  EXPECT_EQ(at("aws-guardduty-disabled-in-region", "arn:aws:iam::" + A + ":root"), "violation");
  EXPECT_EQ(at("aws-s3-bucket-public-access-block", "arn:aws:s3:::vigil-logs-" + A), "compliant");
  // The failed DescribeVolumes: unknown, never compliant.
  EXPECT_EQ(at("aws-ec2-ebs-volume-unencrypted",
               "vigil:collection-failed/" + A + "/us-east-1/aws.ec2.volume"),
            "unknown");
  EXPECT_EQ(at("aws-iam-root-mfa", "arn:aws:iam::" + A + ":root"), "compliant");
}

TEST(AwsLiveScan, CollectWithAnAccountsFileAssumesTheRoleInEachAccount) {
  std::string vigil = VIGIL_BINARY_DIR "/bin/vigil";
  if (!fs::exists(vigil)) GTEST_SKIP() << "build the vigil target first: " << vigil << " is absent";
  ModelRepository models;
  if (!fs::exists(models.root()))
    GTEST_SKIP() << "python3-botocore models absent: " << models.root();
  testing::ReplayServer server;
  for (std::string id : {"111111111111", "222222222222"}) {
    std::string key = "ASIA" + id;
    server.on(
        "sts", "AssumeRole",
        {server.ok("sts",
                   testing::query(
                       "sts", "AssumeRole", "2011-06-15",
                       fmt::format("<Credentials><AccessKeyId>{}</AccessKeyId><SecretAccessKey>s"
                                   "</SecretAccessKey><SessionToken>t</SessionToken><Expiration>"
                                   "2099-01-01T00:00:00Z</Expiration></Credentials>",
                                   key)))},
        [id](const testing::ReplayRequest& r) {
          return r.param("RoleArn").find(id) != std::string::npos;
        });
    testing::serve_estate(server, models, id, key);
  }
  testing::CaptureDir dir;
  dir.write("accounts.yaml",
            "role: vigil-readonly\nexternal_id: ext-9\naccounts:\n  - id: \"111111111111\"\n    "
            "name: prod\n"
            "  - id: \"222222222222\"\n    name: staging\n");
  std::string env =
      "env -i PATH=/usr/bin:/bin HOME=/nonexistent AWS_EC2_METADATA_DISABLED=true "
      "AWS_ACCESS_KEY_ID=AKIDBASE "
      "AWS_SECRET_ACCESS_KEY=base-secret ";
  testing::CommandOutcome r = testing::run_command(
      env + vigil + " collect aws --endpoint-url " + server.url() + " --accounts-file " +
      dir.path() + "/accounts.yaml --regions us-east-1 --types aws.s3.bucket --out " + dir.path() +
      "/capture");
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(server.problems().empty()) << ::testing::PrintToString(server.problems());
  size_t assumed = 0;
  for (const testing::ReplayRequest& q : server.requests())
    if (q.operation == "AssumeRole") {
      ++assumed;
      EXPECT_EQ(q.param("ExternalId"), "ext-9");
      EXPECT_EQ(q.access_key_id, "AKIDBASE");
    }
  EXPECT_EQ(assumed, 2u);
  for (std::string id : {"111111111111", "222222222222"})
    EXPECT_TRUE(fs::exists(dir.path() + "/capture/" + id + "/global/s3/GetBucketAcl/vigil-logs-" +
                           id + ".json"))
        << id;
}

}  // namespace
}  // namespace vigil::aws
