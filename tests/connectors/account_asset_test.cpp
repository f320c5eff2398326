// The aws.account asset: global and per-region settings, absence codes,
// failed and missing settings, the root row of the credential report.
#include <gtest/gtest.h>

#include "capture_fixture.h"
#include "connectors/aws/credential_report.h"

namespace vigil::aws {
namespace {

using testing::at_path;
using testing::CaptureDir;
using testing::read_ok;

// base64 of:
// user,arn,user_creation_time,password_enabled,mfa_active,access_key_1_active
// <root_account>,arn:aws:iam::111111111111:root,2020-01-01T00:00:00+00:00,not_supported,false,true
// alice,arn:aws:iam::111111111111:user/alice,2021-02-03T00:00:00+00:00,true,"false",false
constexpr const char* kReport =
    "dXNlcixhcm4sdXNlcl9jcmVhdGlvbl90aW1lLHBhc3N3b3JkX2VuYWJsZWQsbWZhX2FjdGl2ZSxhY2Nlc3Nfa2V5XzFfYW"
    "N0aXZlCjxyb290X2"
    "FjY291bnQ+"
    "LGFybjphd3M6aWFtOjoxMTExMTExMTExMTE6cm9vdCwyMDIwLTAxLTAxVDAwOjAwOjAwKzAwOjAwLG5vdF9zdXBwb3J0ZW"
    "QsZmFs"
    "c2UsdHJ1ZQphbGljZSxhcm46YXdzOmlhbTo6MTExMTExMTExMTExOnVzZXIvYWxpY2UsMjAyMS0wMi0wM1QwMDowMDowMC"
    "swMDowMCx0cnVlLC"
    "JmYWxzZSIsZmFsc2UK";

void write_account(const CaptureDir& dir) {
  std::string a = "111111111111/";
  testing::write_empty_lists(dir, "111111111111", "global", "iam");
  dir.write(
      a + "global/iam/GetAccountSummary.json",
      R"({"SummaryMap": {"AccountMFAEnabled": 0, "AccountAccessKeysPresent": 1, "Users": 12}})");
  dir.write(a + "global/iam/ListVirtualMFADevices.json", R"({"VirtualMFADevices": []})");
  dir.write(
      a + "global/iam/GetAccountPasswordPolicy.json",
      R"({"Error": {"Code": "NoSuchEntity", "Message": "The Password Policy with domain name 111111111111 cannot be found."}})");
  dir.write(a + "global/iam/GetCredentialReport.json",
            std::string(R"({"Content": ")") + kReport +
                R"(", "ReportFormat": "text/csv", "GeneratedTime": "2026-11-01T00:00:00+00:00"})");
  dir.write(
      a + "global/s3control/GetPublicAccessBlock.json",
      R"({"PublicAccessBlockConfiguration": {"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true}})");
  for (std::string region : {"us-east-1", "eu-west-1"}) {
    std::string r = a + region + "/";
    testing::write_empty_lists(dir, "111111111111", region, "ec2");
    dir.write(
        r + "ec2/DescribeRegions.json",
        R"({"Regions": [{"Endpoint": "ec2.us-east-1.amazonaws.com", "RegionName": "us-east-1", "OptInStatus": "opt-in-not-required"}]})");
    dir.write(r + "ec2/GetEbsEncryptionByDefault.json",
              region == "us-east-1" ? R"({"EbsEncryptionByDefault": true})"
                                    : R"({"EbsEncryptionByDefault": false})");
    dir.write(r + "guardduty/ListDetectors.json",
              region == "us-east-1" ? R"({"DetectorIds": ["12abc34d567e8fa901bc2d34e56789f0"]})"
                                    : R"({"DetectorIds": []})");
    dir.write(
        r + "config/DescribeConfigurationRecorders.json",
        R"({"ConfigurationRecorders": [{"name": "default", "roleARN": "arn:aws:iam::111111111111:role/config",
                  "recordingGroup": {"allSupported": true, "includeGlobalResourceTypes": true}}]})");
    dir.write(
        r + "securityhub/DescribeHub.json",
        region == "us-east-1"
            ? R"({"HubArn": "arn:aws:securityhub:us-east-1:111111111111:hub/default", "SubscribedAt": "2025-01-01T00:00:00.000Z", "AutoEnableControls": true})"
            : R"({"Error": {"Code": "InvalidAccessException", "Message": "Account 111111111111 is not subscribed to AWS Security Hub"}})");
    dir.write(
        r + "accessanalyzer/ListAnalyzers.json",
        region == "us-east-1"
            ? R"({"analyzers": [{"arn": "arn:aws:access-analyzer:us-east-1:111111111111:analyzer/org", "name": "org", "type": "ACCOUNT", "status": "ACTIVE"}]})"
            : R"({"Error": {"Code": "AccessDeniedException", "Message": "not authorized"}})");
  }
  // eu-west-1 has no DescribeConfigurationRecorderStatus anywhere: not captured.
  dir.write(
      a + "us-east-1/config/DescribeConfigurationRecorderStatus.json",
      R"({"ConfigurationRecordersStatus": [{"name": "default", "recording": true, "lastStatus": "SUCCESS"}]})");
}

