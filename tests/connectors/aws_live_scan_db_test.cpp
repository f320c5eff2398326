// `vigil scan --aws --db FILE` through the vigil binary, against the replay
// server serving the small estate (aws_live_estate.h): the scan recorded in
// the store names its source, its kind and what was collected (the account,
// the regions and types), not a folder, and its violations open.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "aws_live_estate.h"
#include "capture_fixture.h"
#include "run_command.h"

namespace vigil::aws {
namespace {

namespace fs = std::filesystem;

TEST(AwsLiveScanDb, RecordsTheCollectedAccountsAndRegionsAsTheScope) {
  std::string vigil = VIGIL_BINARY_DIR "/bin/vigil";
  if (!fs::exists(vigil)) GTEST_SKIP() << "build the vigil target first: " << vigil << " is absent";
  ModelRepository models;
  if (!fs::exists(models.root()))
    GTEST_SKIP() << "python3-botocore models absent: " << models.root();
  testing::ReplayServer server;
  testing::serve_estate(server, models, "111111111111", "AKIDSCANDBEXAMPLE");
  testing::CaptureDir dir;
  const std::string db = dir.path() + "/vigil.db";
  std::string env =
      "env -i PATH=/usr/bin:/bin HOME=/nonexistent AWS_EC2_METADATA_DISABLED=true "
      "AWS_ACCESS_KEY_ID=AKIDSCANDBEXAMPLE AWS_SECRET_ACCESS_KEY=secret TMPDIR=" +
      dir.path() + " ";
  testing::CommandOutcome scan = testing::run_command(
      env + vigil + " scan --aws --endpoint-url " + server.url() +
      " --regions us-east-1 --types ec2,kms --now 2026-11-26T12:00:00Z --format json --policies " +
      VIGIL_SOURCE_DIR "/policies/aws --db " + db);
  EXPECT_EQ(scan.status, 0) << scan.out.substr(0, 2000);
  EXPECT_TRUE(server.problems().empty()) << ::testing::PrintToString(server.problems());

  testing::CommandOutcome scans =
      testing::run_command(vigil + " scans list --format json --db " + db);
  ASSERT_EQ(scans.status, 0);
  nlohmann::json list = nlohmann::json::parse(scans.out, nullptr, false);
  ASSERT_TRUE(list.is_array() && list.size() == 1u) << scans.out;
  nlohmann::json expected =
      nlohmann::json::parse(R"({"sources": ["cli"], "kind": "aws", "accounts": ["111111111111"],
      "regions": ["us-east-1"], "types": ["ec2", "kms"]})");
  expected["policies"] = {VIGIL_SOURCE_DIR "/policies/aws"};  // --policies: an ad-hoc subset
  EXPECT_EQ(list[0]["scope"], expected) << list[0].dump();

  testing::CommandOutcome open =
      testing::run_command(vigil + " violations list --status open --format json --db " + db);
  ASSERT_EQ(open.status, 0);
  nlohmann::json violations = nlohmann::json::parse(open.out, nullptr, false);
  ASSERT_TRUE(violations.is_array()) << open.out;
  std::set<std::string> ids;
  for (const auto& v : violations)
    ids.insert(v["policy"]["id"].get<std::string>() + " " + v["asset"]["id"].get<std::string>());
  EXPECT_TRUE(
      ids.count("aws-ec2-security-group-admin-ports-open-ipv4 "
                "arn:aws:ec2:us-east-1:111111111111:security-group/sg-0open"))
      << open.out.substr(0, 2000);
  EXPECT_TRUE(
      ids.count("aws-kms-key-rotation-disabled "
                "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"));
  // The temporary capture folder (under TMPDIR) is gone; only the store remains.
  for (const auto& e : fs::directory_iterator(dir.path()))
    EXPECT_TRUE(e.path().filename().string().starts_with("vigil.db")) << e.path();
}

}  // namespace
}  // namespace vigil::aws
