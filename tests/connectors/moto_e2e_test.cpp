// End to end against moto (an independent AWS emulator, [AWS fidelity]):
// moto_server on a free port, an estate built through boto3
// (tests/connectors/moto_estate.py) with a violation and a compliant
// counterpart per family in two regions, `vigil collect aws --endpoint-url`,
// `vigil scan`, and the findings asserted. Skipped, saying why, where Python
// lacks moto or boto3.
//
// Where moto differs from AWS: it answers accessanalyzer ListAnalyzers with
// HTTP 500 (the account's analyzer findings are then unknown), and it has
// no GuardDuty, Security Hub or Config recorder data unless created.
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "moto_server.h"
#include "run_command.h"

namespace vigil::aws {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using Command = aws::testing::CommandOutcome;

// Standard error is discarded.
Command run(const std::string& cmd) {
  return aws::testing::run_command(cmd, aws::testing::Stderr::Discard);
}

class MotoE2e : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!vigil::testing::MotoServer::available())
      GTEST_SKIP()
          << "python3 has no moto/boto3 (pip install 'moto[server]'): the moto suite does not run";
    if (std::string why = moto_.start(); !why.empty()) FAIL() << why;
    dir_ = fs::temp_directory_path() / fmt::format("vigil-moto-{}", getpid());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  std::string endpoint() const { return moto_.endpoint(); }

  vigil::testing::MotoServer moto_;
  fs::path dir_;
};

