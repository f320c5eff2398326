// IAM Identity Center (SSO) profiles, both forms (sso_session + [sso-session]
// and the legacy settings in the profile): the token `aws sso login` cached
// in HOME/.aws/sso/cache/<sha1>.json (real files in a temp HOME), SSO
// GetRoleCredentials on a local portal that checks the bearer token, and
// the errors that tell the user to sign in again (expired token, no token,
// token refused by the portal). Reproduced on main: SSO profiles were
// refused as unsupported.
#include <gtest/gtest.h>

#include "aws_client/credentials/default_chain.h"
#include "aws_client/credentials/sso.h"
#include "credentials_test_support.h"

namespace vigil::aws {
namespace {

using testing::FakeSsoPortal;
using testing::LocalServer;
using testing::ScopedEnv;
using testing::TempDir;

// `printf %s corp | sha1sum` and `printf %s https://legacy.awsapps.com/start | sha1sum`.
constexpr const char* kCorpSessionKey = "ee0bfd2552fbd840c02cc48b6e823320543c450f";
constexpr const char* kLegacyStartUrlKey = "79e435d7a515078e81c9dffc35f38d5687ebd3a7";

const char* kConfig =
    "[profile dev]\n"
    "sso_session = corp\n"
    "sso_account_id = 111122223333\n"
    "sso_role_name = ReadOnly\n"
    "region = eu-west-1\n"
    "[sso-session corp]\n"
    "sso_start_url = https://corp.awsapps.com/start\n"
    "sso_region = us-east-1\n"
    "sso_registration_scopes = sso:account:access\n"
    "[profile old]\n"
    "sso_start_url = https://legacy.awsapps.com/start\n"
    "sso_region = eu-central-1\n"
    "sso_account_id = 111122223333\n"
    "sso_role_name = ReadOnly\n";

class SsoProfiles : public ::testing::Test {
 protected:
  void SetUp() override {
    env_.set("HOME", home());
    env_.set("AWS_ENDPOINT_URL_SSO", server_.url());
    env_.set("AWS_SHARED_CREDENTIALS_FILE", dir_.path("no-credentials"));
    config(kConfig);
  }
  void config(const std::string& text) { env_.set("AWS_CONFIG_FILE", dir_.write("config", text)); }
  std::string home() const { return dir_.path("home"); }
  std::string cache_file(const std::string& key) const {
    return home() + "/.aws/sso/cache/" + key + ".json";
  }
  Result<std::shared_ptr<CredentialsProvider>> provider(const std::string& profile) {
    ChainOptions options;
    options.profile = profile;
    options.context.http = make_curl_http_client();
    options.context.sts = make_sts_api(nullptr, nullptr);
    return make_default_credentials(options);
  }
  // The Error of profile's get().
  std::string failure(const std::string& profile) {
    auto made = provider(profile);
    if (!made.ok()) return made.error().message;
    auto got = (*made)->get();
    EXPECT_FALSE(got.ok()) << "got credentials " << got->access_key_id;
    return got.ok() ? "" : got.error().message;
  }

