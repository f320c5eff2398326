// Collection added for the policy pack (issue 5): VPC flow logs (reverse
// `flow_logs` on VPCs), EBS snapshot createVolumePermission, KMS aliases
// (`key` / reverse `aliases`), GuardDuty detectors with GetDetector, ELBv2
// target groups with their target health (reverse `target_groups`).
#include <gtest/gtest.h>

#include <cctype>

#include "capture_fixture.h"

namespace vigil::aws {
namespace {

using testing::at_path;
using testing::CaptureDir;
using testing::get;
using testing::read_ok;
using testing::strings_at;
using testing::write_empty_lists;

const std::string kAcct = "111111111111";
const std::string kRegion = kAcct + "/us-east-1/";

std::string percent(const std::string& key) {
  std::string out;
  for (unsigned char c : key) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      static const char* hex = "0123456789ABCDEF";
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

TEST(PackTypes, FlowLogsAttachToTheirVpcOnly) {
  CaptureDir dir;
  write_empty_lists(dir, kAcct, "us-east-1", "ec2");
  dir.write(kRegion + "ec2/DescribeVpcs.json", R"({"Vpcs": [
    {"VpcId": "vpc-0logged0000000001", "CidrBlock": "10.0.0.0/16", "IsDefault": false},
    {"VpcId": "vpc-0silent0000000002", "CidrBlock": "10.1.0.0/16", "IsDefault": true}]})");
  dir.write(kRegion + "ec2/DescribeFlowLogs.json", R"({"FlowLogs": [
    {"FlowLogId": "fl-0aaa", "ResourceId": "vpc-0logged0000000001", "FlowLogStatus": "ACTIVE", "TrafficType": "ALL",
     "LogDestinationType": "s3", "LogDestination": "arn:aws:s3:::logs/vpc/", "Tags": [{"Key": "Name", "Value": "main-flows"}]},
    {"FlowLogId": "fl-0bbb", "ResourceId": "subnet-0sub", "FlowLogStatus": "ACTIVE", "TrafficType": "REJECT"}]})");
  CaptureResult r = read_ok(dir);
  const Asset& log = get(r, "arn:aws:ec2:us-east-1:111111111111:vpc-flow-log/fl-0aaa");
  EXPECT_EQ(log.type, "aws.ec2.flow-log");
  EXPECT_EQ(log.name, "main-flows");
  EXPECT_EQ(at_path(log, "config.TrafficType").as_string(), "ALL");
  const Asset& logged = get(r, "arn:aws:ec2:us-east-1:111111111111:vpc/vpc-0logged0000000001");
  EXPECT_EQ(strings_at(logged, "relationships.flow_logs"),
            (std::vector<std::string>{"arn:aws:ec2:us-east-1:111111111111:vpc-flow-log/fl-0aaa"}));
  // A VPC without flow log has an empty list (none), not a missing one (unknown);
  // the subnet-level flow log attaches to no VPC.
  const Asset& silent = get(r, "arn:aws:ec2:us-east-1:111111111111:vpc/vpc-0silent0000000002");
  JsonRef none = at_path(silent, "relationships.flow_logs");
  ASSERT_TRUE(none.valid());
  EXPECT_EQ(none.kind(), JsonKind::Array);
  EXPECT_EQ(none.size(), 0u);
  EXPECT_EQ(r.summary.failed_scopes, 0u);
}

TEST(PackTypes, FailedFlowLogListingMakesVpcFlowLogsUnavailable) {
  CaptureDir dir;
  write_empty_lists(dir, kAcct, "us-east-1", "ec2");
  dir.write(kRegion + "ec2/DescribeVpcs.json", R"({"Vpcs": [{"VpcId": "vpc-01", "CidrBlock": "10.0.0.0/16"}]})");
  dir.write(kRegion + "ec2/DescribeFlowLogs.json",
            R"({"Error": {"Code": "UnauthorizedOperation", "Message": "You are not authorized to perform this operation."}})");
  CaptureResult r = read_ok(dir);
  const Asset& vpc = get(r, "arn:aws:ec2:us-east-1:111111111111:vpc/vpc-01");
  EXPECT_EQ(at_path(vpc, "relationships.flow_logs").kind(), JsonKind::Unavailable);
  EXPECT_EQ(r.summary.failed_scopes, 1u);
}

