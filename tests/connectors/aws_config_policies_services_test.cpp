// The bundled policies (policies/aws) over AWS Config items of the types
// mapped after the first ones (ACM, GuardDuty, SQS, EFS, ECR, Redshift,
// OpenSearch, CloudFront, VPC flow logs, IAM server certificates, Secrets
// Manager), through `vigil scan --format json`: what Config records gives the
// verdict a capture would; what it does not record gives `unknown`.
#include <gtest/gtest.h>

#include <filesystem>

#include "aws_config_fixture.h"
#include "aws_config_scan.h"

namespace vigil::aws_config::testing {
namespace {

const std::string kServicesAcct = "111111111111";

std::string arn(const std::string& service, const std::string& rest) {
  return "arn:aws:" + service + ":us-east-1:111111111111:" + rest;
}

json queue(const std::string& name, bool open) {
  json c = {{"QueueArn", arn("sqs", name)}, {"MessageRetentionPeriod", 345600.0}};
  if (open)
    c["Policy"] =
        R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":")" +
        arn("sqs", name) + "\"}]}";
  return item("AWS::SQS::Queue", "https://sqs.us-east-1.amazonaws.com/111111111111/" + name, c,
              arn("sqs", name));
}

json detector(const std::string& id, bool enabled) {
  return item("AWS::GuardDuty::Detector", id,
              {{"Id", id}, {"Enable", enabled}, {"FindingPublishingFrequency", "SIX_HOURS"}},
              arn("guardduty", "detector/" + id));
}

json file_system(const std::string& id, bool encrypted) {
  return item("AWS::EFS::FileSystem", id,
              {{"FileSystemId", id},
               {"Arn", arn("elasticfilesystem", "file-system/" + id)},
               {"Encrypted", encrypted}},  // no FileSystemPolicy member: not recorded
              arn("elasticfilesystem", "file-system/" + id));
}

json repository(const std::string& name, const json& policy) {
  return item("AWS::ECR::Repository", name,
              {{"RepositoryName", name},
               {"Arn", arn("ecr", "repository/" + name)},
               {"RepositoryPolicyText", policy}},
              arn("ecr", "repository/" + name));
}

json flow_log_vpc(const std::string& vpc) {
  return item("AWS::EC2::VPC", vpc, {{"vpcId", vpc}}, arn("ec2", "vpc/" + vpc));
}

void write_config(const aws::testing::CaptureDir& dir) {
  json items = json::array();
  items.push_back(item("AWS::ACM::Certificate", arn("acm", "certificate/c-1"),
                       {{"certificateArn", arn("acm", "certificate/c-1")},
                        {"domainName", "www.acme.example"},
                        {"status", "ISSUED"},
                        {"type", "AMAZON_ISSUED"},
                        {"notAfter", 1796860800000},  // 2026-12-10: within 30 days of the scan
                        {"inUseBy", json::array()}},
                       arn("acm", "certificate/c-1")));
  items.push_back(detector("d-off", false));
  items.push_back(detector("d-on", true));
  items.push_back(queue("open", true));
  items.push_back(queue("closed", false));
  items.push_back(file_system("fs-plain", false));
  items.push_back(
      repository("open", R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:*"}]})"));
  items.push_back(repository("private", json::object()));
  items.push_back(item("AWS::Redshift::Cluster", "analytics",
                       {{"clusterIdentifier", "analytics"}, {"publiclyAccessible", true}},
                       arn("redshift", "cluster:analytics")));
  items.push_back(flow_log_vpc("vpc-logged"));
  items.push_back(flow_log_vpc("vpc-bare"));
  items.push_back(
      item("AWS::EC2::FlowLog", "fl-1",
           {{"flowLogId", "fl-1"}, {"flowLogStatus", "ACTIVE"}, {"resourceId", "vpc-logged"}},
           arn("ec2", "vpc-flow-log/fl-1")));
  items.push_back(item("AWS::SecretsManager::Secret", arn("secretsmanager", "secret:db-AbCdEf"),
                       {{"ARN", arn("secretsmanager", "secret:db-AbCdEf")}, {"Name", "db"}},
                       arn("secretsmanager", "secret:db-AbCdEf")));
  dir.write(snapshot_path(kServicesAcct, "us-east-1", "r") + ".gz", gzip(snapshot(items).dump()));

  json global = json::array();
  global.push_back(item("AWS::IAM::ServerCertificate", "ASCA1",
                        {{"ServerCertificateName", "legacy"},
                         {"Path", "/"},
                         {"Arn", "arn:aws:iam::111111111111:server-certificate/legacy"}},
                        "arn:aws:iam::111111111111:server-certificate/legacy", "global"));
  global.push_back(item(
      "AWS::CloudFront::Distribution", "E2ABC",
      {{"id", "E2ABC"},
       {"arn", "arn:aws:cloudfront::111111111111:distribution/E2ABC"},
       {"domainName", "d111.cloudfront.net"},
       {"distributionConfig",
        {{"logging", {{"enabled", false}, {"bucket", ""}, {"prefix", ""}}}, {"enabled", true}}}},
      "arn:aws:cloudfront::111111111111:distribution/E2ABC"));
  dir.write(snapshot_path(kServicesAcct, "us-east-1", "g"), snapshot(global).dump());
}

TEST(AwsConfigPolicies, BundledPoliciesOnTheServiceTypes) {
  if (!std::filesystem::exists(kVigil))
    GTEST_SKIP() << kVigil << " is not built: build the `vigil` target to run this test";
  aws::testing::CaptureDir cfg;
  write_config(cfg);
  Scan s = run_scan("--aws-config", cfg.path());
  EXPECT_EQ(s.exit_code, 0);
  const std::vector<std::tuple<std::string, std::string, std::string>> expected = {
      {"aws-acm-certificate-expiring", arn("acm", "certificate/c-1"), "violation"},
      {"aws-guardduty-detector-suspended", arn("guardduty", "detector/d-off"), "violation"},
      {"aws-guardduty-detector-suspended", arn("guardduty", "detector/d-on"), "compliant"},
      {"aws-sqs-queue-public", arn("sqs", "open"), "violation"},
      {"aws-sqs-queue-public", arn("sqs", "closed"), "compliant"},  // no Policy attribute
      {"aws-efs-file-system-unencrypted", arn("elasticfilesystem", "file-system/fs-plain"),
       "violation"},
      // The item does not say whether the file system has a policy.
      {"aws-efs-file-system-public", arn("elasticfilesystem", "file-system/fs-plain"), "unknown"},
      {"aws-ecr-repository-public", arn("ecr", "repository/open"), "violation"},
      {"aws-ecr-repository-public", arn("ecr", "repository/private"), "compliant"},  // {}: none
      {"aws-redshift-cluster-publicly-accessible", arn("redshift", "cluster:analytics"),
       "violation"},
      {"aws-ec2-vpc-flow-logs-disabled", arn("ec2", "vpc/vpc-logged"), "compliant"},
      {"aws-ec2-vpc-flow-logs-disabled", arn("ec2", "vpc/vpc-bare"), "violation"},
      {"aws-cloudfront-access-logging", "arn:aws:cloudfront::111111111111:distribution/E2ABC",
       "violation"},
      // Config records neither a server certificate's expiry nor a secret's resource policy.
      {"aws-iam-server-certificate-expired", "arn:aws:iam::111111111111:server-certificate/legacy",
       "unknown"},
      {"aws-secretsmanager-secret-public", arn("secretsmanager", "secret:db-AbCdEf"), "unknown"},
  };
  for (const auto& [policy, asset, status] : expected)
    EXPECT_EQ(s.status[std::pair(policy, asset)], status) << policy << " on " << asset;
}

}  // namespace
}  // namespace vigil::aws_config::testing
