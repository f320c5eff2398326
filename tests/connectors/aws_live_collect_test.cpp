// End to end: the live collector against the replay server (real AWS wire
// formats, signed requests), writing a capture that must equal, byte for
// byte, the committed expected tree tests/connectors/data/aws_live/expected/,
// with a throttle that is retried, a 403 on one optional call, a 500 that
// exhausts the retries, and an expired credential that fails its account
// fast. Then the capture reader reads it: failed scopes are failed, the
// 403'd member is unavailable, absence codes are absence.
//
// VIGIL_UPDATE_EXPECTED=1 rewrites the expected tree from the collector's
// output (review the diff before committing).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "aws_client/client_impl.h"
#include "aws_client/credentials/assume_role.h"
#include "aws_client/credentials/sts.h"
#include "aws_live_estate.h"
#include "capture_fixture.h"
#include "connectors/aws/capture_reader.h"
#include "connectors/aws_live/collect_report.h"
#include "connectors/aws_live/collector.h"
#include "connectors/aws_live/org_accounts.h"

namespace vigil::aws {
namespace {

namespace fs = std::filesystem;
using testing::CaptureDir;
using testing::ReplayServer;

constexpr const char* kAccount = "111111111111";
constexpr const char* kKey = "AKIDEXAMPLE1";
constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

std::map<std::string, std::string> tree(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    out[fs::relative(e.path(), root).string()] = s.str();
  }
  return out;
}

struct Estate {
  ReplayServer::Options server_options() {
    ReplayServer::Options o;
    o.verify_signatures = true;
    o.secrets = {{kKey, kSecret},
                 {"AKIDEXPIRED", "expired-secret"},
                 {"ASIAASSUMEDEXAMPLE", "assumed-secret"}};
    return o;
  }
  std::shared_ptr<ModelRepository> shared_models =
      std::make_shared<ModelRepository>(kDefaultBotocoreDataDir);
  ModelRepository& models = *shared_models;
  ReplayServer server{server_options()};