TEST(PackTypes, SnapshotCreateVolumePermissions) {
  CaptureDir dir;
  write_empty_lists(dir, kAcct, "us-east-1", "ec2");
  dir.write(kRegion + "ec2/DescribeSnapshots.json", R"({"Snapshots": [
    {"SnapshotId": "snap-0pub", "OwnerId": "111111111111", "VolumeId": "vol-1", "State": "completed"},
    {"SnapshotId": "snap-0denied", "OwnerId": "111111111111", "VolumeId": "vol-2", "State": "completed"}]})");
  dir.write(kRegion + "ec2/DescribeSnapshotAttribute/snap-0pub.json",
            R"({"CreateVolumePermissions": [{"Group": "all"}], "SnapshotId": "snap-0pub"})");
  dir.write(kRegion + "ec2/DescribeSnapshotAttribute/snap-0denied.json",
            R"({"Error": {"Code": "UnauthorizedOperation", "Message": "denied"}})");
  CaptureResult r = read_ok(dir);
  const Asset& pub = get(r, "arn:aws:ec2:us-east-1::snapshot/snap-0pub");
  EXPECT_EQ(at_path(pub, "config.SnapshotAttribute.CreateVolumePermissions").at(0).find("Group").as_string(), "all");
  const Asset& denied = get(r, "arn:aws:ec2:us-east-1::snapshot/snap-0denied");
  EXPECT_EQ(at_path(denied, "config.SnapshotAttribute").kind(), JsonKind::Unavailable);
  EXPECT_EQ(at_path(denied, "errors").at(0).find("operation").as_string(), "DescribeSnapshotAttribute");
}

TEST(PackTypes, KmsAliasesPointToKeys) {
  CaptureDir dir;
  const std::string key_id = "1234abcd-12ab-34cd-56ef-1234567890ab";
  dir.write(kRegion + "kms/ListKeys.json", R"({"Keys": [{"KeyId": ")" + key_id +
                                               R"(", "KeyArn": "arn:aws:kms:us-east-1:111111111111:key/)" + key_id + R"("}]})");
  dir.write(kRegion + "kms/DescribeKey/" + key_id + ".json", R"({"KeyMetadata": {"KeyManager": "CUSTOMER"}})");
  dir.write(kRegion + "kms/GetKeyRotationStatus/" + key_id + ".json", R"({"KeyRotationEnabled": true})");
  dir.write(kRegion + "kms/GetKeyPolicy/" + key_id + ".json", R"({"PolicyName": "default", "Policy": "{\"Statement\": []}"})");
  dir.write(kRegion + "kms/ListResourceTags/" + key_id + ".json", R"({"Tags": [], "Truncated": false})");
  dir.write(kRegion + "kms/ListAliases.json", R"({"Aliases": [
    {"AliasName": "alias/app-data", "AliasArn": "arn:aws:kms:us-east-1:111111111111:alias/app-data", "TargetKeyId": ")" +
                                                  key_id + R"("},
    {"AliasName": "alias/aws/rds", "AliasArn": "arn:aws:kms:us-east-1:111111111111:alias/aws/rds"}]})");
  CaptureResult r = read_ok(dir);
  const std::string key_arn = "arn:aws:kms:us-east-1:111111111111:key/" + key_id;
  const Asset& alias = get(r, "arn:aws:kms:us-east-1:111111111111:alias/app-data");
  EXPECT_EQ(alias.type, "aws.kms.alias");
  EXPECT_EQ(alias.name, "alias/app-data");
  EXPECT_EQ(strings_at(alias, "relationships.key"), std::vector<std::string>{key_arn});
  EXPECT_EQ(strings_at(get(r, key_arn), "relationships.aliases"),
            std::vector<std::string>{"arn:aws:kms:us-east-1:111111111111:alias/app-data"});
  // An alias pointing to no key yet has no key edge.
  EXPECT_TRUE(strings_at(get(r, "arn:aws:kms:us-east-1:111111111111:alias/aws/rds"), "relationships.key").empty());
}

