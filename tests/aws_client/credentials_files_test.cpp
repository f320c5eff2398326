// The shared config files: the INI dialect, [profile x] vs [x] rules, file
// locations from the environment, and profiles with static keys or broken
// settings (errors name the profile and file:line). Real temp files and
// real environment variables.
#include <gtest/gtest.h>

#include "aws_client/credentials/ini_file.h"
#include "aws_client/credentials/profile_provider.h"
#include "aws_client/credentials/shared_config.h"
#include "credentials_test_support.h"

namespace vigil::aws {
namespace {

using testing::ScopedEnv;
using testing::TempDir;

TEST(IniFile, SectionsCommentsSubsectionsAndContinuations) {
  auto ini = parse_ini(
      "# leading comment\n"
      "[default]\n"
      "region = us-east-1   \n"
      "; another comment\n"
      "s3 =\n"
      "  max_concurrent_requests = 20\n"
      "  addressing_style = path\n"
      "output=json\n"
      "note = first\n"
      "  second\n"
      "\n"
      "[ profile prod ]\n"
      "role_arn = arn:aws:iam::111122223333:role/audit # not a comment\n",
      "config");
  ASSERT_TRUE(ini.ok()) << ini.error().message;
  const IniSection& def = ini->sections.at("default");
  EXPECT_EQ(def.values.at("region"), "us-east-1");
  EXPECT_EQ(def.values.at("s3.max_concurrent_requests"), "20");
  EXPECT_EQ(def.values.at("s3.addressing_style"), "path");
  EXPECT_EQ(def.values.at("output"), "json");
  EXPECT_EQ(def.values.at("note"), "first\nsecond");
  EXPECT_EQ(def.lines.at("output"), 8);
  const IniSection& prod = ini->sections.at("profile prod");
  EXPECT_EQ(prod.line, 12);
  EXPECT_EQ(prod.values.at("role_arn"), "arn:aws:iam::111122223333:role/audit # not a comment");
}

TEST(IniFile, ErrorsNameFileAndLine) {
  auto no_equals = parse_ini("[default]\nregion us-east-1\n", "/home/u/.aws/config");
  ASSERT_FALSE(no_equals.ok());
  EXPECT_EQ(no_equals.error().line, 2);
  EXPECT_NE(no_equals.error().message.find("/home/u/.aws/config:2:"), std::string::npos);
  auto before_section = parse_ini("\nregion = x\n", "cfg");
  ASSERT_FALSE(before_section.ok());
  EXPECT_NE(before_section.error().message.find("cfg:2:"), std::string::npos);
  auto unterminated = parse_ini("[default\n", "cfg");
  ASSERT_FALSE(unterminated.ok());
  EXPECT_NE(unterminated.error().message.find("no closing ']'"), std::string::npos);
}

TEST(IniFile, ErrorsNeverQuoteTheLine) {
  // A secret pasted on a line of its own, or a key before any section: the
  // error locates it but must not copy it into logs.
  const std::string secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  auto stray = parse_ini("[default]\naws_access_key_id = AKIDEXAMPLE\n" + secret + "\n",
                         "/home/u/.aws/credentials");
  ASSERT_FALSE(stray.ok());
  EXPECT_EQ(stray.error().line, 3);
  EXPECT_EQ(stray.error().message.find(secret), std::string::npos) << stray.error().message;
  EXPECT_NE(stray.error().message.find("/home/u/.aws/credentials:3:"), std::string::npos);
  auto before = parse_ini("aws_secret_access_key = " + secret + "\n[default]\n", "creds");
  ASSERT_FALSE(before.ok());
  EXPECT_EQ(before.error().message.find(secret), std::string::npos) << before.error().message;
  EXPECT_NE(before.error().message.find("'aws_secret_access_key'"), std::string::npos)
      << before.error().message;
}

TEST(IniFile, MissingFileIsEmpty) {
  TempDir dir;
  auto ini = load_ini_file(dir.path("absent"));
  ASSERT_TRUE(ini.ok());
  EXPECT_TRUE(ini->sections.empty());
}

TEST(SharedConfig, ProfileSectionRulesAndCredentialsOverride) {
  ScopedEnv env;
  TempDir dir;
  env.set("AWS_CONFIG_FILE",
          dir.write("config",
                    "[default]\nregion = us-east-1\n"
                    "[profile default]\nregion = eu-west-1\n"
                    "[profile dev]\nregion = eu-central-1\naws_access_key_id = FROMCONFIG\n"
                    "[staging]\nregion = ignored-not-a-profile\n"
                    "[sso-session corp]\nsso_region = us-east-1\n"));
  env.set("AWS_SHARED_CREDENTIALS_FILE", dir.write("credentials",
                                                   "[dev]\naws_access_key_id = FROMCREDS\n"
                                                   "aws_secret_access_key = secret\n"
                                                   "[profile odd]\naws_access_key_id = X\n"));
  auto config = load_shared_config(process_environment());
  ASSERT_TRUE(config.ok()) << config.error().message;
  ASSERT_NE(config->profile("default"), nullptr);
  EXPECT_EQ(*config->profile("default")->get("region"), "eu-west-1");  // [profile default] wins
  const Profile* dev = config->profile("dev");
  ASSERT_NE(dev, nullptr);
  EXPECT_EQ(*dev->get("region"), "eu-central-1");
  EXPECT_EQ(*dev->get("aws_access_key_id"), "FROMCREDS");
  EXPECT_EQ(dev->where("aws_access_key_id"), dir.path("credentials") + ":2");
  EXPECT_EQ(dev->where("region"), dir.path("config") + ":6");
  EXPECT_EQ(config->profile("staging"), nullptr);
  EXPECT_EQ(config->profile("corp"), nullptr);
  EXPECT_NE(config->profile("profile odd"), nullptr);  // credentials file: the name as written
}

TEST(SharedConfig, DefaultPathsUnderHome) {
  ScopedEnv env;
  TempDir dir;
  env.unset("AWS_CONFIG_FILE");
  env.unset("AWS_SHARED_CREDENTIALS_FILE");
  env.set("HOME", dir.path("home"));
  env.set("AWS_DEFAULT_PROFILE", "legacy");
  SharedConfigPaths paths = shared_config_paths(process_environment());
  EXPECT_EQ(paths.config, dir.path("home") + "/.aws/config");
  EXPECT_EQ(paths.credentials, dir.path("home") + "/.aws/credentials");
  EXPECT_EQ(selected_profile(process_environment()), "legacy");
  env.set("AWS_PROFILE", "prod");
  EXPECT_EQ(selected_profile(process_environment()), "prod");
}

TEST(SharedConfig, ParseErrorNamesTheFile) {
  ScopedEnv env;
  TempDir dir;
  env.set("AWS_CONFIG_FILE", dir.write("config", "[default]\nregion = us-east-1\nthis is wrong\n"));
  auto config = load_shared_config(process_environment());
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.error().message.find(dir.path("config") + ":3:"), std::string::npos);
}

class ProfileProviderTest : public ::testing::Test {
 protected:
  Result<std::shared_ptr<CredentialsProvider>> provider(const std::string& credentials,
                                                        const std::string& name) {
    env_.set("AWS_SHARED_CREDENTIALS_FILE", dir_.write("credentials", credentials));
    env_.set("AWS_CONFIG_FILE", dir_.path("no-config"));
    auto config = load_shared_config(process_environment());
    EXPECT_TRUE(config.ok());
    CredentialsContext context;
    // A real STS client that these tests never reach: every case fails or
    // succeeds before any call.
    context.sts = make_sts_api(nullptr, nullptr);
    return make_profile_provider(*config, name, context);
  }
  std::string error_of(const std::string& credentials, const std::string& name) {
    auto result = provider(credentials, name);
    EXPECT_FALSE(result.ok());
    return result.ok() ? "" : result.error().message;
  }