TEST_F(MotoE2e, CollectAndScanFindWhatTheEstateHolds) {
  Command estate = run(
      fmt::format("python3 {}/tests/connectors/moto_estate.py {}", VIGIL_SOURCE_DIR, endpoint()));
  ASSERT_EQ(estate.status, 0) << estate.out;
  json ids = json::parse(estate.out);

  std::string vigil = std::string(VIGIL_BINARY_DIR) + "/bin/vigil";
  std::string capture = (dir_ / "capture").string();
  Command collect =
      run(fmt::format("{} collect aws --endpoint-url {} --regions us-east-1,eu-west-1 --out '{}'",
                      vigil, endpoint(), capture));
  // moto answers accessanalyzer with HTTP 500: a partial collection (exit 3).
  ASSERT_TRUE(collect.status == 0 || collect.status == 3) << collect.status << collect.out;
  Command scan = run(fmt::format("{} scan --capture '{}' --format json", vigil, capture));
  ASSERT_TRUE(scan.status == 0 || scan.status == 3) << scan.status;
  json report = json::parse(scan.out);
  std::map<std::pair<std::string, std::string>, std::string> status;
  for (const json& f : report["findings"])
    status[{f["policy"]["id"].get<std::string>(), f["asset"]["id"].get<std::string>()}] =
        f["status"].get<std::string>();
  auto at = [&](const std::string& policy, const std::string& id_key) {
    auto it = status.find({policy, ids[id_key].get<std::string>()});
    return it == status.end() ? std::string("(no finding)") : it->second;
  };
  size_t checked = 0;
  auto expect = [&](const std::string& policy, const std::string& id_key, const std::string& want) {
    ++checked;
    EXPECT_EQ(at(policy, id_key), want) << policy << " on " << ids[id_key];
  };
  for (const std::string tag : {"use", "euw"}) {
    // SQS: the queue attributes are read at all (flattened AttributeName.1, fixed on the wire).
    expect("aws-sqs-queue-public", "sqs_public_" + tag, "violation");
    expect("aws-sqs-queue-public", "sqs_private_" + tag, "compliant");
    expect("aws-sqs-queue-public", "sqs_decoy_" + tag, "violation");  // aws:PrincipalOrgID "o-*"
    expect("aws-sqs-queue-outside-access", "sqs_private_" + tag, "compliant");
    expect("aws-sns-topic-public", "sns_public_" + tag, "violation");
    expect("aws-sns-topic-public", "sns_partner_" + tag, "compliant");
    expect("aws-sns-topic-outside-access", "sns_partner_" + tag, "violation");
    expect("aws-kms-key-rotation-disabled", "kms_unrotated_" + tag, "violation");
    expect("aws-kms-key-rotation-disabled", "kms_rotated_" + tag, "compliant");
    expect("aws-ec2-security-group-admin-ports-open-ipv4", "sg_open_" + tag, "violation");
    expect("aws-ec2-security-group-admin-ports-open-ipv4", "sg_closed_" + tag, "compliant");
    expect("aws-secretsmanager-secret-outside-access", "secret_shared_" + tag, "violation");
    expect("aws-secretsmanager-secret-outside-access", "secret_plain_" + tag, "compliant");
    expect("aws-secretsmanager-secret-public", "secret_shared_" + tag, "compliant");
    // EC2 instances, volumes, snapshots and addresses.
    expect("aws-ec2-ebs-volume-unencrypted", "vol_plain_" + tag, "violation");
    expect("aws-ec2-ebs-volume-unencrypted", "vol_sealed_" + tag, "compliant");
    expect("aws-ec2-ebs-volume-unattached", "vol_plain_" + tag, "violation");
    expect("aws-ec2-ebs-volume-unattached", "vol_sealed_" + tag, "compliant");
    expect("aws-ec2-volume-mandatory-tags", "vol_plain_" + tag, "violation");
    expect("aws-ec2-volume-mandatory-tags", "vol_sealed_" + tag, "compliant");
    expect("aws-ec2-instance-imdsv1-allowed", "instance_old_" + tag, "violation");
    expect("aws-ec2-instance-imdsv1-allowed", "instance_current_" + tag, "compliant");
    expect("aws-ec2-instance-previous-generation", "instance_old_" + tag, "violation");
    expect("aws-ec2-instance-previous-generation", "instance_current_" + tag, "compliant");
    expect("aws-ec2-instance-mandatory-tags", "instance_old_" + tag, "violation");
    expect("aws-ec2-instance-mandatory-tags", "instance_current_" + tag, "compliant");
    // Stopped just now; moto writes the time with "UTC" (AWS: "GMT"): read, not unknown.
    expect("aws-ec2-instance-stopped-long", "instance_old_" + tag, "compliant");
    expect("aws-ec2-snapshot-public", "snap_public_" + tag, "violation");
    expect("aws-ec2-snapshot-public", "snap_private_" + tag, "compliant");
    // moto writes "InstanceId": "" for an address it holds unassociated (AWS leaves it out).
    expect("aws-ec2-elastic-ip-unassociated", "eip_loose_" + tag, "violation");
    expect("aws-ec2-elastic-ip-unassociated", "eip_bound_" + tag, "compliant");
    // Resource policies of keys and repositories, file systems, databases.
    expect("aws-kms-key-public", "kms_open_" + tag, "violation");
    expect("aws-kms-key-public", "kms_rotated_" + tag, "compliant");
    expect("aws-ecr-repository-public", "ecr_open_" + tag, "violation");
    expect("aws-ecr-repository-public", "ecr_team_" + tag, "compliant");
    expect("aws-ecr-repository-outside-access", "ecr_team_" + tag, "compliant");
    expect("aws-efs-file-system-unencrypted", "efs_plain_" + tag, "violation");
    expect("aws-efs-file-system-unencrypted", "efs_sealed_" + tag, "compliant");
    expect("aws-rds-instance-publicly-accessible", "rds_exposed_" + tag, "violation");
    expect("aws-rds-instance-publicly-accessible", "rds_internal_" + tag, "compliant");
    expect("aws-rds-instance-storage-unencrypted", "rds_exposed_" + tag, "violation");
    expect("aws-rds-instance-storage-unencrypted", "rds_internal_" + tag, "compliant");
    expect("aws-rds-instance-auto-minor-upgrade-off", "rds_exposed_" + tag, "violation");
    expect("aws-rds-instance-auto-minor-upgrade-off", "rds_internal_" + tag, "compliant");
    expect("aws-dynamodb-table-mandatory-tags", "ddb_bare_" + tag, "violation");
    expect("aws-dynamodb-table-mandatory-tags", "ddb_tagged_" + tag, "compliant");
    // Load balancers: listeners, security groups and attributes.
    expect("aws-elbv2-internet-exposed", "alb_public_" + tag, "violation");
    expect("aws-elbv2-internet-exposed", "alb_inner_" + tag, "compliant");
    expect("aws-elbv2-access-logging", "alb_public_" + tag, "violation");
    expect("aws-elbv2-access-logging", "alb_inner_" + tag, "compliant");
  }
  expect("aws-ec2-vpc-flow-logs-disabled", "vpc_use", "compliant");
  expect("aws-ec2-vpc-flow-logs-disabled", "vpc_euw", "violation");
  // Regions: by default the pack allows the four US commercial regions only.
  expect("aws-ec2-instance-non-standard-region", "instance_current_use", "compliant");
  expect("aws-ec2-instance-non-standard-region", "instance_current_euw", "violation");
  expect("aws-s3-bucket-public", "bucket_public", "violation");
  expect("aws-s3-bucket-public", "bucket_private", "compliant");
  expect("aws-iam-role-trust-public", "role_vendor-open", "violation");
  expect("aws-iam-role-trust-public", "role_vendor-no-external-id", "compliant");
  expect("aws-iam-role-trust-outside-no-external-id", "role_vendor-no-external-id", "violation");
  expect("aws-iam-role-trust-outside-no-external-id", "role_vendor-external-id", "compliant");
  // Inline policy documents (fan-out calls: Get{Role,User,Group}Policy per name), the Lambda
  // execution role they make privileged, and GetBucketWebsite.
  expect("aws-iam-role-inline-full-admin", "role_lambda-admin", "violation");
  expect("aws-iam-role-inline-full-admin", "role_lambda-basic", "compliant");
  expect("aws-iam-role-inline-full-admin", "role_vendor-open", "compliant");  // no inline policy
  expect("aws-iam-role-privileged", "role_lambda-admin", "violation");
  expect("aws-iam-user-inline-full-admin", "user_ops-admin", "violation");
  expect("aws-iam-user-inline-full-admin", "user_reader", "compliant");
  expect("aws-iam-group-inline-full-admin", "group_readers", "compliant");
  expect("aws-iam-user-privileged", "user_ops-admin", "violation");
  expect("aws-iam-user-privileged", "user_reader", "compliant");
  expect("aws-lambda-function-admin-role", "function_admin-fn", "violation");
  expect("aws-lambda-function-admin-role", "function_basic-fn", "compliant");
  expect("aws-s3-bucket-website", "bucket_website", "violation");
  expect("aws-s3-bucket-website", "bucket_private", "compliant");
  expect("aws-s3-bucket-versioning-disabled", "bucket_public", "violation");
  expect("aws-s3-bucket-versioning-disabled", "bucket_private", "compliant");
  expect("aws-s3-bucket-public-access-block", "bucket_public", "violation");
  expect("aws-s3-bucket-public-access-block", "bucket_private", "compliant");
  expect("aws-s3-bucket-allows-http", "bucket_public", "violation");
  expect("aws-s3-bucket-allows-http", "bucket_private", "compliant");
  expect("aws-iam-policy-full-admin-attached", "policy_full-admin", "violation");
  expect("aws-iam-policy-full-admin-attached", "policy_reports-read", "compliant");
  expect("aws-iam-user-console-without-mfa", "user_ops-admin", "violation");
  expect("aws-iam-user-console-without-mfa", "user_reader", "compliant");
  expect("aws-lambda-function-public", "function_admin-fn", "violation");
  expect("aws-lambda-function-public", "function_basic-fn", "compliant");
  expect("aws-cloudtrail-log-file-validation", "trail_unvalidated", "violation");
  expect("aws-cloudtrail-log-file-validation", "trail_audited", "compliant");

  // Policies exercised: at least one finding that is not unknown (and those with both).
  std::map<std::string, std::set<std::string>> outcomes;
  for (const auto& [key, s] : status) outcomes[key.first].insert(s);
  size_t exercised = 0, both = 0;
  for (const auto& [policy, seen] : outcomes) {
    exercised += seen.count("violation") || seen.count("compliant");
    both += seen.count("violation") && seen.count("compliant");
  }
  EXPECT_GE(exercised, 130u);
  std::cout << fmt::format(
      "moto: {} findings, {} asserted; {} of {} policies with findings exercised (not only "
      "unknown), {} with both a violation and a compliant resource\n",
      report["findings"].size(), checked, exercised, outcomes.size(), both);
}

}  // namespace
}  // namespace vigil::aws
