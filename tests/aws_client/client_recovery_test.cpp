// What the AwsClient does when a call fails for a reason waiting would not
// fix, against the replay server (every signature recomputed) and, for the
// credentials, a real SSO profile whose portal is a local server:
//  - ExpiredToken: the provider is refreshed once (one refresh for many
//    concurrent failures) and the call re-signed with the fresh keys;
//    static keys and failed refreshes return AWS's error, saying why;
//  - a skewed clock (RequestTimeTooSkewed, "Signature expired"): the offset
//    is learnt from the response's Date and the call re-signed at the
//    corrected time, as are all later calls.
#include <gtest/gtest.h>

#include <ctime>
#include <thread>

#include "aws_client/credentials/default_chain.h"
#include "aws_client/credentials/environment.h"
#include "aws_client/transport/clock_skew.h"
#include "client_test_support.h"
#include "credentials_test_support.h"

namespace vigil::aws::replay {
namespace {

using nlohmann::json;
using std::chrono::system_clock;

constexpr const char* kCorpSessionKey = "ee0bfd2552fbd840c02cc48b6e823320543c450f";  // sha1("corp")

const char* kCallerIdentity =
    R"(<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:sts::111122223333:assumed-role/ReadOnly/user</Arn>
    <UserId>AROAEXAMPLE:user</UserId>
    <Account>111122223333</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>)";

const char* kRecoveryBuckets = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Owner><ID>owner</ID><DisplayName>owner</DisplayName></Owner>
  <Buckets><Bucket><Name>logs</Name><CreationDate>2020-01-02T03:04:05.000Z</CreationDate></Bucket></Buckets>
</ListAllMyBucketsResult>)";

Matcher key_is(std::string key) {
  return [key](const ReplayRequest& r) { return r.access_key_id == key; };
}

// X-Amz-Date ("20150830T123600Z") of a request as a time point.
system_clock::time_point amz_date_of(const ReplayRequest& request) {
  std::string text = header_value(request.headers, "X-Amz-Date");
  std::tm tm{};
  if (text.size() != 16) return {};
  tm.tm_year = std::stoi(text.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(text.substr(4, 2)) - 1;
  tm.tm_mday = std::stoi(text.substr(6, 2));
  tm.tm_hour = std::stoi(text.substr(9, 2));
  tm.tm_min = std::stoi(text.substr(11, 2));
  tm.tm_sec = std::stoi(text.substr(13, 2));
  return system_clock::from_time_t(timegm(&tm));
}

std::chrono::seconds distance(system_clock::time_point a, system_clock::time_point b) {
  return std::chrono::duration_cast<std::chrono::seconds>(a > b ? a - b : b - a);
}

class ExpiredCredentials : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!botocore_installed()) GTEST_SKIP() << "botocore data not installed";
    ReplayServer::Options options = verifying_options();
    for (const char* key : {"ASIASSO1", "ASIASSO2"})
      options.secrets[key] = std::string("secret-") + key;
    server_ = std::make_unique<ReplayServer>(options);
    // ASIASSO1 has expired for AWS (revoked, or this machine's clock is
    // behind); ASIASSO2 is what the next GetRoleCredentials hands out.
    server_->on("sts", "GetCallerIdentity", {server_->ok("sts", kCallerIdentity)},
                key_is("ASIASSO2"));
    server_->on("sts", "GetCallerIdentity",
                {server_->error("sts", 403, "ExpiredToken",
                                "The security token included in the request is expired")});
    clock_ = std::make_shared<ManualClock>();
    client_ = client_for(server_->url(), clock_);

    env_.set("HOME", dir_.path("home"));
    env_.set("AWS_ENDPOINT_URL_SSO", portal_server_.url());
    env_.set("AWS_SHARED_CREDENTIALS_FILE", dir_.path("no-credentials"));
    env_.set("AWS_CONFIG_FILE",
             dir_.write("config",
                        "[profile dev]\nsso_session = corp\n"
                        "sso_account_id = 111122223333\nsso_role_name = ReadOnly\n"
                        "[sso-session corp]\n"
                        "sso_start_url = https://corp.awsapps.com/start\n"
                        "sso_region = us-east-1\n"));
    testing::write_sso_token(dir_.path("home"), kCorpSessionKey, "sso-access-token",
                             testing::in(std::chrono::hours(8)));
    portal_.keys = {"ASIASSO1", "ASIASSO2"};
    ChainOptions chain;
    chain.profile = "dev";
    chain.context.http = make_curl_http_client();
    auto made = make_default_credentials(chain);
    ASSERT_TRUE(made.ok()) << made.error().message;
    sso_ = *made;
  }
  void TearDown() override {
    if (server_) {
      EXPECT_TRUE(server_->problems().empty()) << server_->problems().front();
    }
  }
  CallScope sso_scope() const { return CallScope{"sts", "us-east-1", sso_}; }

  testing::ScopedEnv env_;
  testing::TempDir dir_;
  testing::FakeSsoPortal portal_;
  testing::LocalServer portal_server_{[this](httplib::Server& s) { portal_.routes(s); }};
  std::unique_ptr<ReplayServer> server_;
  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<AwsClient> client_;
  std::shared_ptr<CredentialsProvider> sso_;
};

