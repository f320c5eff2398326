// Failed list calls and malformed list files: the scope (account x region x
// type) fails as a placeholder asset whose parts are unavailable, the rest
// of the capture loads, the result is partial. Unknown files: reported once.
#include <gtest/gtest.h>

#include "capture_fixture.h"

namespace vigil::aws {
namespace {

using testing::at_path;
using testing::CaptureDir;
using testing::has_problem;
using testing::read_ok;

void write_good_volumes(const CaptureDir& dir, const std::string& region) {
  testing::write_empty_lists(dir, "111111111111", region, "ec2");
  dir.write("111111111111/" + region + "/ec2/DescribeVolumes.json",
            R"({"Volumes": [{"VolumeId": "vol-1", "Encrypted": false, "Attachments": []}]})");
}

TEST(FailedScope, AFailedListCallBecomesAPlaceholderWhosePartsAreUnavailable) {
  CaptureDir dir;
  write_good_volumes(dir, "us-east-1");
  dir.write(
      "111111111111/us-east-1/ec2/DescribeSecurityGroups.json",
      R"({"Error": {"Code": "UnauthorizedOperation", "Message": "You are not authorized to perform this operation."}})");
  CaptureResult r = read_ok(dir);
  const Asset* failed =
      r.inventory.find("vigil:collection-failed/111111111111/us-east-1/aws.ec2.security-group");
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(failed->type, "aws.ec2.security-group");
  EXPECT_EQ(failed->account, "111111111111");
  EXPECT_EQ(failed->region, "us-east-1");
  for (const char* part : {"config", "tags", "relationships"}) {
    EXPECT_EQ(at_path(*failed, part).kind(), JsonKind::Unavailable) << part;
    EXPECT_EQ(at_path(*failed, part).as_string(),
              "DescribeSecurityGroups: UnauthorizedOperation: You are not authorized to perform "
              "this operation.");
  }
  EXPECT_EQ(at_path(*failed, "errors").size(), 3u);
  EXPECT_EQ(r.summary.failed_scopes, 1u);
  EXPECT_TRUE(r.summary.partial());
  EXPECT_EQ(r.summary.errors_by_code.at("UnauthorizedOperation"), 1u);
  // The rest loads.
  EXPECT_NE(r.inventory.find("arn:aws:ec2:us-east-1:111111111111:volume/vol-1"), nullptr);
}

TEST(FailedScope, AMalformedListFileNamesTheFileAndByteOffsetAndTheRestLoads) {
  CaptureDir dir;
  write_good_volumes(dir, "us-east-1");
  write_good_volumes(dir, "us-west-2");
  dir.write("111111111111/us-west-2/ec2/DescribeVolumes.json",
            "{\"Volumes\": [\n  {\"VolumeId\": \"vol-2\" \"Size\": 8}]}");
  CaptureResult r = read_ok(dir);
  EXPECT_TRUE(
      has_problem(r.summary, "us-west-2/ec2/DescribeVolumes.json: at byte 42: invalid JSON"))
      << ::testing::PrintToString(r.summary.problems);
  const Asset* failed =
      r.inventory.find("vigil:collection-failed/111111111111/us-west-2/aws.ec2.volume");
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(at_path(*failed, "errors").at(0).find("code").as_string(), "MalformedJSON");
  EXPECT_NE(r.inventory.find("arn:aws:ec2:us-east-1:111111111111:volume/vol-1"), nullptr);
  EXPECT_EQ(r.summary.malformed_files, 1u);
  EXPECT_TRUE(r.summary.partial());
}

TEST(FailedScope, AMissingListFileInACapturedServiceIsNotCaptured) {
  CaptureDir dir;
  dir.write("111111111111/us-east-1/ec2/DescribeVolumes.json",
            R"({"Volumes": []})");  // no DescribeInstances.json
  CaptureResult r = read_ok(dir);
  const Asset* failed =
      r.inventory.find("vigil:collection-failed/111111111111/us-east-1/aws.ec2.instance");
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(at_path(*failed, "errors").at(0).find("code").as_string(), "NotCaptured");
  // A service with no folder at all is simply not part of the capture.
  EXPECT_EQ(r.inventory.find("vigil:collection-failed/111111111111/us-east-1/aws.rds.db-instance"),
            nullptr);
}

TEST(FailedScope, AListOutputWithoutItsItemsMemberIsAnUnexpectedShape) {
  CaptureDir dir;
  testing::write_empty_lists(dir, "111111111111", "us-east-1", "ec2");
  dir.write("111111111111/us-east-1/ec2/DescribeVolumes.json", R"({"Snapshots": []})");
  CaptureResult r = read_ok(dir);
  const Asset* failed =
      r.inventory.find("vigil:collection-failed/111111111111/us-east-1/aws.ec2.volume");
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(at_path(*failed, "errors").at(0).find("code").as_string(), "UnexpectedShape");
}

TEST(FailedScope, ReverseRelationsFedByAFailedTypeAreUnavailable) {
  CaptureDir dir;
  testing::write_empty_lists(dir, "111111111111", "us-east-1", "ec2");
  dir.write("111111111111/us-east-1/ec2/DescribeSecurityGroups.json",
            R"({"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "a", "IpPermissions": []}]})");
  dir.write("111111111111/us-east-1/ec2/DescribeNetworkInterfaces.json",
            R"({"Error": {"Code": "RequestLimitExceeded", "Message": "Request limit exceeded."}})");
  CaptureResult r = read_ok(dir);
  const Asset* sg = r.inventory.find("arn:aws:ec2:us-east-1:111111111111:security-group/sg-1");
  ASSERT_NE(sg, nullptr);
  EXPECT_EQ(at_path(*sg, "relationships.network_interfaces").kind(), JsonKind::Unavailable);
  EXPECT_EQ(at_path(*sg, "config.GroupName").as_string(), "a");
}

TEST(UnknownFiles, AreReportedOnceAndIgnored) {
  CaptureDir dir;
  write_good_volumes(dir, "us-east-1");
  write_good_volumes(dir, "us-west-2");
  dir.write("111111111111/us-east-1/ec2/DescribeVolumeStatus.json", R"({"VolumeStatuses": []})");
  dir.write("111111111111/us-west-2/ec2/DescribeVolumeStatus.json", R"({"VolumeStatuses": []})");
  dir.write("111111111111/us-east-1/glacier/ListVaults.json", R"({"VaultList": []})");
  dir.write("111111111111/us-west-2/glacier/ListVaults.json", R"({"VaultList": []})");
  CaptureResult r = read_ok(dir);
  size_t status = 0, glacier = 0;
  for (const std::string& p : r.summary.problems) {
    status += p.find("unknown operation ec2/DescribeVolumeStatus") != std::string::npos;
    glacier += p.find("unknown service folder \"glacier\"") != std::string::npos;
  }
  EXPECT_EQ(status, 1u);
  EXPECT_EQ(glacier, 1u);
  EXPECT_FALSE(r.summary.partial());
  EXPECT_NE(r.inventory.find("arn:aws:ec2:us-west-2:111111111111:volume/vol-1"), nullptr);
}

TEST(CaptureRoot, ErrorsNameThePathAndTheExpectedLayout) {
  Result<CaptureResult> missing = read_capture("/nonexistent/capture");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("/nonexistent/capture: not a directory"),
            std::string::npos);
  CaptureDir empty;
  Result<CaptureResult> none = read_capture(empty.path());
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("no account folder"), std::string::npos);
}

}  // namespace
}  // namespace vigil::aws