  ScopedEnv env_;
  TempDir dir_;
};

TEST_F(ProfileProviderTest, StaticKeys) {
  auto result = provider(
      "[ci]\naws_access_key_id = AKIDCI\naws_secret_access_key = s3cr3t\naws_session_token = tok\n",
      "ci");
  ASSERT_TRUE(result.ok()) << result.error().message;
  auto credentials = (*result)->get();
  ASSERT_TRUE(credentials.ok());
  EXPECT_EQ(credentials->access_key_id, "AKIDCI");
  EXPECT_EQ(credentials->secret_access_key, "s3cr3t");
  EXPECT_EQ(credentials->session_token, "tok");
  EXPECT_FALSE(credentials->expiration.has_value());
  EXPECT_EQ((*result)->describe(), "profile ci (" + dir_.path("credentials") + ":2)");
}

TEST_F(ProfileProviderTest, HalfKeysNameTheLine) {
  std::string message = error_of("[ci]\n\naws_access_key_id = AKIDCI\n", "ci");
  EXPECT_NE(message.find("profile ci"), std::string::npos) << message;
  EXPECT_NE(message.find(dir_.path("credentials") + ":3"), std::string::npos) << message;
  EXPECT_NE(message.find("aws_secret_access_key is not"), std::string::npos) << message;
}

TEST_F(ProfileProviderTest, UnknownProfileAndNoCredentials) {
  EXPECT_NE(error_of("[a]\nregion = x\n", "missing").find("profile 'missing' not found"),
            std::string::npos);
  EXPECT_NE(error_of("[a]\nregion = x\n", "a").find("has no credentials"), std::string::npos);
}

// Reproduced on main: credential_process profiles (aws-vault, granted,
// password managers: how many people sign in) were refused as unsupported.
TEST_F(ProfileProviderTest, CredentialProcessRunsTheCommandAndReadsItsDocument) {
  dir_.write("creds.sh",
             "#!/bin/sh\nprintf '{\"Version\": 1, \"AccessKeyId\": \"ASIAPROC\", \"SecretAccessKey\": \"s\", "
             "\"SessionToken\": \"t\", \"Expiration\": \"2099-01-01T00:00:00Z\"}'\n");
  auto ok = provider("[p]\ncredential_process = sh " + dir_.path("creds.sh") + " --profile p\n", "p");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  Result<Credentials> got = (*ok)->get();
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->access_key_id, "ASIAPROC");
  EXPECT_EQ(got->session_token, "t");
  ASSERT_TRUE(got->expiration.has_value());
  EXPECT_NE((*ok)->describe().find("credential_process of profile p"), std::string::npos) << (*ok)->describe();

