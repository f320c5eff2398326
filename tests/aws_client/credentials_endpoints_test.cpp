// The HTTP credential endpoints, against a local server speaking their real
// wire formats: EC2 instance metadata (IMDSv2 session tokens, role listing,
// credentials JSON) and container credentials (full URI, authorization token
// file). Also the shared refresh policy: refresh 5 minutes before expiry,
// keep valid credentials when a refresh fails, refuse expired ones.
#include <atomic>

#include <gtest/gtest.h>

#include "aws_client/credentials/container.h"
#include "aws_client/credentials/imds.h"
#include "credentials_test_support.h"

namespace vigil::aws {
namespace {

using testing::LocalServer;
using testing::ScopedEnv;
using testing::TempDir;
using testing::TestClock;

std::string credentials_json(const std::string& key, const std::string& expiration) {
  return nlohmann::json({{"Code", "Success"},
                         {"Type", "AWS-HMAC"},
                         {"AccessKeyId", key},
                         {"SecretAccessKey", "secret-" + key},
                         {"Token", "token-" + key},
                         {"Expiration", expiration}})
      .dump();
}

// An instance metadata service with one role; `valid_token` is the only
// session token it accepts (a test can expire it by changing it).
struct FakeInstance {
  std::atomic<int> tokens_issued{0}, credential_reads{0};
  std::mutex mutex;
  std::string valid_token;
  std::string role = "vigil-instance-role";
  std::string expiration = testing::in(std::chrono::hours(6));

  void routes(httplib::Server& server) {
    server.Put("/latest/api/token", [this](const httplib::Request& req, httplib::Response& res) {
      if (req.get_header_value("X-aws-ec2-metadata-token-ttl-seconds") != "21600") {
        res.status = 400;
        return;
      }
      std::lock_guard lock(mutex);
      valid_token = "session-" + std::to_string(++tokens_issued);
      res.set_content(valid_token, "text/plain");
    });
    server.Get(R"(/latest/meta-data/iam/security-credentials/(.*))",
               [this](const httplib::Request& req, httplib::Response& res) {
                 std::lock_guard lock(mutex);
                 if (req.get_header_value("X-aws-ec2-metadata-token") != valid_token) {
                   res.status = 401;
                   return;
                 }
                 std::string name = req.matches[1];
                 if (name.empty()) {
                   if (role.empty()) {
                     res.status = 404;
                   } else {
                     res.set_content(role + "\n", "text/plain");
                   }
                 } else if (name == role) {
                   ++credential_reads;
                   res.set_content(
                       credentials_json("ASIAIMDS" + std::to_string(credential_reads), expiration),
                       "text/plain");
                 } else {
                   res.status = 404;
                 }
               });
  }
};

std::shared_ptr<HttpClient> http() { return make_curl_http_client(); }

ImdsSettings imds_at(const std::string& url) {
  ImdsSettings settings;
  settings.endpoint = url;
  return settings;
}

TEST(ImdsProvider, FetchesWithSessionTokenAndReusesIt) {
  FakeInstance instance;
  LocalServer server([&](httplib::Server& s) { instance.routes(s); });
  TestClock clock;
  auto provider = make_imds_provider(http(), imds_at(server.url()), clock.function());
  auto first = provider->get();
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->access_key_id, "ASIAIMDS1");
  EXPECT_EQ(first->secret_access_key, "secret-ASIAIMDS1");
  EXPECT_EQ(first->session_token, "token-ASIAIMDS1");
  EXPECT_EQ(first->source, "EC2 instance role vigil-instance-role");
  ASSERT_TRUE(first->expiration.has_value());

  EXPECT_EQ(provider->get()->access_key_id, "ASIAIMDS1");  // cached: far from expiry
  EXPECT_EQ(instance.credential_reads, 1);

  clock.now += std::chrono::hours(6) - std::chrono::minutes(4);  // inside the 5-minute margin
  instance.expiration = testing::in(std::chrono::hours(12));
  EXPECT_EQ(provider->get()->access_key_id, "ASIAIMDS2");
  EXPECT_EQ(instance.credential_reads, 2);
  EXPECT_EQ(instance.tokens_issued, 1);  // session token still within its TTL
}

TEST(ImdsProvider, RenewsARejectedSessionToken) {
  FakeInstance instance;
  LocalServer server([&](httplib::Server& s) { instance.routes(s); });
  TestClock clock;
  auto provider = make_imds_provider(http(), imds_at(server.url()), clock.function());
  ASSERT_TRUE(provider->get().ok());
  {
    std::lock_guard lock(instance.mutex);
    instance.valid_token = "rotated-by-the-service";
  }
  clock.now += std::chrono::hours(6);
  instance.expiration = testing::in(std::chrono::hours(12));
  auto again = provider->get();
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(instance.tokens_issued, 2);
}

TEST(ImdsProvider, NoRoleAttached) {
  FakeInstance instance;
  instance.role = "";
  LocalServer server([&](httplib::Server& s) { instance.routes(s); });
  auto result = make_imds_provider(http(), imds_at(server.url()))->get();
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("no IAM role is attached"), std::string::npos)
      << result.error().message;
  EXPECT_NE(result.error().message.find(server.url()), std::string::npos);
}

