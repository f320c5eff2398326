#include "engine/report.h"
#include "engine/report_table.h"

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/text_fit.h"
#include "engine_fixture.h"

namespace vigil {
namespace {

using testing::kPolicies;
using testing::load_policies;
using testing::make_inventory;
using testing::synthetic_assets;

std::string last_line(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text.substr(text.rfind('\n') + 1);
}

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
  size_t high = t.find("t-open-port [high] Port open");
  size_t medium = t.find("t-unencrypted [medium] Unencrypted");
  size_t low = t.find("t-sg-named [low] Security group has a name");
  ASSERT_NE(high, std::string::npos) << t;
  ASSERT_NE(medium, std::string::npos) << t;
  ASSERT_NE(low, std::string::npos) << t;
  EXPECT_EQ(high, 0u) << "what failed comes first\n" << t;
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
  EXPECT_EQ(t.find("\033["), std::string::npos) << "no colour unless asked";
}

TEST_F(ReportTest, TableSummaryComesLast) {
  std::string t = render(result, ReportFormat::Table);
  size_t summary = t.find("\nScanned 6 assets, 9 evaluations in ");
  ASSERT_NE(summary, std::string::npos) << t;
  EXPECT_GT(summary, t.find("t-sg-named")) << t;
  std::string tail = t.substr(summary);
  EXPECT_NE(tail.find("; data as of 2026-12-01T00:00:00Z\n"), std::string::npos) << tail;
  EXPECT_NE(tail.find("\n  2 violations (1 high, 1 medium), 1 unknown, 6 compliant\n"),
            std::string::npos)
      << tail;
  EXPECT_NE(tail.find("\n  3 policies: 3 with violations or unknowns, 0 compliant\n"),
            std::string::npos)
      << tail;
  // The data was partial: said last, where it is read.
  EXPECT_NE(last_line(t).find("Partial data:"), std::string::npos) << t;

  std::ostringstream whole;
  write_table(whole, result, ReportScan{std::chrono::sys_days{std::chrono::year{2026} / 12 / 1}});
  EXPECT_EQ(whole.str().find("Partial data"), std::string::npos) << whole.str();
}

// A pack where one policy applies and passes everywhere.
class TableLayoutTest : public ::testing::Test {
 protected:
  std::string table(const TableLayout& layout) {
    std::ostringstream out;
    write_table(out, result, ReportScan{}, layout);
    return out.str();
  }
  PolicySet policies = load_policies(std::string(kPolicies) + R"(
---
id: t-always-fine
title: Volumes exist
resource: aws.ec2.volume
severity: critical
category: security
condition: "false"
)");
  Inventory inventory = make_inventory(synthetic_assets(6));
  ScanResult result = scan(inventory, policies);
};

TEST_F(TableLayoutTest, CompliantPoliciesOnlyWithAll) {
  std::string failing = table({});
  EXPECT_EQ(failing.find("t-always-fine"), std::string::npos) << failing;
  EXPECT_NE(failing.find("4 policies: 3 with violations or unknowns, 1 compliant (listed with "
                         "--all)"),
            std::string::npos)
      << failing;
  std::string all = table({.all = true});
  size_t fine = all.find(
      "t-always-fine [critical] Volumes exist\n  violations: 0, unknown: 0, "
      "compliant: 3\n");
  ASSERT_NE(fine, std::string::npos) << all;
  // Listed after every failing policy, although more severe.
  EXPECT_GT(fine, all.find("t-sg-named")) << all;
  EXPECT_EQ(all.find("(listed with --all)"), std::string::npos) << all;
}

TEST_F(TableLayoutTest, ColourBySeverityAndStatusOnlyWhenAsked) {
  std::string plain = table({});
  EXPECT_EQ(plain.find('\033'), std::string::npos);
  std::string coloured = table({.color = true});
  EXPECT_NE(coloured.find("\033[31m[high]\033[0m"), std::string::npos) << coloured;
  EXPECT_NE(coloured.find("\033[33m[medium]\033[0m"), std::string::npos) << coloured;
  EXPECT_NE(coloured.find("  \033[31mVIOLATION\033[0m sg-0"), std::string::npos) << coloured;
  EXPECT_NE(coloured.find("  \033[33mUNKNOWN\033[0m   sg-0"), std::string::npos) << coloured;
  // The text is the same once the colours are taken out.
  std::string stripped;
  for (size_t i = 0; i < coloured.size(); ++i) {
    if (coloured[i] == '\033')
      i = coloured.find('m', i);
    else
      stripped += coloured[i];
  }
  EXPECT_EQ(stripped, plain);
}

TEST_F(TableLayoutTest, ByAssetWorstFirst) {
  std::string t = table({.view = TableView::ByAsset});
  size_t sg0 = t.find(
      "sg-0 aws.ec2.security-group (111111111111 us-east-1)\n"
      "  violations: 1, unknown: 1, compliant: 0\n"
      "  VIOLATION t-open-port [high]\n"
      "            port 22 is open\n"
      "  UNKNOWN   t-sg-named [low]\n");
  size_t vol5 = t.find(
      "vol-5 aws.ec2.volume (222222222222 eu-west-1)\n"
      "  violations: 1, unknown: 0, compliant: 1\n"
      "  VIOLATION t-unencrypted [medium]\n");
  ASSERT_NE(sg0, std::string::npos) << t;
  ASSERT_NE(vol5, std::string::npos) << t;
  EXPECT_EQ(sg0, 0u) << t;
  EXPECT_LT(sg0, vol5);
  EXPECT_EQ(t.find("sg-2"), std::string::npos) << t;
  EXPECT_NE(t.find("6 assets: 2 with violations or unknowns, 4 compliant (listed with --all)"),
            std::string::npos)
      << t;
  std::string all = table({.view = TableView::ByAsset, .all = true});
  size_t sg2 = all.find("sg-2 aws.ec2.security-group"), vol3 = all.find("vol-3 aws.ec2.volume");
  ASSERT_NE(sg2, std::string::npos) << all;
  EXPECT_GT(sg2, all.find("vol-5")) << all;
  EXPECT_LT(sg2, vol3) << all;
}

// The header and finding lines of `text` (not the messages, the counts and
// the summary, which are prose) fit `columns`.
void expect_fits(const std::string& text, size_t columns) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("Scanned ", 0) == 0) break;  // the summary
    bool header = !line.empty() && line[0] != ' ';
    bool finding = line.rfind("  VIOLATION", 0) == 0 || line.rfind("  UNKNOWN", 0) == 0;
    if (header || finding) {
      EXPECT_LE(display_width(line), columns) << line;
    }
  }
}

