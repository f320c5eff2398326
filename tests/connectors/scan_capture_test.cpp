// End to end through the vigil binary: `vigil scan --capture` over a capture
// with a failed scope reports `unknown` for that scope's policies (with the
// AWS error text), evaluates the rest, and exits 3 (partial).
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "capture_fixture.h"
#include "run_command.h"

namespace vigil::aws {
namespace {

TEST(ScanCapture, AFailedScopeYieldsUnknownFindingsAndExitStatus3) {
  std::string vigil = VIGIL_BINARY_DIR "/bin/vigil";
  if (!std::filesystem::exists(vigil))
    GTEST_SKIP() << "build the vigil target first: " << vigil << " is absent";
  testing::CaptureDir dir;
  for (std::string region : {"us-east-1", "eu-west-1"})
    testing::write_empty_lists(dir, "111111111111", region, "ec2");
  dir.write(
      "111111111111/us-east-1/ec2/DescribeSecurityGroups.json",
      R"({"Error": {"Code": "UnauthorizedOperation", "Message": "You are not authorized to perform this operation."}})");
  dir.write("111111111111/eu-west-1/ec2/DescribeSecurityGroups.json", R"({"SecurityGroups": [
    {"GroupId": "sg-0open", "GroupName": "open-ssh", "VpcId": "vpc-1", "OwnerId": "111111111111",
     "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
                        "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}],
     "IpPermissionsEgress": []}]})");
  testing::CommandOutcome r =
      testing::run_command(vigil + " scan --capture " + dir.path() +
                           " --policies " VIGIL_SOURCE_DIR
                           "/policies/aws/ec2_security_group_admin_ports_ipv4.yaml --format json");
  EXPECT_EQ(r.status, 3) << r.out;
  nlohmann::json report = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << r.out;
  std::string failed_status, open_status, failed_message;
  for (const auto& f : report["findings"]) {
    std::string id = f["asset"].value("id", std::string());
    if (id == "vigil:collection-failed/111111111111/us-east-1/aws.ec2.security-group") {
      failed_status = f.value("status", "");
      failed_message = f.value("message", "");
    }
    if (id == "arn:aws:ec2:eu-west-1:111111111111:security-group/sg-0open")
      open_status = f.value("status", "");
  }
  EXPECT_EQ(failed_status, "unknown") << r.out;
  EXPECT_NE(failed_message.find("UnauthorizedOperation"), std::string::npos) << r.out;
  EXPECT_EQ(open_status, "violation") << r.out;
}

}  // namespace
}  // namespace vigil::aws