  std::unique_ptr<AwsClient> client() {
    AwsClientOptions o;
    o.endpoint_url = server.url();
    o.models = shared_models;
    o.retry.base_delay = std::chrono::milliseconds(5);
    o.retry.max_backoff = std::chrono::milliseconds(20);
    o.env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
    return make_aws_client(std::move(o)).value();
  }
};

CollectOptions options_for(const std::string& out, std::vector<AccountTarget> accounts) {
  CollectOptions o;
  o.out = out;
  o.accounts = std::move(accounts);
  o.regions = {"us-east-1"};
  o.concurrency = 4;
  o.credential_report_pause = std::chrono::milliseconds(1);
  return o;
}

AccountTarget account(const std::string& id, const std::string& key, const std::string& secret) {
  return {id, "", std::make_shared<replay::FixedCredentials>(key, secret)};
}

bool file_exists(const CaptureDir& dir, const std::string& relative) {
  return fs::exists(fs::path(dir.path()) / relative);
}

TEST(AwsLiveCollect, WritesTheExpectedCaptureByteForByte) {
  Estate estate;
  if (!fs::exists(estate.models.root()))
    GTEST_SKIP() << "python3-botocore models absent: " << estate.models.root();
  testing::serve_estate(estate.server, estate.models, kAccount, kKey);
  // Faults: a throttle that is retried, a 403 on one optional call, a 500 that never ends.
  estate.server.fail(
      "ec2", "DescribeSecurityGroups", 1,
      estate.server.error("ec2", 503, "RequestLimitExceeded", "Request limit exceeded."));
  estate.server.fail("s3", "GetBucketEncryption", 1000,
                     estate.server.error("s3", 403, "AccessDenied", "Access Denied"));
  estate.server.fail(
      "ec2", "DescribeVolumes", 1000,
      estate.server.error("ec2", 500, "InternalError", "An internal error has occurred"));
  CaptureDir dir;
  auto client = estate.client();
  Result<CollectSummary> summary =
      collect(*client, estate.models, options_for(dir.path(), {account(kAccount, kKey, kSecret)}));
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_TRUE(estate.server.problems().empty())
      << ::testing::PrintToString(estate.server.problems());

  // The summary: two failed calls, grouped; the throttle was retried, not reported.
  ASSERT_EQ(summary->failures.size(), 2u) << summary_text(*summary, dir.path());
  EXPECT_EQ(summary->failures[0].operation, "GetBucketEncryption");
  EXPECT_EQ(summary->failures[0].code, "AccessDenied");
  EXPECT_EQ(summary->failures[0].region, "global");
  EXPECT_EQ(summary->failures[1].operation, "DescribeVolumes");
  EXPECT_EQ(summary->failures[1].code, "InternalError");
  EXPECT_TRUE(summary->account_failures.empty());
  EXPECT_GE(summary->client.throttles, 1u);
  EXPECT_EQ(estate.server.count("ec2", "DescribeSecurityGroups"),
            2u);                                                   // throttled once, then answered
  EXPECT_EQ(estate.server.count("ec2", "DescribeVolumes"), 3u);    // three attempts, then given up
  EXPECT_EQ(estate.server.count("ec2", "DescribeInstances"), 2u);  // two pages
  EXPECT_EQ(estate.server.count("iam", "ListUsers"), 2u);
  // securityhub (not enabled), password policy, bucket policy x2, tags, lifecycle, website, bob's
  // login profile.
  EXPECT_EQ(summary->not_configured, 8u);
  // alice's inline policy: GetUserPolicy with both keys (the replay server matches both).
  EXPECT_EQ(estate.server.count("iam", "GetUserPolicy"), 1u);
  std::string text = summary_text(*summary, dir.path());
  EXPECT_NE(text.find("111111111111 global s3 GetBucketEncryption: AccessDenied x1 (e.g. "
                      "vigil-logs-111111111111)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("111111111111 us-east-1 ec2 DescribeVolumes: InternalError x1"),
            std::string::npos)
      << text;

  // Byte for byte against the committed tree.
  fs::path expected = fs::path(VIGIL_SOURCE_DIR) / "tests/connectors/data/aws_live/expected";
  std::map<std::string, std::string> got = tree(dir.path());
  if (std::getenv("VIGIL_UPDATE_EXPECTED")) {
    fs::remove_all(expected);
    for (const auto& [path, text] : got) {
      fs::create_directories((expected / path).parent_path());
      std::ofstream(expected / path, std::ios::binary) << text;
    }
  }
  std::map<std::string, std::string> want = tree(expected);
  SCOPED_TRACE(
      "after a catalog change, regenerate with VIGIL_UPDATE_EXPECTED=1 and review the diff");
  EXPECT_EQ(got.size(), want.size());
  for (const auto& [path, text] : want) {
    auto it = got.find(path);
    if (it == got.end()) {
      ADD_FAILURE() << "not written: " << path;
      continue;
    }
    EXPECT_EQ(it->second, text) << path;
  }
  for (const auto& [path, text] : got)
    if (!want.count(path)) ADD_FAILURE() << "written but not expected: " << path;
}

TEST(AwsLiveCollect, TheReaderSeesFailuresAsUnknownAndAbsenceAsAbsence) {
  Estate estate;
  if (!fs::exists(estate.models.root()))
    GTEST_SKIP() << "python3-botocore models absent: " << estate.models.root();
  testing::serve_estate(estate.server, estate.models, kAccount, kKey);
  estate.server.fail("s3", "GetBucketEncryption", 1000,
                     estate.server.error("s3", 403, "AccessDenied", "Access Denied"));
  estate.server.fail(
      "ec2", "DescribeVolumes", 1000,
      estate.server.error("ec2", 500, "InternalError", "An internal error has occurred"));
  CaptureDir dir;
  auto client = estate.client();
  ASSERT_TRUE(
      collect(*client, estate.models, options_for(dir.path(), {account(kAccount, kKey, kSecret)}))
          .ok());

  CaptureResult r = testing::read_ok(dir);
  EXPECT_EQ(r.summary.failed_scopes, 1u);
  EXPECT_EQ(r.summary.malformed_files, 0u);
  EXPECT_EQ(r.summary.errors_by_code.at("AccessDenied"), 1u);
  EXPECT_EQ(testing::at_path(
                testing::get(r, failed_scope_id(kAccount, "us-east-1", "aws.ec2.volume")), "config")
                .kind(),
            JsonKind::Unavailable);
  const Asset& bucket = testing::get(r, "arn:aws:s3:::vigil-logs-111111111111");
  EXPECT_EQ(testing::at_path(bucket, "config.BucketEncryption").kind(), JsonKind::Unavailable);
  EXPECT_FALSE(testing::at_path(bucket, "config.BucketPolicy").valid())
      << "NoSuchBucketPolicy is absence";
  EXPECT_EQ(testing::at_path(bucket, "config.BucketVersioning").kind(), JsonKind::Object);
  EXPECT_EQ(testing::at_path(
                bucket, "config.PublicAccessBlock.PublicAccessBlockConfiguration.BlockPublicAcls")
                .kind(),
            JsonKind::Bool);
  EXPECT_EQ(r.summary.assets_by_type.at("aws.ec2.instance"), 2u);  // both pages
  EXPECT_EQ(r.summary.assets_by_type.at("aws.iam.user"), 2u);
  const Asset& alice = testing::get(r, "arn:aws:iam::111111111111:user/alice");
  EXPECT_EQ(testing::at_path(alice, "config.CredentialReport.mfa_active").as_string(), "false");
  EXPECT_EQ(testing::at_path(alice, "config.LoginProfile.LoginProfile.UserName").as_string(),
            "alice");
  EXPECT_EQ(testing::at_path(alice, "config.UserPolicy").at(0).find("PolicyName").as_string(),
            "web+deploy");
  EXPECT_EQ(
      testing::at_path(testing::get(r, "arn:aws:iam::111111111111:user/bob"), "config.UserPolicy")
          .size(),
      0u);
  EXPECT_FALSE(testing::at_path(bucket, "config.BucketWebsite").valid())
      << "NoSuchWebsiteConfiguration is absence";
  EXPECT_FALSE(
      testing::at_path(testing::get(r, "arn:aws:iam::111111111111:user/bob"), "config.LoginProfile")
          .valid());
  testing::get(r, "arn:aws:ec2:us-east-1:111111111111:security-group/sg-0open");
}

TEST(AwsLiveCollect, AnExpiredCredentialFailsItsAccountFastAndOnlyIt) {
  Estate estate;
  if (!fs::exists(estate.models.root()))
    GTEST_SKIP() << "python3-botocore models absent: " << estate.models.root();
  testing::serve_estate(estate.server, estate.models, kAccount, kKey);
  estate.server.fail("sts", "GetCallerIdentity", 1000,
                     estate.server.error("sts", 403, "ExpiredToken",
                                         "The security token included in the request is expired"),
                     testing::key_is("AKIDEXPIRED"));
  CaptureDir dir;
  auto client = estate.client();
  Result<CollectSummary> summary =
      collect(*client, estate.models,
              options_for(dir.path(), {account(kAccount, kKey, kSecret),
                                       account("222222222222", "AKIDEXPIRED", "expired-secret")}));
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  ASSERT_EQ(summary->account_failures.size(), 1u);
  const AccountFailure& f = summary->account_failures[0];
  EXPECT_EQ(f.account, "222222222222");
  EXPECT_EQ(f.code, "ExpiredToken");
  EXPECT_NE(f.credentials.find("AKIDEXPIRED"), std::string::npos) << f.credentials;
  EXPECT_EQ(summary->accounts, 1u);
  size_t expired_requests = 0;
  for (const replay::ReplayRequest& r : estate.server.requests())
    if (r.access_key_id == "AKIDEXPIRED") ++expired_requests;
  EXPECT_EQ(expired_requests, 1u) << "one call, not one error per call";
  EXPECT_FALSE(file_exists(dir, "222222222222"));
  EXPECT_TRUE(file_exists(dir, "111111111111/us-east-1/ec2/DescribeInstances.json"));
  std::string text = summary_text(*summary, dir.path());
  EXPECT_NE(text.find("account 222222222222: ExpiredToken"), std::string::npos) << text;
}

TEST(AwsLiveCollect, CredentialsThatExpireMidRunStopTheAccountAndLeaveFailedScopes) {
  Estate estate;
  if (!fs::exists(estate.models.root()))
    GTEST_SKIP() << "python3-botocore models absent: " << estate.models.root();
  testing::serve_estate(estate.server, estate.models, kAccount, kKey);
  // Everything after the probe is refused as expired: the IAM list fails, and
  // the calls not yet sent are not sent, but written as failed.
  for (const ResourceType& t : resource_catalog())
    estate.server.fail(
        std::string(t.service), std::string(t.list_operation), 1000,
        estate.server.error(std::string(t.service), 400, "ExpiredToken",
                            "The security token included in the request is expired"));
  CaptureDir dir;
  auto client = estate.client();
  CollectOptions o = options_for(dir.path(), {account(kAccount, kKey, kSecret)});
  o.concurrency = 1;
  Result<CollectSummary> summary = collect(*client, estate.models, o);
  ASSERT_TRUE(summary.ok());
  ASSERT_EQ(summary->account_failures.size(), 1u);
  EXPECT_TRUE(summary->failures.empty()) << "reported once, for the account";
  EXPECT_NE(summary->account_failures[0].message.find("not sent"), std::string::npos);
  CaptureResult r = testing::read_ok(dir);
  EXPECT_GT(r.summary.failed_scopes, 20u);  // every type of the account: unknown, not empty
  EXPECT_EQ(r.summary.assets_by_type.count("aws.ec2.instance"),
            1u);  // just its failed-scope placeholder
}

TEST(AwsLiveCollect, AssumesARoleInASecondAccountThroughSts) {
  Estate estate;
  if (!fs::exists(estate.models.root()))
    GTEST_SKIP() << "python3-botocore models absent: " << estate.models.root();
  const std::string second = "222222222222", assumed_key = "ASIAASSUMEDEXAMPLE",
                    assumed_secret = "assumed-secret";
  estate.server.on(
      "sts", "AssumeRole",
      {estate.server.ok(
          "sts", testing::query(
                     "sts", "AssumeRole", "2011-06-15",
                     fmt::format("<Credentials><AccessKeyId>{}</AccessKeyId><SecretAccessKey>{}"
                                 "</SecretAccessKey><SessionToken>session-token-2</SessionToken>"
                                 "<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>"
                                 "<AssumedRoleUser><Arn>arn:aws:sts::{}:assumed-role/"
                                 "vigil-readonly/vigil-collect</Arn><AssumedRoleId>AROAEXAMPLE:"
                                 "vigil-collect</AssumedRoleId></AssumedRoleUser>",
                                 assumed_key, assumed_secret, second)))},
      testing::key_is(kKey));
  testing::serve_estate(estate.server, estate.models, kAccount, kKey);
  testing::serve_estate(estate.server, estate.models, second, assumed_key);
  std::shared_ptr<AwsClient> client = estate.client();
  StsOptions sts_options;
  sts_options.region = "us-east-1";
  sts_options.env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  auto sts = make_sts_api(client, make_curl_http_client(), sts_options);
  auto base = std::make_shared<replay::FixedCredentials>(kKey, kSecret);
  AccountTarget role{
      second, "staging",
      make_account_role_provider(sts, base, second, "vigil-readonly", "ext-123", "vigil-collect")};
  CaptureDir dir;
  CollectOptions o = options_for(dir.path(), {account(kAccount, kKey, kSecret), role});
  o.types = {"aws.ec2.security-group", "aws.s3.bucket"};
  Result<CollectSummary> summary = collect(*client, estate.models, o);
  ASSERT_TRUE(summary.ok());
  EXPECT_TRUE(summary->account_failures.empty()) << summary_text(*summary, dir.path());
  EXPECT_TRUE(summary->failures.empty()) << summary_text(*summary, dir.path());
  EXPECT_EQ(summary->accounts, 2u);
  size_t assume_calls = 0, assumed_calls = 0;
  for (const replay::ReplayRequest& r : estate.server.requests()) {
    if (r.operation == "AssumeRole") {
      ++assume_calls;
      EXPECT_EQ(r.param("RoleArn"), "arn:aws:iam::222222222222:role/vigil-readonly");
      EXPECT_EQ(r.param("ExternalId"), "ext-123");
      EXPECT_EQ(r.access_key_id, kKey);
    }
    if (r.access_key_id == assumed_key) {
      ++assumed_calls;
      EXPECT_EQ(header_value(r.headers, "X-Amz-Security-Token"), "session-token-2");
    }
  }
  EXPECT_EQ(assume_calls, 1u) << "credentials are cached until they near expiry";
  EXPECT_GT(assumed_calls, 3u);
  EXPECT_TRUE(estate.server.problems().empty())
      << ::testing::PrintToString(estate.server.problems());
  EXPECT_TRUE(file_exists(dir, "222222222222/us-east-1/ec2/DescribeSecurityGroups.json"));
  EXPECT_TRUE(file_exists(dir, "222222222222/global/s3/GetBucketAcl/vigil-logs-222222222222.json"));
  EXPECT_FALSE(file_exists(dir, "222222222222/us-east-1/ec2/DescribeInstances.json"))
      << "--types limits the calls";
}

// Reproduced on main: an Organizations answer whose account Id is not a string
// threw out of the scan and ended `vigil serve` (std::terminate). It is an
// error that names the answer.
TEST(AwsLiveCollect, AMalformedOrganizationsAnswerIsAnErrorNotACrash) {
  Estate estate;
  if (!fs::exists(estate.models.root()))
    GTEST_SKIP() << "python3-botocore models absent: " << estate.models.root();
  estate.server.on(
      "organizations", "ListAccounts",
      {estate.server.ok(
          "organizations",
          R"({"Accounts": [{"Id": 111111111111, "Name": "prod", "Status": "ACTIVE"}]})")});
  std::shared_ptr<AwsClient> client = estate.client();
  auto base = std::make_shared<replay::FixedCredentials>(kKey, kSecret);
  Result<std::vector<OrgAccount>> accounts = list_organization_accounts(*client, base, "us-east-1");
  ASSERT_FALSE(accounts.ok());
  EXPECT_NE(accounts.error().message.find("malformed account"), std::string::npos)
      << accounts.error().message;
  EXPECT_NE(accounts.error().message.find("111111111111"), std::string::npos)
      << accounts.error().message;

  estate.server.on(
      "organizations", "ListAccounts",
      {estate.server.ok("organizations", R"({"Accounts": [{"Id": "222222222222", "Name": "staging",
                                                         "Status": "ACTIVE"}, {"Id": "333333333333", "Name": "old",
                                                         "Status": "SUSPENDED"}]})")},
      [](const replay::ReplayRequest&) { return true; });
  Result<std::vector<OrgAccount>> good = list_organization_accounts(*client, base, "us-east-1");
  ASSERT_TRUE(good.ok()) << good.error().message;
  ASSERT_EQ(good->size(), 1u);
  EXPECT_EQ(good->front().id, "222222222222");
}

}  // namespace
}  // namespace vigil::aws
