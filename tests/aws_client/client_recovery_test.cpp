// What the AwsClient does when a call fails for a reason waiting would not
// fix, against the replay server (every signature recomputed) and a real
// SSO profile whose portal is a local server: on ExpiredToken the provider
// is refreshed once (one refresh for many concurrent failures) and the call
// re-signed with the fresh keys; static keys and failed refreshes return
// AWS's error, saying why.
#include <gtest/gtest.h>

#include <thread>

#include "aws_client/credentials/default_chain.h"
#include "aws_client/credentials/environment.h"
#include "client_test_support.h"
#include "credentials_test_support.h"

namespace vigil::aws::replay {
namespace {

using nlohmann::json;

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

Matcher key_is(std::string key) {
  return [key](const ReplayRequest& r) { return r.access_key_id == key; };
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

}  // namespace
}  // namespace vigil::aws::replay
