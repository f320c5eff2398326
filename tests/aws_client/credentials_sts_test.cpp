// STS-backed credentials end to end: role profiles (source_profile chains,
// external id, session name, duration) through the real AwsClient against
// the replay server, which checks every SigV4 signature (including the
// second hop, signed with the first hop's temporary keys); errors naming the
// role and account; refresh before expiry; one STS call for concurrent
// callers; the multi-account building block; and web identity (unsigned) from
// the environment against a local STS endpoint.
#include <gtest/gtest.h>

#include "aws_client/credentials/assume_role.h"
#include "aws_client/credentials/default_chain.h"
#include "client_test_support.h"
#include "credentials_test_support.h"

namespace vigil::aws {
namespace {

using replay::kTestAccessKey;
using replay::kTestSecret;
using testing::LocalServer;
using testing::ScopedEnv;
using testing::TempDir;
using testing::TestClock;

std::string assume_role_xml(const std::string& key, const std::string& expiration) {
  return "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
         "  <AssumeRoleResult>\n"
         "    <AssumedRoleUser>\n"
         "      <Arn>arn:aws:sts::444455556666:assumed-role/audit/vigil</Arn>\n"
         "      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:vigil</AssumedRoleId>\n"
         "    </AssumedRoleUser>\n"
         "    <Credentials>\n"
         "      <AccessKeyId>" +
         key +
         "</AccessKeyId>\n"
         "      <SecretAccessKey>secret-" +
         key +
         "</SecretAccessKey>\n"
         "      <SessionToken>session-" +
         key +
         "</SessionToken>\n"
         "      <Expiration>" +
         expiration +
         "</Expiration>\n"
         "    </Credentials>\n"
         "    <PackedPolicySize>6</PackedPolicySize>\n"
         "  </AssumeRoleResult>\n"
         "  "
         "<ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></"
         "ResponseMetadata>\n"
         "</AssumeRoleResponse>\n";
}

replay::Matcher role_is(const std::string& arn) {
  return [arn](const replay::ReplayRequest& r) { return r.param("RoleArn") == arn; };
}

class StsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!replay::botocore_installed())
      GTEST_SKIP() << "botocore models not found at " << kDefaultBotocoreDataDir;
    auto options = replay::verifying_options();
    options.secrets["ASIAHOP"] = "secret-ASIAHOP";
    server_ = std::make_unique<replay::ReplayServer>(options);
    client_ = replay::client_for(server_->url(), std::make_shared<ManualClock>());
    sts_ = make_sts_api(std::shared_ptr<AwsClient>(std::move(client_)), nullptr);
  }
  void TearDown() override {
    if (server_) {
      EXPECT_TRUE(server_->problems().empty()) << ::testing::PrintToString(server_->problems());
    }
  }

  Result<std::shared_ptr<CredentialsProvider>> profile(const std::string& config,
                                                       const std::string& name) {
    env_.set("AWS_CONFIG_FILE", dir_.write("config", config));
    env_.set(
        "AWS_SHARED_CREDENTIALS_FILE",
        dir_.write("credentials", std::string("[base]\naws_access_key_id = ") + kTestAccessKey +
                                      "\naws_secret_access_key = " + kTestSecret + "\n"));
    ChainOptions options;
    options.profile = name;
    options.context.sts = sts_;
    options.context.now = clock_.function();
    return make_default_credentials(options);
  }

  ScopedEnv env_;
  TempDir dir_;
  TestClock clock_;
  std::unique_ptr<replay::ReplayServer> server_;
  std::unique_ptr<AwsClient> client_;
  std::shared_ptr<StsApi> sts_;
};

const char kAuditProfile[] =
    "[profile audit]\n"
    "role_arn = arn:aws:iam::444455556666:role/audit\n"
    "source_profile = base\n"
    "external_id = vigil-external-7\n"
    "role_session_name = vigil-scan\n"
    "duration_seconds = 1800\n";

