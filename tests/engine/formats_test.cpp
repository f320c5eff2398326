// The standard formats' mapping (engine/formats/): what each outcome
// becomes (an unknown is never a pass), hostile asset texts (quotes, control
// characters, "]]>", markup, invalid UTF-8) that must leave every document
// well formed and valid against its published schema, and JUnit's grouping.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../cli/format_validator.h"
#include "engine/formats/standard.h"

namespace vigil::formats {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using format_testing::format_errors;

class Findings final : public FindingSource {
 public:
  std::vector<ReportFinding> items;
  size_t size() const override { return items.size(); }
  ReportFinding at(size_t i) const override { return items[i]; }
};

Policy make_policy(std::string id, Severity severity) {
  Policy p;
  p.id = std::move(id);
  p.title = "Title of " + p.id;
  p.severity = severity;
  p.category = Category::Security;
  p.description = "What " + p.id + " checks";
  p.rationale = "Why it matters";
  p.remediation = "How to fix it";
  p.references = {"https://docs.aws.amazon.com/example", "CIS 1.1"};
  p.frameworks["cis-aws-foundations-3.0"] = {"1.1"};
  return p;
}

ReportFinding finding(const Policy& p, std::string_view asset, Outcome outcome,
                      std::string_view message) {
  ReportFinding f;
  f.policy = &p;
  f.asset_id = asset;
  f.asset_type = "aws.s3.bucket";
  f.account = "111111111111";
  f.region = "eu-west-1";
  f.asset_name = "bucket";
  f.outcome = outcome;
  f.message = message;
  return f;
}

class FormatsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("vigil-formats-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    source_.items = {
        finding(high_, "arn:aws:s3:::a", Outcome::Violation, "bucket a is public"),
        finding(high_, "arn:aws:s3:::b", Outcome::Compliant, ""),
        finding(high_, "arn:aws:s3:::c", Outcome::Unknown, "Policy: field missing"),
        finding(low_, "arn:aws:s3:::a", Outcome::Violation, ""),
    };
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string render(StandardFormat format) {
    std::ostringstream out;
    write_standard(out, format, source_, meta_);
    return out.str();
  }

  fs::path dir_;
  Policy high_ = make_policy("p-high", Severity::High);
  Policy low_ = make_policy("p-low", Severity::Low);
  Findings source_;
  ReportMeta meta_{.generated_at = std::chrono::sys_days{std::chrono::year{2026} / 12 / 1}};
};

TEST_F(FormatsTest, SarifKindsAndLevels) {
  std::string text = render(StandardFormat::Sarif);
  EXPECT_EQ(format_errors(dir_, "sarif", text), "");
  json doc = json::parse(text);
  const json& run = doc["runs"][0];
  ASSERT_EQ(run["tool"]["driver"]["rules"].size(), 2u);  // the two policies, by id
  EXPECT_EQ(run["tool"]["driver"]["rules"][0]["id"], "p-high");
  EXPECT_EQ(run["tool"]["driver"]["rules"][0]["help"]["text"], "How to fix it");
  EXPECT_EQ(run["tool"]["driver"]["rules"][0]["properties"]["security-severity"], "8.0");
  const json& results = run["results"];
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[0]["kind"], "fail");
  EXPECT_EQ(results[0]["level"], "error");
  EXPECT_EQ(results[1]["kind"], "pass");
  EXPECT_EQ(results[1]["level"], "none");
  EXPECT_EQ(results[2]["kind"], "open");  // unknown: not determined, never a pass
  EXPECT_EQ(results[2]["level"], "none");
  EXPECT_EQ(results[2]["message"]["text"], "Policy: field missing");
  EXPECT_EQ(results[3]["ruleIndex"], 1);
  EXPECT_EQ(results[3]["level"], "note");
  EXPECT_EQ(results[3]["message"]["text"], "Title of p-low");  // no message: the title
  EXPECT_EQ(results[0]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            "arn:aws:s3:::a");
  // The same pair has the same fingerprint in every run.
  EXPECT_EQ(
      results[0]["partialFingerprints"],
      json::parse(render(StandardFormat::Sarif))["runs"][0]["results"][0]["partialFingerprints"]);
  EXPECT_NE(results[0]["partialFingerprints"], results[3]["partialFingerprints"]);
}

TEST_F(FormatsTest, OcsfStatusCodes) {
  std::string text = render(StandardFormat::Ocsf);
  EXPECT_EQ(format_errors(dir_, "ocsf", text), "");
  json events = json::parse(text);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0]["class_uid"], 2004);
  EXPECT_EQ(events[0]["metadata"]["version"], "1.1.0");
  EXPECT_EQ(events[0]["status_code"], "FAIL");
  EXPECT_EQ(events[0]["severity_id"], 4);
  EXPECT_EQ(events[1]["status_code"], "PASS");
  EXPECT_EQ(events[2]["status_code"], "UNKNOWN");
  EXPECT_EQ(events[2]["status_detail"], "Policy: field missing");
  EXPECT_EQ(events[3]["severity"], "Low");
  EXPECT_EQ(events[0]["time"], 1796083200000);  // milliseconds, as OCSF says
  EXPECT_EQ(events[0]["time_dt"], "2026-12-01T00:00:00Z");
  EXPECT_EQ(events[0]["cloud"]["account"]["uid"], "111111111111");
  EXPECT_EQ(events[0]["resources"][0]["group"]["name"], "s3");
  EXPECT_EQ(events[0]["remediation"]["desc"], "How to fix it");
}