TEST(ImdsProvider, FailureDocumentWithOddTypesIsAnErrorNotAnException) {
  // IMDS reports a role it cannot assume as {"Code": ..., "Message": ...};
  // a Message that is not a string must still come back as an Error value.
  LocalServer server([](httplib::Server& s) {
    s.Put("/latest/api/token", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("session", "text/plain");
    });
    s.Get(R"(/latest/meta-data/iam/security-credentials/(.*))", [](const httplib::Request& req,
                                                                   httplib::Response& res) {
      if (std::string(req.matches[1]).empty()) {
        res.set_content("broken-role\n", "text/plain");
      } else {
        res.set_content(R"({"Code": "AssumeRoleUnauthorizedAccess", "Message": 42})", "text/plain");
      }
    });
  });
  Result<Credentials> result = Error{};
  EXPECT_NO_THROW(result = make_imds_provider(http(), imds_at(server.url()))->get());
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("AssumeRoleUnauthorizedAccess"), std::string::npos)
      << result.error().message;
}

TEST(ImdsProvider, SettingsFromEnvironment) {
  ScopedEnv env;
  EXPECT_FALSE(imds_settings(process_environment()).has_value());  // ScopedEnv disables it
  env.set("AWS_EC2_METADATA_DISABLED", "false");
  EXPECT_EQ(imds_settings(process_environment())->endpoint, "http://169.254.169.254");
  env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6");
  EXPECT_EQ(imds_settings(process_environment())->endpoint, "http://[fd00:ec2::254]");
  env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1338");
  EXPECT_EQ(imds_settings(process_environment())->endpoint, "http://127.0.0.1:1338");
  env.set("AWS_EC2_METADATA_DISABLED", "TRUE");
  EXPECT_FALSE(imds_settings(process_environment()).has_value());
}

// A container credentials endpoint requiring `Authorization: <expected>`.
struct FakeContainerAgent {
  std::mutex mutex;
  std::string expected_token = "token-one";
  std::string expiration = testing::in(std::chrono::hours(1));
  int status = 200;
  std::atomic<int> reads{0};

  void routes(httplib::Server& server) {
    server.Get("/v2/credentials/task", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex);
      if (status != 200) {
        res.status = status;
        res.set_content("agent unavailable", "text/plain");
        return;
      }
      if (req.get_header_value("Authorization") != expected_token) {
        res.status = 401;
        return;
      }
      ++reads;
      res.set_content(credentials_json("ASIATASK" + std::to_string(reads), expiration),
                      "application/json");
    });
  }
};

TEST(ContainerProvider, FullUriWithTokenFileReReadOnRefresh) {
  ScopedEnv env;
  TempDir dir;
  FakeContainerAgent agent;
  LocalServer server([&](httplib::Server& s) { agent.routes(s); });
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/v2/credentials/task");
  env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", dir.write("token", "token-one\n"));
  env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored-when-the-file-is-set");
  auto settings = container_settings(process_environment());
  ASSERT_TRUE(settings.ok() && settings->has_value());
  TestClock clock;
  auto provider = make_container_provider(http(), **settings, clock.function());
  auto first = provider->get();
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->access_key_id, "ASIATASK1");
  EXPECT_EQ(first->session_token, "token-ASIATASK1");

  {
    std::lock_guard lock(agent.mutex);
    agent.expected_token = "token-two";
    agent.expiration = testing::in(std::chrono::hours(2));
  }
  dir.write("token", "token-two");
  clock.now += std::chrono::minutes(56);
  auto second = provider->get();
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->access_key_id, "ASIATASK2");
}

TEST(ContainerProvider, SettingsRules) {
  ScopedEnv env;
  EXPECT_FALSE(container_settings(process_environment())->has_value());
  env.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc");
  EXPECT_EQ((*container_settings(process_environment()))->url,
            "http://169.254.170.2/v2/credentials/abc");
  env.unset("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://10.0.0.8/creds");
  auto refused = container_settings(process_environment());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("use https"), std::string::npos);
  // A fragment is not userinfo: the host is evil.example, not the loopback.
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://evil.example#@127.0.0.1/creds");
  EXPECT_FALSE(container_settings(process_environment()).ok());
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "https://creds.example.com/x");
  EXPECT_TRUE(container_settings(process_environment()).ok());
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.170.23/v1/credentials");
  EXPECT_TRUE(container_settings(process_environment()).ok());
}

TEST(ContainerProvider, ExpiredCredentialsFailFast) {
  FakeContainerAgent agent;
  agent.expiration = testing::in(-std::chrono::minutes(3));
  LocalServer server([&](httplib::Server& s) { agent.routes(s); });
  ContainerSettings settings;
  settings.url = server.url() + "/v2/credentials/task";
  settings.auth_token = "token-one";
  auto result = make_container_provider(http(), settings)->get();
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("expired at"), std::string::npos) << result.error().message;
  EXPECT_NE(result.error().message.find(settings.url), std::string::npos);
}

TEST(ContainerProvider, FailedRefreshKeepsValidCredentialsThenFails) {
  FakeContainerAgent agent;
  LocalServer server([&](httplib::Server& s) { agent.routes(s); });
  ContainerSettings settings;
  settings.url = server.url() + "/v2/credentials/task";
  settings.auth_token = "token-one";
  TestClock clock;
  auto provider = make_container_provider(http(), settings, clock.function());
  ASSERT_TRUE(provider->get().ok());
  {
    std::lock_guard lock(agent.mutex);
    agent.status = 500;
  }
  clock.now += std::chrono::minutes(57);  // 3 minutes left: refresh fails, still valid
  auto kept = provider->get();
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->access_key_id, "ASIATASK1");
  clock.now += std::chrono::minutes(4);  // now expired
  auto failed = provider->get();
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().message.find("HTTP 500"), std::string::npos) << failed.error().message;
}

}  // namespace
}  // namespace vigil::aws