TEST_F(StsTest, RoleProfileAssumesRoleWithItsSettings) {
  server_->on(
      "sts", "AssumeRole",
      {server_->ok("sts", assume_role_xml("ASIAAUDIT", testing::in(std::chrono::hours(1))))});
  auto provider = profile(kAuditProfile, "audit");
  ASSERT_TRUE(provider.ok()) << provider.error().message;
  auto credentials = (*provider)->get();
  ASSERT_TRUE(credentials.ok()) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ASIAAUDIT");
  EXPECT_EQ(credentials->secret_access_key, "secret-ASIAAUDIT");
  EXPECT_EQ(credentials->session_token, "session-ASIAAUDIT");
  ASSERT_TRUE(credentials->expiration.has_value());
  EXPECT_EQ(credentials->source,
            "profile audit: role arn:aws:iam::444455556666:role/audit (account 444455556666)");

  auto requests = server_->requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].access_key_id, kTestAccessKey);
  EXPECT_EQ(requests[0].param("RoleArn"), "arn:aws:iam::444455556666:role/audit");
  EXPECT_EQ(requests[0].param("ExternalId"), "vigil-external-7");
  EXPECT_EQ(requests[0].param("RoleSessionName"), "vigil-scan");
  EXPECT_EQ(requests[0].param("DurationSeconds"), "1800");
}

TEST_F(StsTest, StsRegionFromTheEnvironment) {
  server_->on("sts", "AssumeRole",
              {server_->ok("sts", assume_role_xml("ASIAEU", testing::in(std::chrono::hours(1))))});
  env_.set("AWS_DEFAULT_REGION", "eu-central-1");
  env_.set("AWS_REGION", "eu-west-1");
  sts_ = make_sts_api(replay::client_for(server_->url(), std::make_shared<ManualClock>()), nullptr);
  auto credentials = (*profile(kAuditProfile, "audit"))->get();
  ASSERT_TRUE(credentials.ok()) << credentials.error().message;
  auto requests = server_->requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].region, "eu-west-1");
}

TEST_F(StsTest, ChainedRolesSignTheSecondHopWithTheFirstHopsKeys) {
  server_->on("sts", "AssumeRole",
              {server_->ok("sts", assume_role_xml("ASIAHOP", testing::in(std::chrono::hours(1))))},
              role_is("arn:aws:iam::111122223333:role/hop"));
  server_->on(
      "sts", "AssumeRole",
      {server_->ok("sts", assume_role_xml("ASIATARGET", testing::in(std::chrono::hours(1))))},
      role_is("arn:aws:iam::444455556666:role/target"));
  auto provider = profile(
      "[profile hop]\nrole_arn = arn:aws:iam::111122223333:role/hop\nsource_profile = base\n"
      "[profile target]\nrole_arn = arn:aws:iam::444455556666:role/target\nsource_profile = hop\n",
      "target");
  ASSERT_TRUE(provider.ok()) << provider.error().message;
  auto credentials = (*provider)->get();
  ASSERT_TRUE(credentials.ok()) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ASIATARGET");
  auto requests = server_->requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].access_key_id, kTestAccessKey);
  EXPECT_EQ(requests[1].access_key_id, "ASIAHOP");
  EXPECT_EQ(header_value(requests[1].headers, "X-Amz-Security-Token"), "session-ASIAHOP");
}