TEST_F(FormatsTest, AsffComplianceStatus) {
  std::string text = render(StandardFormat::Asff);
  EXPECT_EQ(format_errors(dir_, "asff", text), "");
  json findings = json::parse(text);
  ASSERT_EQ(findings.size(), 4u);
  EXPECT_EQ(findings[0]["Compliance"]["Status"], "FAILED");
  EXPECT_EQ(findings[0]["Severity"]["Label"], "HIGH");
  EXPECT_EQ(findings[0]["ProductArn"],
            "arn:aws:securityhub:eu-west-1:111111111111:product/111111111111/default");
  EXPECT_EQ(findings[0]["Resources"][0]["Type"], "AwsS3Bucket");
  EXPECT_EQ(findings[1]["Compliance"]["Status"], "PASSED");
  EXPECT_EQ(findings[1]["Workflow"]["Status"], "RESOLVED");
  EXPECT_EQ(findings[2]["Compliance"]["Status"], "NOT_AVAILABLE");  // unknown: never PASSED
  EXPECT_EQ(findings[2]["Workflow"]["Status"], "NEW");
  EXPECT_EQ(findings[2]["RecordState"], "ACTIVE");
  EXPECT_NE(findings[0]["Id"], findings[3]["Id"]);
}

TEST_F(FormatsTest, AsffPutsGlobalAssetsInTheHomeRegionAndCutsLongTexts) {
  source_.items.resize(1);
  source_.items[0].region = "global";
  std::string long_message(2000, 'x');
  source_.items[0].message = long_message;
  meta_.home_region = "eu-central-1";
  json f = json::parse(render(StandardFormat::Asff))[0];
  EXPECT_EQ(f["Region"], "eu-central-1");
  EXPECT_FALSE(f["Resources"][0].contains("Region"));
  std::string description = f["Description"];
  EXPECT_EQ(description.size(), 1024u);
  EXPECT_TRUE(description.ends_with("..."));
}

TEST_F(FormatsTest, JunitGroupsByPolicyAndUnknownIsAnError) {
  std::string text = render(StandardFormat::Junit);
  EXPECT_EQ(format_errors(dir_, "junit", text), "");
  EXPECT_NE(text.find("<testsuites name=\"vigil\" tests=\"4\" failures=\"2\" errors=\"1\""),
            std::string::npos)
      << text;
  EXPECT_NE(
      text.find("<testsuite name=\"p-high\" tests=\"3\" failures=\"1\" errors=\"1\" skipped=\"0\""),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("<testsuite name=\"p-low\" tests=\"1\" failures=\"1\" errors=\"0\""),
            std::string::npos);
  EXPECT_NE(text.find("<error message=\"Policy: field missing\" type=\"unknown\">"),
            std::string::npos);
  EXPECT_NE(text.find("<failure message=\"bucket a is public\" type=\"high\">"), std::string::npos);
  // p-high's three testcases come before p-low's, whatever the source order.
  EXPECT_LT(text.find("arn:aws:s3:::c"), text.find("name=\"p-low\""));
}

