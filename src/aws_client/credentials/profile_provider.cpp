#include "aws_client/credentials/profile_provider.h"

#include <charconv>
#include <vector>

#include "aws_client/credentials/assume_role.h"
#include "aws_client/credentials/container.h"
#include "aws_client/credentials/environment.h"
#include "aws_client/credentials/imds.h"
#include "aws_client/credentials/process_provider.h"
#include "aws_client/credentials/refreshing.h"
#include "aws_client/credentials/sso.h"

namespace vigil::aws {
namespace {

using ProviderResult = Result<std::shared_ptr<CredentialsProvider>>;

class ProfileResolver {
 public:
  ProfileResolver(const SharedConfig& config, const CredentialsContext& context)
      : config_(config), context_(context) {}

  ProviderResult resolve(const std::string& name, const std::string& referenced_at) {
    const Profile* profile = config_.profile(name);
    if (profile == nullptr) {
      std::string message = "profile '" + name + "' not found in " + config_.config_path + " or " +
                            config_.credentials_path;
      if (!referenced_at.empty()) message += " (named by source_profile at " + referenced_at + ")";
      return Error(message);
    }
    for (const std::string& seen : chain_) {
      if (seen != name) continue;
      std::string path;
      for (const std::string& step : chain_) path += step + " -> ";
      return Error("source_profile cycle: " + path + name + " (at " + referenced_at + ")");
    }
    chain_.push_back(name);
    ProviderResult result = resolve_profile(*profile);
    chain_.pop_back();
    return result;
  }

 private:
  ProviderResult resolve_profile(const Profile& p) {
    const std::string label = "profile " + p.name;
    std::string role_arn = p.value_of("role_arn");
    std::string token_file = p.value_of("web_identity_token_file");
    if (!role_arn.empty()) {
      if (!context_.sts)
        return Error(label + ": role_arn needs STS, but no STS client was configured");
      if (!token_file.empty()) {
        WebIdentitySettings settings{role_arn, token_file, p.value_of("role_session_name"), 0,
                                     label};
        if (Status status = duration(p, settings.duration_seconds); !status.ok())
          return status.error();
        return make_web_identity_provider(context_.sts, std::move(settings), context_.now);
      }
      return assume_role(p, role_arn, label);
    }
    if (!token_file.empty()) {
      return Error(label + ": web_identity_token_file at " + p.where("web_identity_token_file") +
                   " needs role_arn in the same profile");
    }
    if (is_sso_profile(p)) return sso(p, label);
    return static_keys(p, label);
  }

  ProviderResult sso(const Profile& p, const std::string& label) {
    if (!context_.http) return Error(label + ": SSO needs an HTTP client, but none was configured");
    Result<SsoSettings> settings = sso_settings(config_, p, context_.env);
    if (!settings.ok()) return settings.error();
    return make_sso_provider(context_.http, std::move(*settings), context_.now);
  }

  ProviderResult assume_role(const Profile& p, const std::string& role_arn,
                             const std::string& label) {
    std::string source_profile = p.value_of("source_profile");
    std::string credential_source = p.value_of("credential_source");
    if (!source_profile.empty() && !credential_source.empty()) {
      return Error(label + ": set either source_profile (" + p.where("source_profile") +
                   ") or credential_source (" + p.where("credential_source") + "), not both");
    }
    std::shared_ptr<CredentialsProvider> base;
    if (!source_profile.empty()) {
      ProviderResult source = source_profile == p.name
                                  ? static_keys(p, label)
                                  : resolve(source_profile, p.where("source_profile"));
      if (!source.ok()) return source.error();
      base = *source;
    } else if (!credential_source.empty()) {
      ProviderResult source = from_credential_source(
          credential_source, label + " (" + p.where("credential_source") + ")");
      if (!source.ok()) return source.error();
      base = *source;
    } else {
      return Error(label + ": role_arn at " + p.where("role_arn") +
                   " needs source_profile or credential_source to say whose credentials assume it");
    }
    AssumeRoleSettings settings;
    settings.role_arn = role_arn;
    settings.external_id = p.value_of("external_id");
    settings.session_name = p.value_of("role_session_name");
    settings.label = label;
    if (Status status = duration(p, settings.duration_seconds); !status.ok()) return status.error();
    return make_assume_role_provider(context_.sts, std::move(base), std::move(settings),
                                     context_.now);
  }