TEST_F(StsTest, AccessDeniedNamesProfileRoleAndAccount) {
  server_->on(
      "sts", "AssumeRole",
      {server_->error(
          "sts", 403, "AccessDenied",
          "User: arn:aws:iam::111122223333:user/ci is not authorized to perform: sts:AssumeRole")});
  auto provider = profile(kAuditProfile, "audit");
  ASSERT_TRUE(provider.ok());
  auto credentials = (*provider)->get();
  ASSERT_FALSE(credentials.ok());
  const std::string& message = credentials.error().message;
  EXPECT_NE(message.find(
                "profile audit: role arn:aws:iam::444455556666:role/audit (account 444455556666)"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("AccessDenied"), std::string::npos) << message;
  EXPECT_NE(message.find("HTTP 403"), std::string::npos) << message;
  EXPECT_NE(message.find("trust policy"), std::string::npos) << message;
  EXPECT_EQ(server_->count("sts", "AssumeRole"), 1u);  // not retried: a client error
}

TEST_F(StsTest, ExpiredBaseCredentialsFailFast) {
  server_->on("sts", "AssumeRole",
              {server_->error("sts", 400, "ExpiredToken",
                              "The security token included in the request is expired")});
  auto credentials = (*profile(kAuditProfile, "audit"))->get();
  ASSERT_FALSE(credentials.ok());
  EXPECT_NE(credentials.error().message.find("ExpiredToken"), std::string::npos)
      << credentials.error().message;
  EXPECT_NE(credentials.error().message.find("have expired: refresh them"), std::string::npos);
  EXPECT_NE(credentials.error().message.find("account 444455556666"), std::string::npos);
}

TEST_F(StsTest, AlreadyExpiredRoleCredentialsAreRefused) {
  server_->on(
      "sts", "AssumeRole",
      {server_->ok("sts", assume_role_xml("ASIAOLD", testing::in(-std::chrono::minutes(1))))});
  auto credentials = (*profile(kAuditProfile, "audit"))->get();
  ASSERT_FALSE(credentials.ok());
  EXPECT_NE(credentials.error().message.find("expired at"), std::string::npos)
      << credentials.error().message;
  EXPECT_NE(credentials.error().message.find("role arn:aws:iam::444455556666:role/audit"),
            std::string::npos);
}

TEST_F(StsTest, RefreshesFiveMinutesBeforeExpiry) {
  server_->on(
      "sts", "AssumeRole",
      {server_->ok("sts", assume_role_xml("ASIAFIRST", testing::in(std::chrono::hours(1)))),
       server_->ok("sts", assume_role_xml("ASIASECOND", testing::in(std::chrono::hours(2))))});
  auto provider = *profile(kAuditProfile, "audit");
  EXPECT_EQ(provider->get()->access_key_id, "ASIAFIRST");
  clock_.now += std::chrono::minutes(54);
  EXPECT_EQ(provider->get()->access_key_id, "ASIAFIRST");
  EXPECT_EQ(server_->count("sts", "AssumeRole"), 1u);
  clock_.now += std::chrono::minutes(2);  // 4 minutes left
  EXPECT_EQ(provider->get()->access_key_id, "ASIASECOND");
  EXPECT_EQ(server_->count("sts", "AssumeRole"), 2u);
}

TEST_F(StsTest, ConcurrentCallersShareOneAssumeRole) {
  server_->on(
      "sts", "AssumeRole",
      {server_->ok("sts", assume_role_xml("ASIASHARED", testing::in(std::chrono::hours(1))))});
  auto provider = *profile(kAuditProfile, "audit");
  std::vector<std::thread> workers;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    workers.emplace_back([&] {
      auto credentials = provider->get();
      if (credentials.ok() && credentials->access_key_id == "ASIASHARED") ++ok;
    });
  }
  for (auto& worker : workers) worker.join();
  EXPECT_EQ(ok, 8);
  EXPECT_EQ(server_->count("sts", "AssumeRole"), 1u);
}

TEST_F(StsTest, AccountRoleProvidersForManyAccounts) {
  auto base = std::make_shared<replay::FixedCredentials>(kTestAccessKey, kTestSecret);
  for (const std::string account : {"111111111111", "222222222222", "333333333333"}) {
    server_->on(
        "sts", "AssumeRole",
        {server_->ok("sts", assume_role_xml("ASIA" + account, testing::in(std::chrono::hours(1))))},
        role_is("arn:aws:iam::" + account + ":role/vigil-readonly"));
  }
  for (const std::string account : {"111111111111", "222222222222", "333333333333"}) {
    auto provider = make_account_role_provider(sts_, base, account, "vigil-readonly",
                                               "ext-" + account, "vigil-collect");
    EXPECT_EQ(provider->describe(), "role arn:aws:iam::" + account +
                                        ":role/vigil-readonly (account " + account +
                                        ") via test credentials AKIDEXAMPLE");
    auto credentials = provider->get();
    ASSERT_TRUE(credentials.ok()) << credentials.error().message;
    EXPECT_EQ(credentials->access_key_id, "ASIA" + account);
  }
  auto requests = server_->requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[1].param("ExternalId"), "ext-222222222222");
  EXPECT_EQ(requests[1].param("RoleSessionName"), "vigil-collect");
  EXPECT_EQ(role_arn_for("123456789012", "ops/audit", "aws-cn"),
            "arn:aws-cn:iam::123456789012:role/ops/audit");
}

// A local STS endpoint for AssumeRoleWithWebIdentity (unsigned query POST).
struct FakeWebIdentitySts {
  std::mutex mutex;
  std::vector<std::string> bodies;
  bool had_authorization = false;