TEST_F(FormatsTest, StoreStatesMapToEachFormat) {
  ReportFinding exempted = finding(high_, "arn:aws:s3:::e", Outcome::Violation, "public");
  exempted.tracked_id = 7;
  exempted.exempted = true;
  ReportFinding gone = finding(high_, "arn:aws:s3:::g", Outcome::Gone, "was public");
  gone.tracked_id = 8;
  gone.close_reason = "resource-deleted";
  ReportFinding fixed = finding(high_, "arn:aws:s3:::f", Outcome::Compliant, "was public");
  fixed.tracked_id = 9;
  fixed.close_reason = "fixed";
  for (ReportFinding* f : {&exempted, &gone, &fixed}) {
    f->first_seen = meta_.generated_at - std::chrono::hours(48);
    f->last_change = meta_.generated_at - std::chrono::hours(1);
  }
  source_.items = {exempted, gone, fixed};
  for (StandardFormat format :
       {StandardFormat::Sarif, StandardFormat::Ocsf, StandardFormat::Asff, StandardFormat::Junit}) {
    std::string name = format == StandardFormat::Sarif  ? "sarif"
                       : format == StandardFormat::Ocsf ? "ocsf"
                       : format == StandardFormat::Asff ? "asff"
                                                        : "junit";
    EXPECT_EQ(format_errors(dir_, name, render(format)), "") << name;
  }
  json sarif = json::parse(render(StandardFormat::Sarif))["runs"][0]["results"];
  EXPECT_EQ(sarif[0]["kind"], "fail");
  EXPECT_EQ(sarif[0]["suppressions"][0]["status"], "accepted");
  EXPECT_EQ(sarif[1]["kind"], "notApplicable");
  EXPECT_EQ(sarif[2]["kind"], "pass");
  json ocsf = json::parse(render(StandardFormat::Ocsf));
  EXPECT_EQ(ocsf[0]["status"], "Suppressed");
  EXPECT_EQ(ocsf[1]["status_code"], "NOT_APPLICABLE");
  EXPECT_EQ(ocsf[2]["status"], "Resolved");
  EXPECT_EQ(ocsf[0]["finding_info"]["created_time_dt"], "2026-11-29T00:00:00Z");
  json asff = json::parse(render(StandardFormat::Asff));
  EXPECT_EQ(asff[0]["Workflow"]["Status"], "SUPPRESSED");
  EXPECT_EQ(asff[0]["Compliance"]["Status"], "FAILED");
  EXPECT_EQ(asff[1]["RecordState"], "ARCHIVED");
  EXPECT_EQ(asff[1]["Compliance"]["Status"], "NOT_AVAILABLE");
  EXPECT_EQ(asff[2]["Compliance"]["Status"], "PASSED");
  EXPECT_EQ(asff[0]["FirstObservedAt"], "2026-11-29T00:00:00Z");
  EXPECT_EQ(asff[0]["UpdatedAt"], "2026-11-30T23:00:00Z");
  std::string junit = render(StandardFormat::Junit);
  EXPECT_NE(
      junit.find("<skipped message=\"exempted by a Vigil exception: public\" type=\"exempted\">"),
      std::string::npos)
      << junit;
  EXPECT_NE(
      junit.find("<skipped message=\"no longer evaluated: resource-deleted\" type=\"closed\">"),
      std::string::npos);
}

// Texts an asset can carry (names and ids come from the cloud, messages from
// templates over them).
const std::string kHostile = std::string("q\"uo'te \\ <tag> & ]]> </testcase>\x01\x1f\t\n\r end ") +
                             "\xff\xfe bad " + "\xEF\xBF\xBE nonchar " + "caf\xC3\xA9";

TEST_F(FormatsTest, HostileTextsKeepEveryDocumentValid) {
  for (ReportFinding& f : source_.items) {
    f.asset_id = kHostile;
    f.asset_name = kHostile;
    f.asset_type = kHostile;
    f.region = kHostile;
    f.message = kHostile;
  }
  high_.title = kHostile;
  high_.remediation = kHostile;
  for (StandardFormat format :
       {StandardFormat::Sarif, StandardFormat::Ocsf, StandardFormat::Asff, StandardFormat::Junit}) {
    std::string name = format == StandardFormat::Sarif  ? "sarif"
                       : format == StandardFormat::Ocsf ? "ocsf"
                       : format == StandardFormat::Asff ? "asff"
                                                        : "junit";
    std::string text = render(format);
    EXPECT_EQ(format_errors(dir_, name, text), "") << name;
    if (name != "junit") {
      EXPECT_NO_THROW(json::parse(text)) << name;
    }
  }
  // JSON keeps every character, invalid bytes as U+FFFD.
  json sarif = json::parse(render(StandardFormat::Sarif));
  std::string message = sarif["runs"][0]["results"][0]["message"]["text"];
  EXPECT_EQ(message, std::string("q\"uo'te \\ <tag> & ]]> </testcase>\x01\x1f\t\n\r end ") +
                         "\xEF\xBF\xBD\xEF\xBF\xBD bad \xEF\xBF\xBE nonchar caf\xC3\xA9");
  // XML escapes markup and replaces what XML 1.0 cannot hold.
  std::string junit = render(StandardFormat::Junit);
  EXPECT_EQ(junit.find("]]>"), std::string::npos);
  EXPECT_EQ(junit.find("<tag>"), std::string::npos);
  EXPECT_NE(junit.find("q&quot;uo&apos;te \\ &lt;tag&gt; &amp; ]]&gt; &lt;/testcase&gt;"
                       "\xEF\xBF\xBD\xEF\xBF\xBD&#9;&#10;&#13; end \xEF\xBF\xBD\xEF\xBF\xBD bad "
                       "\xEF\xBF\xBD nonchar caf\xC3\xA9"),
            std::string::npos)
      << junit;
}

TEST_F(FormatsTest, NoFindingsIsAValidEmptyDocument) {
  source_.items.clear();
  EXPECT_EQ(format_errors(dir_, "sarif", render(StandardFormat::Sarif)), "");
  EXPECT_EQ(json::parse(render(StandardFormat::Ocsf)), json::array());
  EXPECT_EQ(json::parse(render(StandardFormat::Asff)), json::array());
  std::string junit = render(StandardFormat::Junit);
  EXPECT_EQ(format_errors(dir_, "junit", junit), "");
  EXPECT_NE(junit.find("tests=\"0\""), std::string::npos);
}

}  // namespace
}  // namespace vigil::formats
