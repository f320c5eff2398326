// `vigil report framework` end to end: the bundled CIS catalogue over the
// sample estate, and a control the data cannot judge reported unknown.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_fixture.h"

namespace {

using namespace vigil::cli_testing;

const nlohmann::json* control(const nlohmann::json& doc, const std::string& id,
                              const std::string& account) {
  for (const auto& c : doc["controls"])
    if (c["id"] == id && c["account"] == account) return &c;
  return nullptr;
}

TEST_F(Cli, ReportFrameworkJudgesEachControlPerAccount) {
  Outcome r = vigil("report framework cis-aws-3.0 --capture " VIGIL_SOURCE_DIR
                    "/examples/estate --now 2026-12-01 --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["framework"], "cis-aws-3.0");
  EXPECT_EQ(doc["data_time"], "2026-12-01T00:00:00Z");
  ASSERT_EQ(doc["accounts"].size(), 3u);
  EXPECT_EQ(doc["controls"].size(), 62u * 3);
  // Manual controls stay manual; root access keys (1.4) fail in the account that has one.
  ASSERT_NE(control(doc, "1.1", "111111111111"), nullptr);
  EXPECT_EQ((*control(doc, "1.1", "111111111111"))["status"], "manual");
  const nlohmann::json* keys = control(doc, "1.4", "222222222222");
  ASSERT_NE(keys, nullptr);
  EXPECT_EQ((*keys)["status"], "fail");
  ASSERT_FALSE((*keys)["evidence"].empty());
  EXPECT_EQ((*keys)["evidence"][0]["status"], "violation");
  EXPECT_EQ((*control(doc, "1.4", "111111111111"))["status"], "pass");
  double rate = doc["pass_rate"];
  EXPECT_GT(rate, 0.0);
  EXPECT_LT(rate, 1.0);

  Outcome one = vigil("report framework cis-aws-3.0 --capture " VIGIL_SOURCE_DIR
                      "/examples/estate --now 2026-12-01 --account 333333333333 --format csv");
  ASSERT_EQ(one.code, 0) << one.err;
  EXPECT_EQ(one.out.rfind("CONTROL,ACCOUNT,STATUS,LEVEL,TITLE,EVIDENCE\r\n", 0), 0u) << one.out;
  EXPECT_EQ(one.out.find("111111111111"), std::string::npos);
}

TEST_F(Cli, ReportFrameworkUnknownIsNeverAPass) {
  write("policies/p.yaml", R"(id: t-encrypted
title: Volume encrypted
resource: aws.ec2.volume
severity: medium
category: security
frameworks: {demo-1.0: ["1"]}
condition: resource.config.Encrypted == false
)");
  write("catalogs/demo.yaml", R"(id: demo-1.0
name: Demo
version: "1.0"
controls:
  - {id: "1", title: "Volumes encrypted", level: L1, assessment: automated}
  - {id: "2", title: "Nobody checks this", level: L1, assessment: automated}
)");
  auto inventory =
      write("inv.jsonl",
            R"({"id":"vol-1","type":"aws.ec2.volume","account":"111","region":"r","config":{}})"
            "\n");
  Outcome r = vigil("report framework demo-1.0 --inventory " + inventory.string() + " --policies " +
                    (dir_ / "policies").string() + " --catalogs " + (dir_ / "catalogs").string() +
                    " --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ((*control(doc, "1", "111"))["status"], "unknown");
  EXPECT_EQ((*control(doc, "2", "111"))["status"], "no-policy");
  EXPECT_EQ(doc["pass_rate"], 0.0);

  Outcome missing = vigil("report framework nope --inventory " + inventory.string() +
                          " --catalogs " + (dir_ / "catalogs").string());
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("no control catalogue for 'nope'"), std::string::npos) << missing.err;
}

}  // namespace