  void routes(httplib::Server& server) {
    server.Post("/", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex);
      bodies.push_back(req.body);
      had_authorization = had_authorization || req.has_header("Authorization");
      if (req.body.find("WebIdentityToken=good-token") == std::string::npos) {
        res.status = 400;
        res.set_content(
            "<ErrorResponse "
            "xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
            "<Code>InvalidIdentityToken</Code><Message>Couldn't retrieve verification key from "
            "your identity "
            "provider</Message></Error><RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</"
            "RequestId></ErrorResponse>",
            "text/xml");
        return;
      }
      res.set_content(
          "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
          "<AssumeRoleWithWebIdentityResult>"
          "<SubjectFromWebIdentityToken>system:serviceaccount:vigil:collector</"
          "SubjectFromWebIdentityToken>"
          "<Audience>sts.amazonaws.com</Audience>"
          "<AssumedRoleUser><Arn>arn:aws:sts::444455556666:assumed-role/eks-vigil/pod</Arn>"
          "<AssumedRoleId>AROACLKWSDQRAOEXAMPLE:pod</AssumedRoleId></AssumedRoleUser>"
          "<Credentials><SessionToken>web-session</SessionToken><SecretAccessKey>web-secret</"
          "SecretAccessKey>"
          "<Expiration>" +
              testing::in(std::chrono::hours(1)) +
              "</Expiration>"
              "<AccessKeyId>ASIAWEB</AccessKeyId></Credentials>"
              "<Provider>arn:aws:iam::444455556666:oidc-provider/oidc.eks.example</Provider>"
              "</AssumeRoleWithWebIdentityResult>"
              "<ResponseMetadata><RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId></"
              "ResponseMetadata>"
              "</AssumeRoleWithWebIdentityResponse>",
          "text/xml");
    });
  }
};

TEST(WebIdentity, FromEnvironmentThroughTheDefaultChain) {
  ScopedEnv env;
  TempDir dir;
  FakeWebIdentitySts sts_server;
  LocalServer server([&](httplib::Server& s) { sts_server.routes(s); });
  env.set("AWS_CONFIG_FILE", dir.path("none"));
  env.set("AWS_SHARED_CREDENTIALS_FILE", dir.path("none"));
  env.set("AWS_WEB_IDENTITY_TOKEN_FILE", dir.write("token", "good-token\n"));
  env.set("AWS_ROLE_ARN", "arn:aws:iam::444455556666:role/eks-vigil");
  env.set("AWS_ROLE_SESSION_NAME", "pod");
  env.set("AWS_ENDPOINT_URL_STS", server.url());
  ChainOptions options;
  options.context.sts = make_sts_api(nullptr, make_curl_http_client());
  auto provider = make_default_credentials(options);
  ASSERT_TRUE(provider.ok()) << provider.error().message;
  EXPECT_NE((*provider)->describe().find("via web identity token " + dir.path("token")),
            std::string::npos);
  auto credentials = (*provider)->get();
  ASSERT_TRUE(credentials.ok()) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ASIAWEB");
  EXPECT_EQ(credentials->secret_access_key, "web-secret");
  EXPECT_EQ(credentials->session_token, "web-session");
  std::lock_guard lock(sts_server.mutex);
  ASSERT_EQ(sts_server.bodies.size(), 1u);
  EXPECT_EQ(sts_server.bodies[0],
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%"
            "3A444455556666%3Arole%2F"
            "eks-vigil&RoleSessionName=pod&WebIdentityToken=good-token");
  EXPECT_FALSE(sts_server.had_authorization);
}

TEST(WebIdentity, RejectedTokenNamesRoleAndAccount) {
  ScopedEnv env;
  TempDir dir;
  FakeWebIdentitySts sts_server;
  LocalServer server([&](httplib::Server& s) { sts_server.routes(s); });
  env.set("AWS_CONFIG_FILE",
          dir.write("config",
                    "[profile pod]\nrole_arn = arn:aws:iam::444455556666:role/eks-vigil\n"
                    "web_identity_token_file = " +
                        dir.write("token", "stale-token") + "\n"));
  env.set("AWS_SHARED_CREDENTIALS_FILE", dir.path("none"));
  env.set("AWS_PROFILE", "pod");
  StsOptions sts_options;
  sts_options.endpoint_url = server.url();
  ChainOptions options;
  options.context.sts = make_sts_api(nullptr, make_curl_http_client(), sts_options);
  auto provider = make_default_credentials(options);
  ASSERT_TRUE(provider.ok()) << provider.error().message;
  auto credentials = (*provider)->get();
  ASSERT_FALSE(credentials.ok());
  const std::string& message = credentials.error().message;
  EXPECT_NE(
      message.find(
          "profile pod: role arn:aws:iam::444455556666:role/eks-vigil (account 444455556666)"),
      std::string::npos)
      << message;
  EXPECT_NE(message.find("InvalidIdentityToken"), std::string::npos) << message;
  EXPECT_NE(message.find("HTTP 400"), std::string::npos) << message;
}

}  // namespace
}  // namespace vigil::aws
