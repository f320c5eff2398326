// Collected scopes: the capture reader and the AWS Config reader list every
// (account, region, type) they read, ok (with its asset count, zero
// included) or failed (with the error), so the tracker can close the
// violations of a type that was listed successfully and is now empty.
#include <gtest/gtest.h>

#include <map>

#include "aws_config_fixture.h"
#include "capture_fixture.h"

namespace vigil::aws {
namespace {

using testing::CaptureDir;
using testing::read_ok;

std::map<std::string, CollectedScope> by_key(const std::vector<CollectedScope>& scopes) {
  std::map<std::string, CollectedScope> out;
  for (const CollectedScope& s : scopes) {
    std::string key = s.account + "/" + s.region + "/" + s.type;
    EXPECT_TRUE(out.emplace(key, s).second) << "listed twice: " << key;
  }
  return out;
}

TEST(CaptureScopes, EveryTypeOfAReadFolderIsAScopeOkOrFailed) {
  CaptureDir dir;
  testing::write_empty_lists(dir, "111111111111", "us-east-1", "ec2");
  dir.write("111111111111/us-east-1/ec2/DescribeVolumes.json",
            R"({"Volumes": [{"VolumeId": "vol-1", "Encrypted": false, "Attachments": []},
                            {"VolumeId": "vol-2", "Encrypted": true, "Attachments": []}]})");
  dir.write("111111111111/us-east-1/ec2/DescribeSecurityGroups.json",
            R"({"Error": {"Code": "UnauthorizedOperation", "Message": "not authorized"}})");
  CaptureResult r = read_ok(dir);
  auto scopes = by_key(r.summary.scopes);
  size_t ec2_types = 0;
  for (const ResourceType& t : resource_catalog()) ec2_types += t.service == "ec2" && !t.global;
  EXPECT_EQ(scopes.size(), ec2_types + 1);  // + aws.account

  const CollectedScope& volumes = scopes.at("111111111111/us-east-1/aws.ec2.volume");
  EXPECT_TRUE(volumes.ok);
  EXPECT_EQ(volumes.assets, 2u);
  const CollectedScope& groups = scopes.at("111111111111/us-east-1/aws.ec2.security-group");
  EXPECT_FALSE(groups.ok);
  EXPECT_EQ(groups.error, "UnauthorizedOperation: not authorized");
  EXPECT_EQ(groups.assets, 0u);
  const CollectedScope& account = scopes.at("111111111111/global/aws.account");
  EXPECT_TRUE(account.ok);
  EXPECT_EQ(account.assets, 1u);
  size_t empty_ok = 0;  // listed successfully, nothing there: still a scope
  for (const auto& [key, s] : scopes) empty_ok += s.ok && s.assets == 0;
  EXPECT_EQ(empty_ok, ec2_types - 2);
}

TEST(CaptureScopes, AMissingListFileFailsItsScope) {
  CaptureDir dir;
  dir.write("222222222222/eu-west-1/ec2/DescribeVolumes.json", R"({"Volumes": []})");
  CaptureResult r = read_ok(dir);
  auto scopes = by_key(r.summary.scopes);
  EXPECT_TRUE(scopes.at("222222222222/eu-west-1/aws.ec2.volume").ok);
  const CollectedScope& instances = scopes.at("222222222222/eu-west-1/aws.ec2.instance");
  EXPECT_FALSE(instances.ok);
  EXPECT_EQ(instances.error.rfind("NotCaptured: ", 0), 0u) << instances.error;
}

TEST(AwsConfigScopes, SnapshotsMakeTheirRegionOkHistoryAndApiOutputMakeNone) {
  using namespace aws_config::testing;
  CaptureDir dir;
  json volume = item("AWS::EC2::Volume", "vol-1", {{"volumeId", "vol-1"}, {"encrypted", true}},
                     "arn:aws:ec2:us-east-1:111111111111:volume/vol-1");
  dir.write(snapshot_path("111111111111", "us-east-1", "a"), snapshot({volume}).dump());
  dir.write(snapshot_path("111111111111", "eu-west-1", "b"),
            "{\"configurationItems\": [");  // malformed
  json other = item("AWS::EC2::Volume", "vol-9", {{"volumeId", "vol-9"}, {"encrypted", true}},
                    "arn:aws:ec2:us-east-2:333333333333:volume/vol-9", "us-east-2", "333333333333");
  dir.write("api/history.json", snapshot({other}).dump());  // not a delivered snapshot: no scope
  aws_config::AwsConfigResult r = aws_config::testing::read_ok(dir.path());
  auto scopes = by_key(r.summary.read.scopes);
  const CollectedScope& volumes = scopes.at("111111111111/us-east-1/aws.ec2.volume");
  EXPECT_TRUE(volumes.ok);
  EXPECT_EQ(volumes.assets, 1u);
  EXPECT_TRUE(
      scopes.at("111111111111/us-east-1/aws.ec2.security-group").ok);  // none recorded: still ok
  EXPECT_TRUE(scopes.at("111111111111/global/aws.account").ok);
  const CollectedScope& failed = scopes.at("111111111111/eu-west-1/aws.ec2.volume");
  EXPECT_FALSE(failed.ok);
  EXPECT_EQ(failed.error.rfind("MalformedJSON: ", 0), 0u) << failed.error;
  for (const auto& [key, s] : scopes) EXPECT_EQ(key.find("333333333333"), std::string::npos) << key;
}

}  // namespace
}  // namespace vigil::aws