TEST_F(ExpiredCredentials, RefreshesOnceAndRetriesWithTheFreshKeys) {
  auto result = client_->call(sso_scope(), "GetCallerIdentity", json::object());
  EXPECT_EQ(value_of(result).value("Account", ""), "111122223333");
  EXPECT_EQ(portal_.call_count(), 2);  // the first credentials, then the refresh
  auto requests = server_->requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].access_key_id, "ASIASSO1");
  EXPECT_EQ(requests[1].access_key_id, "ASIASSO2");
  EXPECT_EQ(header_value(requests[1].headers, "X-Amz-Security-Token"), "session-ASIASSO2");
  EXPECT_TRUE(clock_->sleeps().empty());  // no backoff: nothing to wait for
  // Later calls use the fresh keys from the start.
  value_of(client_->call(sso_scope(), "GetCallerIdentity", json::object()));
  EXPECT_EQ(server_->count("sts", "GetCallerIdentity"), 3u);
  EXPECT_EQ(portal_.call_count(), 2);
}

TEST_F(ExpiredCredentials, ConcurrentFailuresShareOneRefresh) {
  constexpr int kThreads = 16;
  std::vector<std::thread> threads;
  std::atomic<int> succeeded{0};
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      auto result = client_->call(sso_scope(), "GetCallerIdentity", json::object());
      if (std::holds_alternative<json>(result)) ++succeeded;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(succeeded.load(), kThreads);
  EXPECT_EQ(portal_.call_count(), 2);  // one fetch, one refresh: no stampede
}

TEST_F(ExpiredCredentials, AFailedRefreshReturnsAwsErrorWithTheReasonOnce) {
  ASSERT_TRUE(sso_->get().ok());  // ASIASSO1, then the user signs out
  portal_.accept("some-other-session");
  constexpr int kThreads = 8;
  std::vector<std::thread> threads;
  std::vector<AwsCallError> errors(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      errors[i] = error_of(client_->call(sso_scope(), "GetCallerIdentity", json::object()));
    });
  }
  for (auto& t : threads) t.join();
  for (const AwsCallError& error : errors) {
    EXPECT_EQ(error.code, "ExpiredToken");
    EXPECT_EQ(error.attempts, 1);
    EXPECT_NE(error.message.find("not refreshed"), std::string::npos) << error.message;
    EXPECT_NE(error.message.find("aws sso login --profile dev"), std::string::npos)
        << error.message;
  }
  EXPECT_EQ(portal_.call_count(), 2);  // one failed refresh for the eight calls
  EXPECT_EQ(server_->count("sts", "GetCallerIdentity"), static_cast<size_t>(kThreads));
}

