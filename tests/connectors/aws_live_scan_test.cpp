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

namespace vigil::aws {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int status = -1;
  std::string out;
};

Outcome run(const std::string& command) {
  Outcome r;
  FILE* pipe = ::popen((command + " 2>/dev/null").c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  int status = ::pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

TEST(AwsLiveScan, FindingsOverALiveCollectionAreRight) {
  std::string vigil = VIGIL_BINARY_DIR "/bin/vigil";
  if (!fs::exists(vigil)) GTEST_SKIP() << "build the vigil target first: " << vigil << " is absent";
  ModelRepository models;
  if (!fs::exists(models.root())) GTEST_SKIP() << "python3-botocore models absent: " << models.root();
  testing::ReplayServer::Options options;
  options.verify_signatures = true;
  options.secrets = {{"AKIDSCANEXAMPLE", "scan-secret"}};
  testing::ReplayServer server(options);
  testing::serve_estate(server, models, "111111111111", "AKIDSCANEXAMPLE");
  server.fail("s3", "GetBucketEncryption", 1000, server.error("s3", 403, "AccessDenied", "Access Denied"));
  server.fail("ec2", "DescribeVolumes", 1000, server.error("ec2", 500, "InternalError", "An internal error has occurred"));

  std::string env =
      "env -i PATH=/usr/bin:/bin HOME=/nonexistent AWS_EC2_METADATA_DISABLED=true AWS_ACCESS_KEY_ID=AKIDSCANEXAMPLE "
      "AWS_SECRET_ACCESS_KEY=scan-secret ";
  Outcome r = run(env + vigil + " scan --aws --endpoint-url " + server.url() +
                  " --regions us-east-1 --concurrency 8 --now 2026-11-26T12:00:00Z --format json --policies " +
                  VIGIL_SOURCE_DIR "/policies/aws");
  EXPECT_EQ(r.status, 3) << r.out.substr(0, 2000);
  EXPECT_TRUE(server.problems().empty()) << ::testing::PrintToString(server.problems());
  nlohmann::json report = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << r.out.substr(0, 2000);
  std::map<std::pair<std::string, std::string>, std::string> status;  // (policy, asset) -> status
  for (const auto& f : report["findings"])
    status[{f.value("policy", f.value("policy_id", std::string())), f.value("asset", f.value("asset_id", std::string()))}] =
        f.value("status", "");
  auto at = [&](const std::string& policy, const std::string& asset) {
    auto it = status.find({policy, asset});
    return it == status.end() ? std::string("(no finding)") : it->second;
  };
  const std::string A = "111111111111";
  EXPECT_EQ(at("aws-ec2-security-group-admin-ports-open", "arn:aws:ec2:us-east-1:" + A + ":security-group/sg-0open"),
            "violation");
  EXPECT_EQ(at("aws-kms-key-rotation-disabled",
                "arn:aws:kms:us-east-1:" + A + ":key/1234abcd-12ab-34cd-56ef-1234567890ab"),
            "violation");
  EXPECT_EQ(at("aws-s3-bucket-versioning-disabled", "arn:aws:s3:::vigil-logs-" + A), "violation");
  EXPECT_EQ(at("aws-iam-user-console-without-mfa", "arn:aws:iam::" + A + ":user/alice"), "violation");
  EXPECT_EQ(at("aws-iam-user-console-without-mfa", "arn:aws:iam::" + A + ":user/bob"), "compliant");
  EXPECT_EQ(at("aws-ec2-ebs-encryption-by-default-off", "arn:aws:iam::" + A + ":root"), "violation");
  EXPECT_EQ(at("aws-guardduty-disabled-in-region", "arn:aws:iam::" + A + ":root"), "violation");
  EXPECT_EQ(at("aws-s3-bucket-public-access-block", "arn:aws:s3:::vigil-logs-" + A), "compliant");
  // The failed DescribeVolumes: unknown, never compliant.
  EXPECT_EQ(at("aws-ec2-ebs-volume-unencrypted", "vigil:collection-failed/" + A + "/us-east-1/aws.ec2.volume"),
            "unknown");
  EXPECT_EQ(at("aws-iam-root-mfa", "arn:aws:iam::" + A + ":root"), "compliant");
}

}  // namespace
}  // namespace vigil::aws
