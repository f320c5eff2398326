#include "engine/report.h"

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine_fixture.h"

namespace vigil {
namespace {

using testing::kPolicies;
using testing::load_policies;
using testing::make_inventory;
using testing::synthetic_assets;

std::string render(const ScanResult& r, ReportFormat f) {
  std::ostringstream out;
  write_report(out, r, f,
               ReportScan{std::chrono::sys_days{std::chrono::year{2026} / 12 / 1}, true});
  return out.str();
}

class ReportTest : public ::testing::Test {
 protected:
  PolicySet policies = load_policies(kPolicies);
  Inventory inventory = make_inventory(synthetic_assets(6));
  ScanResult result = scan(inventory, policies);
};

TEST_F(ReportTest, JsonHasSummaryAndEveryFinding) {
  auto doc = nlohmann::json::parse(render(result, ReportFormat::Json));
  const auto& s = doc.at("summary");
  EXPECT_EQ(s.at("scanned_at"), "2026-12-01T00:00:00Z");
  EXPECT_EQ(s.at("partial"), true);
  EXPECT_EQ(s.at("assets"), 6);
  EXPECT_EQ(s.at("evaluations"), 9);
  EXPECT_EQ(s.at("violation"), 2);  // sg-0 port 22, vol-5 unencrypted
  EXPECT_EQ(s.at("unknown"), 1);    // sg-0 has no GroupName
  EXPECT_EQ(s.at("compliant"), 6);
  EXPECT_EQ(s.at("violations_by_severity").at("high"), 1);
  EXPECT_EQ(s.at("violations_by_severity").at("medium"), 1);
  EXPECT_EQ(s.at("violations_by_severity").at("critical"), 0);

  const auto& findings = doc.at("findings");
  ASSERT_EQ(findings.size(), 9u);
  const auto& first = findings.at(0);
  EXPECT_EQ(first.at("policy").at("id"), "t-open-port");
  EXPECT_FALSE(first.at("policy").at("title").get<std::string>().empty());
  EXPECT_TRUE(first.at("policy").contains("remediation"));
  EXPECT_EQ(first.at("policy").at("severity"), "high");
  EXPECT_EQ(first.at("policy").at("category"), "security");
  EXPECT_EQ(first.at("asset").at("id"), "sg-0");
  EXPECT_EQ(first.at("asset").at("type"), "aws.ec2.security-group");
  EXPECT_EQ(first.at("asset").at("account"), "111111111111");
  EXPECT_EQ(first.at("asset").at("region"), "us-east-1");
  EXPECT_EQ(first.at("status"), "violation");
  EXPECT_EQ(first.at("message"), "port 22 is open");
  EXPECT_EQ(findings.at(1).at("status"), "unknown");
  EXPECT_EQ(findings.at(2).at("status"), "compliant");
  EXPECT_EQ(findings.at(2).at("message"), "");
}

TEST_F(ReportTest, TableGroupsByPolicyMostSevereFirstWithCounts) {
  std::string t = render(result, ReportFormat::Table);
  EXPECT_NE(t.find("Scanned 6 assets, 9 evaluations"), std::string::npos) << t;
  size_t high = t.find("t-open-port [high] Port open");
  size_t medium = t.find("t-unencrypted [medium] Unencrypted");
  size_t low = t.find("t-sg-named [low] Security group has a name");
  ASSERT_NE(high, std::string::npos) << t;
  ASSERT_NE(medium, std::string::npos) << t;
  ASSERT_NE(low, std::string::npos) << t;
  EXPECT_LT(high, medium);
  EXPECT_LT(medium, low);
  EXPECT_NE(t.find("violations: 1, unknown: 0, compliant: 2", high), std::string::npos) << t;
  EXPECT_NE(t.find("VIOLATION sg-0 (111111111111 us-east-1)\n            port 22 is open"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("UNKNOWN   sg-0"), std::string::npos) << t;
  // Compliant assets are counted, not listed.
  EXPECT_EQ(t.find("sg-2"), std::string::npos) << t;
  EXPECT_EQ(t.find("t-disabled"), std::string::npos) << t;
}

TEST(Report, CsvQuotesPerRfc4180) {
  PolicySet policies = load_policies(R"(
id: t-csv
title: Quoting
resource: aws.s3.bucket
severity: info
category: governance
condition: "true"
message: "{{ resource.config.Note }}"
)");
  Inventory inventory = make_inventory({
      R"({"id":"plain","type":"aws.s3.bucket","config":{"Note":"simple"}})",
      R"({"id":"comma,id","type":"aws.s3.bucket","config":{"Note":"a, b"}})",
      R"({"id":"q","type":"aws.s3.bucket","config":{"Note":"say \"hi\""}})",
      R"({"id":"nl","type":"aws.s3.bucket","config":{"Note":"line1\nline2"}})",
  });
  std::string csv = render(scan(inventory, policies), ReportFormat::Csv);
  std::string expected =
      "policy_id,asset_id,type,account,region,severity,category,status,message\r\n"
      "t-csv,plain,aws.s3.bucket,,,info,governance,violation,simple\r\n"
      "t-csv,\"comma,id\",aws.s3.bucket,,,info,governance,violation,\"a, b\"\r\n"
      "t-csv,q,aws.s3.bucket,,,info,governance,violation,\"say \"\"hi\"\"\"\r\n"
      "t-csv,nl,aws.s3.bucket,,,info,governance,violation,\"line1\nline2\"\r\n";
  EXPECT_EQ(csv, expected);
}

TEST(Report, EmptyScanStillRenders) {
  PolicySet policies = load_policies(kPolicies);
  Inventory inventory = make_inventory({});
  ScanResult r = scan(inventory, policies);
  EXPECT_NE(render(r, ReportFormat::Table).find("No policy applies"), std::string::npos);
  auto doc = nlohmann::json::parse(render(r, ReportFormat::Json));
  EXPECT_TRUE(doc.at("findings").empty());
  EXPECT_EQ(render(r, ReportFormat::Csv),
            "policy_id,asset_id,type,account,region,severity,category,status,message\r\n");
}

}  // namespace
}  // namespace vigil