TEST_F(ExpiredCredentials, StaticKeysAreNotRetried) {
  auto environment = make_environment_provider(
      env_of({{"AWS_ACCESS_KEY_ID", kTestAccessKey}, {"AWS_SECRET_ACCESS_KEY", kTestSecret}}));
  CallScope scope{"sts", "us-east-1", environment};
  auto result = client_->call(scope, "GetCallerIdentity", json::object());
  EXPECT_EQ(error_of(result).code, "ExpiredToken");
  EXPECT_EQ(error_of(result).attempts, 1);
  EXPECT_NE(error_of(result).message.find("cannot be refreshed"), std::string::npos)
      << error_of(result).message;
  EXPECT_EQ(server_->count("sts", "GetCallerIdentity"), 1u);
}

TEST_F(ExpiredCredentials, AnExpiredSsoSessionIsACredentialsErrorAndSendsNothing) {
  testing::write_sso_token(dir_.path("home"), kCorpSessionKey, "sso-access-token",
                           testing::in(-std::chrono::minutes(5)));
  auto result = client_->call(sso_scope(), "GetCallerIdentity", json::object());
  EXPECT_EQ(error_of(result).code, "CredentialsError");
  EXPECT_NE(error_of(result).message.find("aws sso login --profile dev"), std::string::npos)
      << error_of(result).message;
  EXPECT_EQ(server_->total(), 0u);
  EXPECT_EQ(portal_.call_count(), 0);
}

class ClockSkewed : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!botocore_installed()) GTEST_SKIP() << "botocore data not installed";
    server_ = std::make_unique<ReplayServer>(verifying_options());
    clock_ = std::make_shared<ManualClock>();
    client_ = client_for(server_->url(), clock_);
  }
  void TearDown() override {
    if (server_) {
      EXPECT_TRUE(server_->problems().empty()) << server_->problems().front();
    }
  }
  ReplayResponse with_date(ReplayResponse response, system_clock::time_point date) {
    response.headers.emplace_back("Date", format_http_date(date));
    return response;
  }

  std::unique_ptr<ReplayServer> server_;
  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<AwsClient> client_;
};

TEST_F(ClockSkewed, RequestTimeTooSkewedIsCorrectedFromTheDateHeader) {
  // AWS's clock is an hour ahead of this machine's.
  const auto aws_now = system_clock::now() + std::chrono::hours(1);
  server_->on("s3", "ListBuckets", {server_->ok("s3", kRecoveryBuckets)});
  server_->fail("s3", "ListBuckets", 1,
                with_date(server_->error("s3", 403, "RequestTimeTooSkewed",
                                         "The difference between the request time and the "
                                         "current time is too large."),
                          aws_now));
  auto result = client_->call(scope("s3"), "ListBuckets", json::object());
  EXPECT_EQ(value_of(result)["Buckets"][0]["Name"], "logs");
  auto requests = server_->requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_GT(distance(amz_date_of(requests[0]), aws_now), std::chrono::minutes(59));
  EXPECT_LT(distance(amz_date_of(requests[1]), aws_now), std::chrono::minutes(1));
  EXPECT_TRUE(clock_->sleeps().empty());

  // Every later call, of any service, is signed at AWS's time at once.
  server_->on("sts", "GetCallerIdentity", {server_->ok("sts", kCallerIdentity)});
  value_of(client_->call(scope("sts"), "GetCallerIdentity", json::object()));
  requests = server_->requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_LT(distance(amz_date_of(requests[2]), aws_now), std::chrono::minutes(1));
}