TEST(PackTypes, GuardDutyDetectorsWithStatus) {
  CaptureDir dir;
  dir.write(kRegion + "guardduty/ListDetectors.json", R"({"DetectorIds": ["d0a1b2c3", "d0e1f2a3"]})");
  dir.write(kRegion + "guardduty/GetDetector/d0a1b2c3.json",
            R"({"Status": "ENABLED", "FindingPublishingFrequency": "SIX_HOURS", "Tags": {"Environment": "prod"}})");
  dir.write(kRegion + "guardduty/GetDetector/d0e1f2a3.json", R"({"Status": "DISABLED", "Tags": {}})");
  CaptureResult r = read_ok(dir);
  const Asset& on = get(r, "arn:aws:guardduty:us-east-1:111111111111:detector/d0a1b2c3");
  EXPECT_EQ(on.type, "aws.guardduty.detector");
  EXPECT_EQ(at_path(on, "config.DetectorId").as_string(), "d0a1b2c3");
  EXPECT_EQ(at_path(on, "config.Detector.Status").as_string(), "ENABLED");
  EXPECT_EQ(at_path(on, "tags.Environment").as_string(), "prod");
  EXPECT_EQ(at_path(get(r, "arn:aws:guardduty:us-east-1:111111111111:detector/d0e1f2a3"), "config.Detector.Status")
                .as_string(),
            "DISABLED");
  // The same ListDetectors file still feeds the account setting.
  const Asset* account = r.inventory.account_asset(kAcct);
  ASSERT_NE(account, nullptr);
  EXPECT_EQ(at_path(*account, "config.Detectors.us-east-1.DetectorIds").size(), 2u);
}

TEST(PackTypes, TargetGroupsWithHealthAttachToLoadBalancers) {
  CaptureDir dir;
  const std::string lb = "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/50dc6c495c0c9188";
  const std::string idle = "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/idle/60dc6c495c0c9188";
  const std::string tg = "arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/web-tg/73e2d6bc24d8a067";
  dir.write(kRegion + "elbv2/DescribeLoadBalancers.json", R"({"LoadBalancers": [
    {"LoadBalancerArn": ")" + lb + R"(", "LoadBalancerName": "web", "Type": "application", "Scheme": "internet-facing"},
    {"LoadBalancerArn": ")" + idle + R"(", "LoadBalancerName": "idle", "Type": "application", "Scheme": "internal"}]})");
  for (const std::string& arn : {lb, idle}) {
    dir.write(kRegion + "elbv2/DescribeLoadBalancerAttributes/" + percent(arn) + ".json", R"({"Attributes": []})");
    dir.write(kRegion + "elbv2/DescribeListeners/" + percent(arn) + ".json", R"({"Listeners": []})");
    dir.write(kRegion + "elbv2/DescribeTags/" + percent(arn) + ".json", R"({"TagDescriptions": []})");
  }
  dir.write(kRegion + "elbv2/DescribeTargetGroups.json", R"({"TargetGroups": [
    {"TargetGroupArn": ")" + tg + R"(", "TargetGroupName": "web-tg", "Protocol": "HTTP", "Port": 8080,
     "VpcId": "vpc-01", "TargetType": "instance", "LoadBalancerArns": [")" + lb + R"("]}]})");
  dir.write(kRegion + "elbv2/DescribeTargetHealth/" + percent(tg) + ".json", R"({"TargetHealthDescriptions": [
    {"Target": {"Id": "i-0abc", "Port": 8080}, "HealthCheckPort": "8080", "TargetHealth": {"State": "healthy"}}]})");
  CaptureResult r = read_ok(dir);
  const Asset& group = get(r, tg);
  EXPECT_EQ(group.type, "aws.elbv2.target-group");
  EXPECT_EQ(group.name, "web-tg");
  EXPECT_EQ(strings_at(group, "relationships.load_balancers"), std::vector<std::string>{lb});
  EXPECT_EQ(at_path(group, "config.TargetHealth.TargetHealthDescriptions").size(), 1u);
  EXPECT_EQ(strings_at(get(r, lb), "relationships.target_groups"), std::vector<std::string>{tg});
  JsonRef none = at_path(get(r, idle), "relationships.target_groups");
  ASSERT_TRUE(none.valid());
  EXPECT_EQ(none.size(), 0u);
}

}  // namespace
}  // namespace vigil::aws