TEST(ReportTable, LongIdsLoseTheirMiddleToFitTheWidth) {
  const std::string id =
      "arn:aws:iam::123456789012:role/service-role/a-role-with-a-very-long-name-indeed";
  PolicySet policies = load_policies(R"(
id: t-a-policy-id-that-is-long-enough-to-need-cutting
title: A title that is long enough to be cut at its end when the terminal is narrow
resource: aws.iam.role
severity: high
category: security
condition: "true"
message: "the role is there"
)");
  Inventory inventory =
      make_inventory({R"({"id":")" + id +
                      R"(","type":"aws.iam.role","account":"123456789012","region":"global"})"});
  ScanResult result = scan(inventory, policies);
  for (TableView view : {TableView::ByPolicy, TableView::ByAsset}) {
    std::ostringstream wide, narrow;
    write_table(wide, result, ReportScan{}, {.view = view});
    write_table(narrow, result, ReportScan{}, {.view = view, .columns = 60});
    EXPECT_NE(wide.str().find(id), std::string::npos) << "no limit: whole ids\n" << wide.str();
    EXPECT_EQ(narrow.str().find(id), std::string::npos) << narrow.str();
    expect_fits(narrow.str(), 60);
    // The id's line keeps its start and its end, and says it was cut.
    std::istringstream lines(narrow.str());
    bool seen = false;
    for (std::string line; std::getline(lines, line);) {
      size_t start = line.find("arn:aws:iam:");
      if (start == std::string::npos) continue;
      seen = true;
      EXPECT_NE(line.find("\u2026", start), std::string::npos) << line;
      EXPECT_NE(line.find("-name-indeed"), std::string::npos) << line;
    }
    EXPECT_TRUE(seen) << narrow.str();
    EXPECT_NE(narrow.str().find("the role is there"), std::string::npos) << "messages stay whole";
  }
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
