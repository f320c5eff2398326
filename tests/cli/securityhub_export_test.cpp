// import_to_securityhub (cli/securityhub_export.h) against the local replay
// server (tests/aws_client/replay_server.h): the real client serializes,
// signs, retries and parses BatchImportFindings. Batches of 100, throttling
// retried, refused findings reported one by one, a call that fails after
// its retries marks its whole batch failed.
#include "cli/securityhub_export.h"

#include <gtest/gtest.h>

#include <memory>

#include "../aws_client/client_test_support.h"
#include "engine/formats/asff.h"

namespace vigil::cli {
namespace {

using aws::replay::ReplayRequest;
using aws::replay::ReplayServer;
using nlohmann::json;

class Findings final : public formats::FindingSource {
 public:
  explicit Findings(size_t n) {
    policy_.id = "aws-s3-bucket-public";
    policy_.title = "Bucket is public";
    policy_.severity = Severity::High;
    for (size_t i = 0; i < n; ++i) ids_.push_back("arn:aws:s3:::bucket-" + std::to_string(i));
  }
  size_t size() const override { return ids_.size(); }
  formats::ReportFinding at(size_t i) const override {
    formats::ReportFinding f;
    f.policy = &policy_;
    f.asset_id = ids_[i];
    f.asset_type = "aws.s3.bucket";
    f.account = "111111111111";
    f.region = "eu-west-1";
    f.outcome = i % 3 == 0 ? formats::Outcome::Unknown : formats::Outcome::Violation;
    f.message = "bucket is public";
    return f;
  }

 private:
  Policy policy_;
  std::vector<std::string> ids_;
};

class SecurityHubExport : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!aws::replay::botocore_installed()) GTEST_SKIP() << "botocore data is not installed";
    server_ = std::make_unique<ReplayServer>(aws::replay::verifying_options());
    client_ = aws::replay::client_for(server_->url(), std::make_shared<aws::ManualClock>());
    meta_.home_region = "eu-west-1";
    meta_.import_account = "999999999999";
  }
  // Answers every call with success for all the findings it sent.
  void accept_all() {
    server_->on(
        "securityhub", "BatchImportFindings",
        {server_->ok("securityhub", R"({"FailedCount":0,"SuccessCount":100,"FailedFindings":[]})")},
        [](const ReplayRequest& r) { return r.json_body["Findings"].size() == 100; });
    server_->on(
        "securityhub", "BatchImportFindings",
        {server_->ok("securityhub", R"({"FailedCount":0,"SuccessCount":50,"FailedFindings":[]})")});
  }
  std::vector<ReplayRequest> calls() {
    std::vector<ReplayRequest> out;
    for (const ReplayRequest& r : server_->requests())
      if (r.operation == "BatchImportFindings") out.push_back(r);
    return out;
  }

  std::unique_ptr<ReplayServer> server_;
  std::unique_ptr<aws::AwsClient> client_;
  formats::ReportMeta meta_;
};

TEST_F(SecurityHubExport, SendsBatchesOfAHundredFiledUnderTheImportingAccount) {
  accept_all();
  SecurityHubImport result = import_to_securityhub(
      *client_, aws::replay::scope("securityhub", "eu-west-1"), Findings(250), meta_);
  EXPECT_EQ(result.sent, 250u);
  EXPECT_EQ(result.imported, 250u);
  EXPECT_EQ(result.calls, 3u);
  EXPECT_TRUE(result.failed.empty());
  std::vector<ReplayRequest> sent = calls();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].json_body["Findings"].size(), 100u);
  EXPECT_EQ(sent[2].json_body["Findings"].size(), 50u);
  const json& first = sent[0].json_body["Findings"][0];
  EXPECT_EQ(first["ProductArn"],
            "arn:aws:securityhub:eu-west-1:999999999999:product/999999999999/default");
  EXPECT_EQ(first["AwsAccountId"], "111111111111");           // the asset's account
  EXPECT_EQ(first["Compliance"]["Status"], "NOT_AVAILABLE");  // finding 0 is unknown
  EXPECT_EQ(sent[0].region, "eu-west-1");
  EXPECT_TRUE(server_->problems().empty()) << server_->problems()[0];
}

TEST_F(SecurityHubExport, ThrottlingIsRetried) {
  accept_all();
  server_->fail("securityhub", "BatchImportFindings", 2,
                server_->error("securityhub", 429, "TooManyRequestsException", "Rate exceeded"));
  SecurityHubImport result = import_to_securityhub(
      *client_, aws::replay::scope("securityhub", "eu-west-1"), Findings(50), meta_);
  EXPECT_EQ(result.imported, 50u);
  EXPECT_TRUE(result.failed.empty()) << result.failed[0].code;
  EXPECT_EQ(server_->count("securityhub", "BatchImportFindings"),
            3u);  // two throttled, then accepted
}

TEST_F(SecurityHubExport, RefusedFindingsAreReportedOneByOne) {
  Findings findings(3);
  formats::AsffEncoder encoder(meta_);
  std::string text;
  encoder.append(text, findings.at(1));
  std::string refused_id = json::parse(text)["Id"];
  server_->on(
      "securityhub", "BatchImportFindings",
      {server_->ok("securityhub", json{{"FailedCount", 1},
                                       {"SuccessCount", 2},
                                       {"FailedFindings",
                                        {{{"Id", refused_id},
                                          {"ErrorCode", "InvalidInput"},
                                          {"ErrorMessage", "Finding does not adhere to ASFF"}}}}}
                                      .dump())});
  SecurityHubImport result = import_to_securityhub(
      *client_, aws::replay::scope("securityhub", "eu-west-1"), findings, meta_);
  EXPECT_EQ(result.sent, 3u);
  EXPECT_EQ(result.imported, 2u);
  ASSERT_EQ(result.failed.size(), 1u);
  EXPECT_EQ(result.failed[0].id, refused_id);
  EXPECT_EQ(result.failed[0].code, "InvalidInput");
  EXPECT_EQ(result.failed[0].message, "Finding does not adhere to ASFF");
}

TEST_F(SecurityHubExport, ACallThatKeepsFailingFailsItsWholeBatch) {
  accept_all();
  // The first batch's call fails on every attempt; the second goes through.
  server_->fail("securityhub", "BatchImportFindings", 3,
                server_->error("securityhub", 503, "ServiceUnavailable", "try later"));
  SecurityHubImport result = import_to_securityhub(
      *client_, aws::replay::scope("securityhub", "eu-west-1"), Findings(150), meta_);
  EXPECT_EQ(result.sent, 150u);
  EXPECT_EQ(result.imported, 50u);
  ASSERT_EQ(result.failed.size(), 100u);
  EXPECT_EQ(result.failed[0].code, "ServiceUnavailable");
  EXPECT_EQ(server_->count("securityhub", "BatchImportFindings"),
            4u);  // 3 attempts, then the second batch
}

TEST_F(SecurityHubExport, AnAnswerThatDoesNotCoverTheBatchIsAFailure) {
  server_->on(
      "securityhub", "BatchImportFindings",
      {server_->ok("securityhub", R"({"FailedCount":0,"SuccessCount":1,"FailedFindings":[]})")});
  SecurityHubImport result = import_to_securityhub(
      *client_, aws::replay::scope("securityhub", "eu-west-1"), Findings(3), meta_);
  EXPECT_EQ(result.imported, 1u);
  ASSERT_EQ(result.failed.size(), 1u);
  EXPECT_EQ(result.failed[0].code, "Unaccounted");
  EXPECT_EQ(result.failed[0].id, "(2 of the batch)");
}

}  // namespace
}  // namespace vigil::cli
