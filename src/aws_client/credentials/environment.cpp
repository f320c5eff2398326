#include "aws_client/credentials/environment.h"

#include "aws_client/credentials/credentials_json.h"

namespace vigil::aws {
namespace {

std::string value_of(const EnvLookup& env, const char* name) {
  std::optional<std::string> value = env(name);
  return value ? *value : std::string();
}

class EnvironmentProvider : public CredentialsProvider {
 public:
  EnvironmentProvider(EnvLookup env, WallClock now) : env_(std::move(env)), now_(std::move(now)) {}

  Result<Credentials> get() override {
    Result<std::optional<Credentials>> credentials = environment_credentials(env_, now_);
    if (!credentials.ok()) return credentials.error();
    if (!credentials->has_value()) {
      return Error(
          "environment: AWS_ACCESS_KEY_ID is not set (export AWS_ACCESS_KEY_ID and "
          "AWS_SECRET_ACCESS_KEY)");
    }
    return **credentials;
  }
  std::string describe() const override { return "environment variables (AWS_ACCESS_KEY_ID)"; }

 private:
  EnvLookup env_;
  WallClock now_;
};

}  // namespace

Result<std::optional<Credentials>> environment_credentials(const EnvLookup& env, WallClock now) {
  std::string key = value_of(env, "AWS_ACCESS_KEY_ID");
  std::string secret = value_of(env, "AWS_SECRET_ACCESS_KEY");
  if (key.empty()) {
    if (!secret.empty()) {
      return Error(
          "environment: AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not; set both or "
          "neither");
    }
    return std::optional<Credentials>();
  }
  if (secret.empty()) {
    return Error(
        "environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both or "
        "neither");
  }
  Credentials credentials;
  credentials.access_key_id = key;
  credentials.secret_access_key = secret;
  credentials.session_token = value_of(env, "AWS_SESSION_TOKEN");
  if (credentials.session_token.empty())
    credentials.session_token = value_of(env, "AWS_SECURITY_TOKEN");
  credentials.source = "environment";
  std::string expiration = value_of(env, "AWS_CREDENTIAL_EXPIRATION");
  if (!expiration.empty()) {
    auto parsed = parse_aws_timestamp(expiration);
    if (!parsed.ok())
      return Error("environment: AWS_CREDENTIAL_EXPIRATION " + parsed.error().message);
    auto current = now ? now() : std::chrono::system_clock::now();
    if (*parsed <= current) {
      return Error("environment: the credentials in AWS_ACCESS_KEY_ID (" + key + ") expired at " +
                   format_utc(*parsed) + " (AWS_CREDENTIAL_EXPIRATION); export fresh ones");
    }
    credentials.expiration = *parsed;
  }
  return std::optional<Credentials>(std::move(credentials));
}

std::shared_ptr<CredentialsProvider> make_environment_provider(EnvLookup env, WallClock now) {
  if (!env) env = process_environment();
  return std::make_shared<EnvironmentProvider>(std::move(env), std::move(now));
}

}  // namespace vigil::aws