TEST(AccountAsset, GlobalAndPerRegionSettings) {
  CaptureDir dir;
  write_account(dir);
  CaptureResult r = read_ok(dir);
  const Asset* account = r.inventory.account_asset("111111111111");
  ASSERT_NE(account, nullptr);
  EXPECT_EQ(account->id, "arn:aws:iam::111111111111:root");
  EXPECT_EQ(account->region, "global");
  EXPECT_EQ(at_path(*account, "config.AccountSummary.SummaryMap.AccountMFAEnabled").as_int(), 0);
  EXPECT_FALSE(at_path(*account, "config.AccountPasswordPolicy")
                   .valid());  // NoSuchEntity: no password policy
  EXPECT_TRUE(
      at_path(*account, "config.PublicAccessBlock.PublicAccessBlockConfiguration.BlockPublicAcls")
          .as_bool());
  EXPECT_TRUE(at_path(*account, "config.EbsEncryptionByDefault.us-east-1.EbsEncryptionByDefault")
                  .as_bool());
  EXPECT_FALSE(at_path(*account, "config.EbsEncryptionByDefault.eu-west-1.EbsEncryptionByDefault")
                   .as_bool());
  EXPECT_EQ(at_path(*account, "config.Detectors.us-east-1.DetectorIds").size(), 1u);
  EXPECT_EQ(at_path(*account, "config.Detectors.eu-west-1.DetectorIds").size(), 0u);
  EXPECT_EQ(at_path(*account, "config.Regions.Regions").at(0).find("RegionName").as_string(),
            "us-east-1");
  EXPECT_EQ(at_path(*account, "config.Hub.us-east-1.AutoEnableControls").as_bool(), true);
  EXPECT_TRUE(at_path(*account, "config.Hub.eu-west-1").is_null());  // not subscribed: absence
  EXPECT_EQ(at_path(*account, "config.ConfigurationRecorders.eu-west-1.ConfigurationRecorders")
                .at(0)
                .find("name")
                .as_string(),
            "default");
  EXPECT_FALSE(r.summary.partial()) << ::testing::PrintToString(r.summary.problems);
}

TEST(AccountAsset, FailedAndMissingSettingsAreUnavailable) {
  CaptureDir dir;
  write_account(dir);
  CaptureResult r = read_ok(dir);
  const Asset* account = r.inventory.account_asset("111111111111");
  ASSERT_NE(account, nullptr);
  JsonRef analyzer = at_path(*account, "config.Analyzers.eu-west-1");
  EXPECT_EQ(analyzer.kind(), JsonKind::Unavailable);
  EXPECT_EQ(analyzer.as_string(), "ListAnalyzers: AccessDeniedException: not authorized");
  EXPECT_EQ(
      at_path(*account, "config.Analyzers.us-east-1.analyzers").at(0).find("status").as_string(),
      "ACTIVE");
  JsonRef status = at_path(*account, "config.ConfigurationRecorderStatus.eu-west-1");
  EXPECT_EQ(status.kind(), JsonKind::Unavailable);
  EXPECT_NE(status.as_string().find("NotCaptured"), std::string_view::npos);
  std::vector<std::string> parts;
  JsonRef errors = at_path(*account, "errors");
  for (uint32_t i = 0; i < errors.size(); ++i)
    parts.emplace_back(errors.at(i).find("part").as_string());
  EXPECT_EQ(parts, (std::vector<std::string>{"config.ConfigurationRecorderStatus.eu-west-1",
                                             "config.Analyzers.eu-west-1"}));
}

TEST(AccountAsset, RootRowOfTheCredentialReport) {
  CaptureDir dir;
  write_account(dir);
  CaptureResult r = read_ok(dir);
  const Asset* account = r.inventory.account_asset("111111111111");
  ASSERT_NE(account, nullptr);
  EXPECT_EQ(at_path(*account, "config.CredentialReport.user").as_string(), "<root_account>");
  EXPECT_EQ(at_path(*account, "config.CredentialReport.access_key_1_active").as_string(), "true");
  EXPECT_EQ(at_path(*account, "config.CredentialReport.password_enabled").as_string(),
            "not_supported");
}

TEST(AccountAsset, EveryAccountFolderGetsOneEvenWithoutSettings) {
  CaptureDir dir;
  dir.write("444444444444/us-east-1/ec2/DescribeVolumes.json", R"({"Volumes": []})");
  CaptureResult r = read_ok(dir);
  const Asset* account = r.inventory.account_asset("444444444444");
  ASSERT_NE(account, nullptr);
  EXPECT_EQ(at_path(*account, "config.AccountSummary").kind(), JsonKind::Unavailable);
  EXPECT_NE(at_path(*account, "config.AccountSummary")
                .as_string()
                .find("no 444444444444/global/iam/GetAccountSummary.json"),
            std::string_view::npos);
}

TEST(CredentialReport, QuotedFieldsAndRowWidths) {
  Result<std::vector<CredentialReportRow>> rows = parse_credential_report(kReport);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[1].user, "alice");
  JsonTree& alice = (*rows)[1].row;
  EXPECT_EQ(alice.find("mfa_active")->text(), "false");            // quoted in the CSV
  EXPECT_FALSE(parse_credential_report("bm90IGEgcmVwb3J0").ok());  // "not a report"
}

}  // namespace
}  // namespace vigil::aws