  ProviderResult from_credential_source(const std::string& source, const std::string& where) {
    EnvLookup env = context_.env ? context_.env : process_environment();
    if (source == "Environment") return make_environment_provider(env, context_.now);
    if (source == "Ec2InstanceMetadata") {
      if (!context_.http) return Error(where + ": Ec2InstanceMetadata needs an HTTP client");
      std::optional<ImdsSettings> settings = imds_settings(env);
      if (!settings)
        return Error(where + ": Ec2InstanceMetadata, but AWS_EC2_METADATA_DISABLED=true");
      return make_imds_provider(context_.http, *settings, context_.now);
    }
    if (source == "EcsContainer") {
      if (!context_.http) return Error(where + ": EcsContainer needs an HTTP client");
      Result<std::optional<ContainerSettings>> settings = container_settings(env);
      if (!settings.ok()) return Error(where + ": " + settings.error().message);
      if (!settings->has_value()) {
        return Error(where +
                     ": EcsContainer, but neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor "
                     "AWS_CONTAINER_CREDENTIALS_FULL_URI is set");
      }
      return make_container_provider(context_.http, **settings, context_.now);
    }
    return Error(where + ": credential_source '" + source +
                 "' is not one of Environment, Ec2InstanceMetadata, EcsContainer");
  }

  ProviderResult static_keys(const Profile& p, const std::string& label) {
    std::string key = p.value_of("aws_access_key_id");
    std::string secret = p.value_of("aws_secret_access_key");
    if (!key.empty() && !secret.empty()) {
      Credentials credentials{key, secret, p.value_of("aws_session_token"), std::nullopt, label};
      return std::shared_ptr<CredentialsProvider>(std::make_shared<StaticProvider>(
          std::move(credentials), label + " (" + p.where("aws_access_key_id") + ")"));
    }
    if (!key.empty() || !secret.empty()) {
      const char* present = key.empty() ? "aws_secret_access_key" : "aws_access_key_id";
      const char* missing = key.empty() ? "aws_access_key_id" : "aws_secret_access_key";
      return Error(label + ": " + present + " is set at " + p.where(present) + " but " + missing +
                   " is not");
    }
    if (std::string command = p.value_of("credential_process"); !command.empty())
      return make_process_provider(command, label + " (" + p.where("credential_process") + ")",
                                   context_.now);
    return Error(
        label + " (" + p.origin +
        ") has no credentials: set aws_access_key_id and aws_secret_access_key, role_arn with "
        "source_profile or credential_source, or role_arn with web_identity_token_file");
  }

  Status duration(const Profile& p, int& out) {
    std::string text = p.value_of("duration_seconds");
    if (text.empty()) return Status::Ok();
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc() || end != text.data() + text.size() || out < 900 || out > 43200) {
      return Error("profile " + p.name + ": duration_seconds '" + text + "' at " +
                   p.where("duration_seconds") +
                   " must be a number of seconds between 900 and 43200");
    }
    return Status::Ok();
  }

  const SharedConfig& config_;
  const CredentialsContext& context_;
  std::vector<std::string> chain_;
};

}  // namespace

bool profile_has_credentials(const Profile& profile) {
  for (const char* key : {"aws_access_key_id", "aws_secret_access_key", "role_arn",
                          "web_identity_token_file", "credential_process"}) {
    if (profile.get(key)) return true;
  }
  return is_sso_profile(profile);
}

Result<std::shared_ptr<CredentialsProvider>> make_profile_provider(
    const SharedConfig& config, const std::string& profile, const CredentialsContext& context) {
  ProfileResolver resolver(config, context);
  return resolver.resolve(profile, "");
}

}  // namespace vigil::aws