  auto failing = provider("[f]\ncredential_process = sh -c 'echo token expired >&2; exit 3'\n", "f");
  ASSERT_TRUE(failing.ok());
  Result<Credentials> failed = (*failing)->get();
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().message.find("exited with status 3"), std::string::npos) << failed.error().message;
  EXPECT_NE(failed.error().message.find(dir_.path("credentials") + ":2"), std::string::npos)
      << failed.error().message;

  auto version = provider("[v]\ncredential_process = echo '{\"Version\": 2, \"AccessKeyId\": \"A\", "
                          "\"SecretAccessKey\": \"secret-never-echoed\"}'\n",
                          "v");
  ASSERT_TRUE(version.ok());
  Result<Credentials> bad = (*version)->get();
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("Version is not 1"), std::string::npos) << bad.error().message;
  EXPECT_EQ(bad.error().message.find("secret-never-echoed"), std::string::npos);

  // Static keys in the same profile win, as in the AWS CLI.
  auto keys = provider("[k]\naws_access_key_id = AKIDK\naws_secret_access_key = s\ncredential_process = false\n", "k");
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ((*keys)->get()->access_key_id, "AKIDK");
}

TEST_F(ProfileProviderTest, SourceProfileCycleIsDetected) {
  std::string message = error_of(
      "[a]\nrole_arn = arn:aws:iam::111111111111:role/a\nsource_profile = b\n"
      "[b]\nrole_arn = arn:aws:iam::222222222222:role/b\nsource_profile = c\n"
      "[c]\nrole_arn = arn:aws:iam::333333333333:role/c\nsource_profile = a\n",
      "a");
  EXPECT_NE(message.find("source_profile cycle: a -> b -> c -> a"), std::string::npos) << message;
  EXPECT_NE(message.find(dir_.path("credentials") + ":9"), std::string::npos) << message;
}

TEST_F(ProfileProviderTest, RoleSettingsAreValidated) {
  EXPECT_NE(error_of("[r]\nrole_arn = arn:aws:iam::1:role/x\n", "r")
                .find("needs source_profile or credential_source"),
            std::string::npos);
  EXPECT_NE(error_of("[r]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = s\ncredential_source "
                     "= Environment\n"
                     "[s]\naws_access_key_id = A\naws_secret_access_key = B\n",
                     "r")
                .find("not both"),
            std::string::npos);
  EXPECT_NE(error_of("[r]\nrole_arn = arn:aws:iam::1:role/x\ncredential_source = Laptop\n", "r")
                .find("'Laptop'"),
            std::string::npos);
  EXPECT_NE(error_of("[r]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = gone\n", "r")
                .find("profile 'gone' not found"),
            std::string::npos);
  std::string duration = error_of(
      "[r]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = r\naws_access_key_id = A\n"
      "aws_secret_access_key = B\nduration_seconds = 60\n",
      "r");
  EXPECT_NE(duration.find(dir_.path("credentials") + ":6"), std::string::npos) << duration;
  EXPECT_NE(error_of("[w]\nweb_identity_token_file = /tmp/t\n", "w").find("needs role_arn"),
            std::string::npos);
}

TEST_F(ProfileProviderTest, RoleProfilesDescribeTheirChain) {
  auto result = provider(
      "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n"
      "[hop]\nrole_arn = arn:aws:iam::111122223333:role/hop\nsource_profile = base\n"
      "[target]\nrole_arn = arn:aws:iam::444455556666:role/audit\nsource_profile = "
      "hop\nexternal_id = ext-1\n",
      "target");
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ((*result)->describe(),
            "profile target: role arn:aws:iam::444455556666:role/audit (account 444455556666) via "
            "profile hop: "
            "role arn:aws:iam::111122223333:role/hop (account 111122223333) via profile base (" +
                dir_.path("credentials") + ":2)");
}

}  // namespace
}  // namespace vigil::aws