  ScopedEnv env_;
  TempDir dir_;
  FakeSsoPortal portal_;
  LocalServer server_{[this](httplib::Server& s) { portal_.routes(s); }};
};

TEST_F(SsoProfiles, TokenCacheFileIsNamedBySha1OfSessionNameOrStartUrl) {
  auto loaded = load_shared_config(process_environment());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  auto dev = sso_settings(*loaded, *loaded->profile("dev"), {});
  ASSERT_TRUE(dev.ok()) << dev.error().message;
  EXPECT_EQ(dev->session_name, "corp");
  EXPECT_EQ(dev->start_url, "https://corp.awsapps.com/start");  // from [sso-session corp]
  EXPECT_EQ(dev->region, "us-east-1");
  EXPECT_EQ(sso_token_path(*dev), cache_file(kCorpSessionKey));
  EXPECT_EQ(dev->endpoint_url, server_.url());  // AWS_ENDPOINT_URL_SSO
  auto old = sso_settings(*loaded, *loaded->profile("old"), {});
  ASSERT_TRUE(old.ok()) << old.error().message;
  EXPECT_EQ(old->session_name, "");
  EXPECT_EQ(sso_token_path(*old), cache_file(kLegacyStartUrlKey));

  env_.unset("AWS_ENDPOINT_URL_SSO");  // the real portal of the session's region
  auto real = sso_settings(*loaded, *loaded->profile("old"), {});
  ASSERT_TRUE(real.ok());
  EXPECT_EQ(real->endpoint_url, "https://portal.sso.eu-central-1.amazonaws.com");
}

TEST_F(SsoProfiles, SessionFormGetsRoleCredentialsWithTheCachedToken) {
  testing::write_sso_token(home(), kCorpSessionKey, "sso-access-token",
                           testing::in(std::chrono::hours(8)));
  auto made = provider("dev");
  ASSERT_TRUE(made.ok()) << made.error().message;
  auto credentials = (*made)->get();
  ASSERT_TRUE(credentials.ok()) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ASIASSO1");
  EXPECT_EQ(credentials->secret_access_key, "secret-ASIASSO1");
  EXPECT_EQ(credentials->session_token, "session-ASIASSO1");
  ASSERT_TRUE(credentials->expiration.has_value());
  EXPECT_LT(std::chrono::abs(*credentials->expiration - portal_.expiration),
            std::chrono::milliseconds(1));  // epoch milliseconds
  EXPECT_EQ(portal_.call_count(), 1);
  EXPECT_EQ(portal_.tokens_seen.at(0), "sso-access-token");
  EXPECT_NE((*made)->describe().find("profile dev: SSO role ReadOnly in account 111122223333"),
            std::string::npos)
      << (*made)->describe();
  // Cached until 5 minutes before they expire.
  ASSERT_TRUE((*made)->get().ok());
  EXPECT_EQ(portal_.call_count(), 1);
}

TEST_F(SsoProfiles, LegacyFormReadsTheTokenCachedForItsStartUrl) {
  // Older CLI versions wrote expiresAt as "2024-01-02T03:04:05UTC".
  std::string expires = testing::in(std::chrono::hours(8));
  expires.back() = 'U';
  expires += "TC";
  testing::write_sso_token(home(), kLegacyStartUrlKey, "legacy-token", expires);
  portal_.accept("legacy-token");
  auto made = provider("old");
  ASSERT_TRUE(made.ok()) << made.error().message;
  auto credentials = (*made)->get();
  ASSERT_TRUE(credentials.ok()) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ASIASSO1");
  EXPECT_EQ(portal_.tokens_seen.at(0), "legacy-token");
}

TEST_F(SsoProfiles, AwsProfileSelectsAnSsoProfileInTheDefaultChain) {
  testing::write_sso_token(home(), kCorpSessionKey, "sso-access-token",
                           testing::in(std::chrono::hours(8)));
  env_.set("AWS_PROFILE", "dev");
  ChainOptions options;
  options.context.http = make_curl_http_client();
  auto made = make_default_credentials(options);
  ASSERT_TRUE(made.ok()) << made.error().message;
  auto credentials = (*made)->get();
  ASSERT_TRUE(credentials.ok()) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ASIASSO1");
}

TEST_F(SsoProfiles, ExpiredTokenSaysToSignInAgain) {
  testing::write_sso_token(home(), kCorpSessionKey, "sso-access-token",
                           testing::in(-std::chrono::hours(1)));
  std::string message = failure("dev");
  EXPECT_NE(message.find("profile dev"), std::string::npos) << message;
  EXPECT_NE(message.find("expired at"), std::string::npos) << message;
  EXPECT_NE(message.find("aws sso login --profile dev"), std::string::npos) << message;
  EXPECT_NE(message.find("aws sso login --sso-session corp"), std::string::npos) << message;
  EXPECT_EQ(message.find("sso-access-token"), std::string::npos) << message;
  EXPECT_EQ(portal_.call_count(), 0);
}

TEST_F(SsoProfiles, MissingTokenSaysToSignIn) {
  std::string message = failure("old");
  EXPECT_NE(message.find("profile old"), std::string::npos) << message;
  EXPECT_NE(message.find("not signed in"), std::string::npos) << message;
  EXPECT_NE(message.find(cache_file(kLegacyStartUrlKey)), std::string::npos) << message;
  EXPECT_NE(message.find("aws sso login --profile old"), std::string::npos) << message;
  EXPECT_EQ(message.find("--sso-session"), std::string::npos) << message;
  EXPECT_EQ(portal_.call_count(), 0);

  // A file that is not a token is the same advice, never quoted.
  std::filesystem::create_directories(home() + "/.aws/sso/cache");
  std::ofstream(cache_file(kLegacyStartUrlKey)) << R"({"clientSecret": "never-quoted"})";
  message = failure("old");
  EXPECT_NE(message.find("aws sso login --profile old"), std::string::npos) << message;
  EXPECT_EQ(message.find("never-quoted"), std::string::npos) << message;
}

TEST_F(SsoProfiles, PortalRefusingTheTokenSaysToSignIn) {
  // Signed out elsewhere: the token has not expired by its date, but the
  // portal no longer knows it.
  testing::write_sso_token(home(), kCorpSessionKey, "revoked-token",
                           testing::in(std::chrono::hours(8)));
  std::string message = failure("dev");
  EXPECT_NE(message.find("UnauthorizedException"), std::string::npos) << message;
  EXPECT_NE(message.find("aws sso login --profile dev"), std::string::npos) << message;
  EXPECT_EQ(message.find("revoked-token"), std::string::npos) << message;
  EXPECT_EQ(portal_.call_count(), 1);

  portal_.accept("revoked-token");
  {
    std::lock_guard lock(portal_.mutex);
    portal_.role = "Admin";  // the user is no longer assigned ReadOnly
  }
  message = failure("dev");
  EXPECT_NE(message.find("ForbiddenException"), std::string::npos) << message;
  EXPECT_NE(message.find("role ReadOnly in account 111122223333"), std::string::npos) << message;
}

TEST_F(SsoProfiles, SettingsErrorsNameTheProfileAndLine) {
  config(
      "[profile nosession]\nsso_session = gone\nsso_account_id = 1\nsso_role_name = R\n"
      "[profile norole]\nsso_session = corp\nsso_account_id = 111122223333\n"
      "[profile clash]\nsso_session = corp\nsso_start_url = https://other.awsapps.com/start\n"
      "sso_account_id = 1\nsso_role_name = R\n"
      "[profile halflegacy]\nsso_start_url = https://legacy.awsapps.com/start\n"
      "sso_account_id = 1\nsso_role_name = R\n"
      "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = "
      "us-east-1\n");
  const std::string file = dir_.path("config");
  std::string message = failure("nosession");
  EXPECT_NE(message.find("sso_session 'gone' at " + file + ":2"), std::string::npos) << message;
  message = failure("norole");
  EXPECT_NE(
      message.find("profile norole (" + file + ":5) is an SSO profile but lacks sso_role_name"),
      std::string::npos)
      << message;
  message = failure("clash");
  EXPECT_NE(message.find("'https://other.awsapps.com/start' at " + file + ":10"), std::string::npos)
      << message;
  EXPECT_NE(message.find("disagrees"), std::string::npos) << message;
  message = failure("halflegacy");
  EXPECT_NE(message.find("lacks sso_region"), std::string::npos) << message;
  EXPECT_EQ(portal_.call_count(), 0);
}

}  // namespace
}  // namespace vigil::aws
