// The environment provider and the default chain's order, with real
// environment variables (set, then restored) and real files: environment
// beats profiles, an explicit profile beats the environment, AWS_PROFILE
// must exist, a profile without keys falls through to the container
// endpoint, instance metadata is the last resort, and "nothing found" says
// what was checked.
#include <gtest/gtest.h>

#include "aws_client/credentials/default_chain.h"
#include "aws_client/credentials/environment.h"
#include "credentials_test_support.h"

namespace vigil::aws {
namespace {

using testing::LocalServer;
using testing::ScopedEnv;
using testing::TempDir;

class ChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_.set("AWS_CONFIG_FILE", dir_.path("config"));
    env_.set("AWS_SHARED_CREDENTIALS_FILE", dir_.path("credentials"));
  }
  Result<std::shared_ptr<CredentialsProvider>> chain(const std::string& profile = "") {
    ChainOptions options;
    options.profile = profile;
    options.context.http = make_curl_http_client();
    options.context.sts = make_sts_api(nullptr, options.context.http);
    return make_default_credentials(options);
  }
  std::string key_from(const Result<std::shared_ptr<CredentialsProvider>>& provider) {
    EXPECT_TRUE(provider.ok()) << provider.error().message;
    if (!provider.ok()) return "";
    auto credentials = (*provider)->get();
    EXPECT_TRUE(credentials.ok()) << credentials.error().message;
    return credentials.ok() ? credentials->access_key_id : "";
  }

  ScopedEnv env_;
  TempDir dir_;
};

TEST_F(ChainTest, EnvironmentVariables) {
  env_.set("AWS_ACCESS_KEY_ID", "AKIDENV");
  env_.set("AWS_SECRET_ACCESS_KEY", "env-secret");
  env_.set("AWS_SESSION_TOKEN", "env-token");
  auto provider = chain();
  ASSERT_TRUE(provider.ok());
  EXPECT_EQ((*provider)->describe(), "environment variables (AWS_ACCESS_KEY_ID)");
  auto credentials = (*provider)->get();
  ASSERT_TRUE(credentials.ok());
  EXPECT_EQ(credentials->access_key_id, "AKIDENV");
  EXPECT_EQ(credentials->secret_access_key, "env-secret");
  EXPECT_EQ(credentials->session_token, "env-token");
  env_.set("AWS_ACCESS_KEY_ID", "AKIDROTATED");  // read on every get()
  EXPECT_EQ((*provider)->get()->access_key_id, "AKIDROTATED");
}

TEST_F(ChainTest, HalfSetOrExpiredEnvironmentIsAnError) {
  env_.set("AWS_ACCESS_KEY_ID", "AKIDENV");
  auto half = chain();
  ASSERT_FALSE(half.ok());
  EXPECT_NE(half.error().message.find("AWS_SECRET_ACCESS_KEY is not"), std::string::npos);
  env_.set("AWS_SECRET_ACCESS_KEY", "s");
  env_.set("AWS_CREDENTIAL_EXPIRATION", "2020-01-01T00:00:00Z");
  auto expired = chain();
  ASSERT_FALSE(expired.ok());
  EXPECT_NE(expired.error().message.find("expired at 2020-01-01T00:00:00Z"), std::string::npos)
      << expired.error().message;
  EXPECT_NE(expired.error().message.find("AKIDENV"), std::string::npos);
}

TEST_F(ChainTest, EnvironmentBeatsProfileButExplicitProfileBeatsEnvironment) {
  dir_.write("credentials",
             "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = d\n"
             "[prod]\naws_access_key_id = AKIDPROD\naws_secret_access_key = p\n");
  EXPECT_EQ(key_from(chain()), "AKIDDEFAULT");
  env_.set("AWS_PROFILE", "prod");
  EXPECT_EQ(key_from(chain()), "AKIDPROD");
  env_.set("AWS_ACCESS_KEY_ID", "AKIDENV");
  env_.set("AWS_SECRET_ACCESS_KEY", "e");
  EXPECT_EQ(key_from(chain()), "AKIDENV");
  EXPECT_EQ(key_from(chain("default")), "AKIDDEFAULT");
  auto missing = chain("nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("profile 'nope' not found in " + dir_.path("config")),
            std::string::npos);
}

TEST_F(ChainTest, MissingAwsProfileIsAnError) {
  env_.set("AWS_PROFILE", "typo");
  auto result = chain();
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("profile 'typo' (from AWS_PROFILE) not found"),
            std::string::npos);
}

TEST_F(ChainTest, ProfileWithoutKeysFallsThroughToContainer) {
  dir_.write("config", "[default]\nregion = eu-west-1\n");
  LocalServer server([](httplib::Server& s) {
    s.Get("/creds", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(nlohmann::json({{"AccessKeyId", "ASIACONTAINER"},
                                      {"SecretAccessKey", "c"},
                                      {"Token", "t"},
                                      {"Expiration", testing::in(std::chrono::hours(1))}})
                          .dump(),
                      "application/json");
    });
  });
  env_.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/creds");
  auto provider = chain();
  EXPECT_EQ(key_from(provider), "ASIACONTAINER");
  EXPECT_EQ((*provider)->describe(), "container credentials endpoint " + server.url() + "/creds");
}

TEST_F(ChainTest, InstanceMetadataIsTheLastResort) {
  LocalServer server([](httplib::Server& s) {
    s.Put("/latest/api/token", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("tok", "text/plain");
    });
    s.Get("/latest/meta-data/iam/security-credentials/",
          [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
  });
  env_.unset("AWS_EC2_METADATA_DISABLED");
  env_.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url());
  auto provider = chain();
  ASSERT_TRUE(provider.ok()) << provider.error().message;
  EXPECT_EQ((*provider)->describe(), "EC2 instance metadata (IMDSv2) at " + server.url());
  auto credentials = (*provider)->get();
  ASSERT_FALSE(credentials.ok());
  EXPECT_NE(credentials.error().message.find("no AWS credentials found (checked AWS_ACCESS_KEY_ID"),
            std::string::npos)
      << credentials.error().message;
  EXPECT_NE(credentials.error().message.find("no IAM role is attached"), std::string::npos);
}

TEST_F(ChainTest, NothingConfigured) {
  auto result = chain();
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("no AWS credentials found"), std::string::npos);
  EXPECT_NE(result.error().message.find(dir_.path("credentials")), std::string::npos);
  EXPECT_NE(result.error().message.find("instance metadata is disabled"), std::string::npos);
}

TEST_F(ChainTest, CredentialSourceEnvironmentNeedsNoFileKeys) {
  dir_.write("config",
             "[profile ops]\nrole_arn = arn:aws:iam::444455556666:role/ops\ncredential_source = "
             "Environment\n");
  auto provider = chain("ops");
  ASSERT_TRUE(provider.ok()) << provider.error().message;
  EXPECT_EQ((*provider)->describe(),
            "profile ops: role arn:aws:iam::444455556666:role/ops (account 444455556666) via "
            "environment variables "
            "(AWS_ACCESS_KEY_ID)");
}

}  // namespace
}  // namespace vigil::aws
