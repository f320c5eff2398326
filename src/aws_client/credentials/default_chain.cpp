#include "aws_client/credentials/default_chain.h"

#include "aws_client/credentials/assume_role.h"
#include "aws_client/credentials/container.h"
#include "aws_client/credentials/environment.h"
#include "aws_client/credentials/imds.h"

namespace vigil::aws {
namespace {

using ProviderResult = Result<std::shared_ptr<CredentialsProvider>>;

// The instance metadata as the chain's last resort: its failures also say
// which other sources were looked at, since reaching it means none applied.
class LastResortProvider : public CredentialsProvider {
 public:
  LastResortProvider(std::shared_ptr<CredentialsProvider> inner, std::string checked)
      : inner_(std::move(inner)), checked_(std::move(checked)) {}
  Result<Credentials> get() override {
    Result<Credentials> result = inner_->get();
    if (result.ok()) return result;
    return Error("no AWS credentials found (checked " + checked_ +
                 "); the last resort failed: " + result.error().message);
  }
  std::string describe() const override { return inner_->describe(); }
  Result<Credentials> refresh(const Credentials& rejected) override {
    return inner_->refresh(rejected);
  }

 private:
  std::shared_ptr<CredentialsProvider> inner_;
  std::string checked_;
};

}  // namespace

Result<std::shared_ptr<CredentialsProvider>> make_default_credentials(const ChainOptions& options) {
  CredentialsContext context = options.context;
  if (!context.env) context.env = process_environment();
  const EnvLookup& env = context.env;
  auto value = [&](const char* name) {
    std::optional<std::string> v = env(name);
    return v ? *v : std::string();
  };

  if (!options.profile.empty()) {
    Result<SharedConfig> config = load_shared_config(env);
    if (!config.ok()) return config.error();
    return make_profile_provider(*config, options.profile, context);
  }

  Result<std::optional<Credentials>> from_env = environment_credentials(env, context.now);
  if (!from_env.ok()) return from_env.error();
  if (from_env->has_value()) return make_environment_provider(env, context.now);

  std::string token_file = value("AWS_WEB_IDENTITY_TOKEN_FILE");
  std::string role_arn = value("AWS_ROLE_ARN");
  if (!token_file.empty() || !role_arn.empty()) {
    if (token_file.empty() || role_arn.empty()) {
      return Error(std::string("environment: ") +
                   (token_file.empty()
                        ? "AWS_ROLE_ARN is set but AWS_WEB_IDENTITY_TOKEN_FILE is not"
                        : "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not") +
                   "; web identity needs both");
    }
    if (!context.sts)
      return Error(
          "environment: web identity (AWS_ROLE_ARN) needs STS, but no STS client was configured");
    WebIdentitySettings settings{role_arn, token_file, value("AWS_ROLE_SESSION_NAME"), 0,
                                 "environment"};
    return make_web_identity_provider(context.sts, std::move(settings), context.now);
  }

  Result<SharedConfig> config = load_shared_config(env);
  if (!config.ok()) return config.error();
  const std::string profile = selected_profile(env);
  const Profile* selected = config->profile(profile);
  if (selected == nullptr && profile != "default") {
    return Error("profile '" + profile + "' (from AWS_PROFILE) not found in " +
                 config->config_path + " or " + config->credentials_path);
  }
  if (selected != nullptr && profile_has_credentials(*selected)) {
    return make_profile_provider(*config, profile, context);
  }

  Result<std::optional<ContainerSettings>> container = container_settings(env);
  if (!container.ok()) return container.error();
  if (container->has_value()) {
    if (!context.http)
      return Error("container credentials are configured but no HTTP client was given");
    return make_container_provider(context.http, **container, context.now);
  }

  std::string checked = "AWS_ACCESS_KEY_ID, AWS_WEB_IDENTITY_TOKEN_FILE, profile '" + profile +
                        "' in " + config->config_path + " and " + config->credentials_path +
                        ", AWS_CONTAINER_CREDENTIALS_*";
  std::optional<ImdsSettings> imds = imds_settings(env);
  if (!imds || !context.http) {
    return Error("no AWS credentials found (checked " + checked +
                 "; EC2 instance metadata is disabled); export AWS_PROFILE or AWS_ACCESS_KEY_ID");
  }
  return std::shared_ptr<CredentialsProvider>(std::make_shared<LastResortProvider>(
      make_imds_provider(context.http, *imds, context.now), checked));
}

}  // namespace vigil::aws