TEST_F(ClockSkewed, SignatureExpiredIsCorrectedBackwards) {
  // This machine's clock is 40 minutes ahead: the query services say
  // "Signature expired" under SignatureDoesNotMatch.
  const auto aws_now = system_clock::now() - std::chrono::minutes(40);
  server_->on("sts", "GetCallerIdentity", {server_->ok("sts", kCallerIdentity)});
  server_->fail("sts", "GetCallerIdentity", 1,
                with_date(server_->error("sts", 403, "SignatureDoesNotMatch",
                                         "Signature expired: 20240101T004000Z is now earlier "
                                         "than 20240101T000500Z (20240101T001000Z - 5 min.)"),
                          aws_now));
  value_of(client_->call(scope("sts"), "GetCallerIdentity", json::object()));
  auto requests = server_->requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_LT(distance(amz_date_of(requests[1]), aws_now), std::chrono::minutes(1));
}

TEST_F(ClockSkewed, SkewIsCorrectedOncePerCall) {
  // A server that refuses every request: one correction per call, then its error.
  server_->on("s3", "ListBuckets",
              {with_date(server_->error("s3", 403, "RequestTimeTooSkewed", "too large"),
                         system_clock::now() + std::chrono::hours(2))});
  auto result = client_->call(scope("s3"), "ListBuckets", json::object());
  // The first answer corrects the clock by two hours; the corrected request
  // agrees with the second answer's Date: that error is returned as it is.
  EXPECT_EQ(error_of(result).code, "RequestTimeTooSkewed");
  EXPECT_EQ(server_->count("s3", "ListBuckets"), 2u);
}

TEST_F(ClockSkewed, OtherSignatureErrorsAndAnswersWithoutDateAreNotRetried) {
  // A wrong secret: SignatureDoesNotMatch, nothing about time.
  server_->on("sts", "GetCallerIdentity",
              {with_date(server_->error("sts", 403, "SignatureDoesNotMatch",
                                        "The request signature we calculated does not match the "
                                        "signature you provided."),
                         system_clock::now() + std::chrono::hours(1))});
  auto wrong = client_->call(scope("sts"), "GetCallerIdentity", json::object());
  EXPECT_EQ(error_of(wrong).code, "SignatureDoesNotMatch");
  EXPECT_EQ(error_of(wrong).attempts, 1);
  // A skew error without a Date: nothing to correct from.
  server_->on("s3", "ListBuckets",
              {server_->error("s3", 403, "RequestTimeTooSkewed", "too large")});
  auto undated = client_->call(scope("s3"), "ListBuckets", json::object());
  EXPECT_EQ(error_of(undated).code, "RequestTimeTooSkewed");
  EXPECT_EQ(error_of(undated).attempts, 1);
  // A skew error whose Date agrees with the request: the clock is right.
  server_->on("iam", "ListUsers",
              {with_date(server_->error("iam", 400, "RequestExpired", "Request has expired"),
                         system_clock::now())});
  auto agreeing = client_->call(scope("iam"), "ListUsers", json::object());
  EXPECT_EQ(error_of(agreeing).code, "RequestExpired");
  EXPECT_EQ(error_of(agreeing).attempts, 1);
  // A Date days away is not believed (clock_skew.h: kMaxOffset).
  server_->on("kms", "ListKeys",
              {with_date(server_->error("kms", 400, "InvalidSignatureException",
                                        "Signature not yet current: 20240104T000000Z is still "
                                        "later than 20240101T001000Z"),
                         system_clock::now() - std::chrono::hours(72))});
  auto far = client_->call(scope("kms"), "ListKeys", json::object());
  EXPECT_EQ(error_of(far).code, "InvalidSignatureException");
  EXPECT_EQ(error_of(far).attempts, 1);
  EXPECT_EQ(server_->total(), 4u);
}

TEST(HttpDate, ParsesAndFormatsRfc1123) {
  auto parsed = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(system_clock::to_time_t(*parsed), 784111777);
  EXPECT_EQ(format_http_date(*parsed), "Sun, 06 Nov 1994 08:49:37 GMT");
  for (const char* bad : {"", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
                          "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Foo 1994 08:49:37 GMT",
                          "Sun, 6 Nov 1994 08:49:37 GMT"}) {
    EXPECT_FALSE(parse_http_date(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace vigil::aws::replay
