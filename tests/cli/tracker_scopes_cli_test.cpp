// `vigil scan --capture DIR --db`: the capture's collected scopes decide
// what may close. A type listed successfully with no resource left closes
// its violations as resource-deleted; a type whose list call failed keeps
// them open.
#include "tracker_cli_fixture.h"

namespace vigil::testing {
namespace {

using json = nlohmann::json;

size_t count_closed(const json& list, const std::string& account, const std::string& type, const std::string& why) {
  size_t n = 0;
  for (const json& v : list)
    if (v["asset"]["account"] == account && v["asset"]["type"] == type && v["status"] == "closed" &&
        v["close_reason"] == why)
      ++n;
  return n;
}

size_t count_status(const json& list, const std::string& account, const std::string& type, const std::string& status) {
  size_t n = 0;
  for (const json& v : list)
    if (v["asset"]["account"] == account && v["asset"]["type"] == type && v["status"] == status) ++n;
  return n;
}

TEST_F(TrackerCli, EmptiedTypeClosesAndFailedTypeKeepsViolations) {
  fs::path capture = dir_ / "estate";
  fs::copy(fs::path(VIGIL_SOURCE_DIR) / "examples" / "estate", capture, fs::copy_options::recursive);
  const std::string scan = "scan --capture '" + capture.string() + "' --format json --db '" + db_ + "'";
  Outcome first = vigil(scan + " --now 2026-11-20T10:00:00Z");
  ASSERT_TRUE(first.code == 0 || first.code == 3) << first.err;
  Outcome before = vigil("violations list --format json --db '" + db_ + "'");
  ASSERT_EQ(before.code, 0) << before.err;
  json open = json::parse(before.out);
  size_t buckets_open = count_status(open, "111111111111", "aws.s3.bucket", "open");
  // Unknown findings are stored too (what could not be checked): they close
  // with their bucket.
  size_t buckets_unknown = count_status(open, "111111111111", "aws.s3.bucket", "unknown");
  size_t groups_open = count_status(open, "222222222222", "aws.ec2.security-group", "open");
  ASSERT_GT(buckets_open, 0u);
  ASSERT_GT(groups_open, 0u);

  // Account 1 deleted every bucket; account 2's security group listing failed.
  std::ofstream(capture / "111111111111" / "global" / "s3" / "ListBuckets.json")
      << R"({"Buckets": [], "Owner": {"DisplayName": "acme", "ID": "1"}})";
  for (const char* region : {"us-east-1", "eu-west-1"}) {
    fs::path list = capture / "222222222222" / region / "ec2" / "DescribeSecurityGroups.json";
    if (!fs::exists(list)) continue;
    std::ofstream(list)  // an error file: the AWS error in place of the output
        << R"({"Error": {"Code": "AccessDenied", "Message": "not authorized to perform ec2:DescribeSecurityGroups"}})";
  }
  Outcome second = vigil(scan + " --now 2026-11-21T10:00:00Z");
  ASSERT_TRUE(second.code == 0 || second.code == 3) << second.err;
  Outcome after = vigil("violations list --format json --db '" + db_ + "'");
  ASSERT_EQ(after.code, 0) << after.err;
  json list = json::parse(after.out);
  EXPECT_EQ(count_closed(list, "111111111111", "aws.s3.bucket", "resource-deleted"),
            buckets_open + buckets_unknown)
      << after.out;
  EXPECT_EQ(count_status(list, "222222222222", "aws.ec2.security-group", "closed"), 0u);
  EXPECT_EQ(count_status(list, "222222222222", "aws.ec2.security-group", "open") +
                count_status(list, "222222222222", "aws.ec2.security-group", "unknown"),
            groups_open);
}

}  // namespace
}  // namespace vigil::testing
