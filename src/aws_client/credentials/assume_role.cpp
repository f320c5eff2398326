#include "aws_client/credentials/assume_role.h"

#include <fstream>
#include <sstream>

#include "aws_client/credentials/credentials_json.h"
#include "aws_client/credentials/refreshing.h"

namespace vigil::aws {
namespace {

std::string default_session_name(std::chrono::system_clock::time_point now) {
  return "vigil-" +
         std::to_string(
             std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
}

std::string role_text(const std::string& label, const std::string& role_arn) {
  std::string account = account_of_arn(role_arn);
  std::string text = label.empty() ? "" : label + ": ";
  text += "role " + role_arn;
  if (!account.empty()) text += " (account " + account + ")";
  return text;
}

std::string advice_for(const std::string& code) {
  if (code == "ExpiredToken" || code == "ExpiredTokenException" || code == "RequestExpired") {
    return "; the credentials used to call STS have expired: refresh them";
  }
  if (code == "InvalidClientTokenId" || code == "SignatureDoesNotMatch" ||
      code == "UnrecognizedClientException") {
    return "; the credentials used to call STS are wrong or revoked";
  }
  if (code == "AccessDenied")
    return "; check the role's trust policy allows the caller (and the external id, if any)";
  if (code == "InvalidIdentityToken" || code == "IDPRejectedClaim") {
    return "; check the token and the role's OIDC trust (audience, subject)";
  }
  return "";
}

Error sts_failure(const std::string& subject, const char* operation, const AwsCallError& failure) {
  std::string message = subject + ": STS " + operation + " failed: " + failure.code;
  if (!failure.message.empty()) message += ": " + failure.message;
  if (failure.http_status != 0) message += " (HTTP " + std::to_string(failure.http_status) + ")";
  return Error(message + advice_for(failure.code));
}

class AssumeRoleProvider : public RefreshingProvider {
 public:
  AssumeRoleProvider(std::shared_ptr<StsApi> sts, std::shared_ptr<CredentialsProvider> base,
                     AssumeRoleSettings settings, WallClock now)
      : RefreshingProvider(std::move(now)),
        sts_(std::move(sts)),
        base_(std::move(base)),
        settings_(std::move(settings)) {}

  std::string describe() const override {
    return role_text(settings_.label, settings_.role_arn) + " via " + base_->describe();
  }

 protected:
  Result<Credentials> fetch() override {
    AssumeRoleRequest request{settings_.role_arn, settings_.session_name, settings_.external_id,
                              settings_.duration_seconds};
    if (request.session_name.empty()) request.session_name = default_session_name(now());
    AwsResult<Credentials> result = sts_->assume_role(request, base_);
    if (auto* failure = std::get_if<AwsCallError>(&result))
      return sts_failure(describe(), "AssumeRole", *failure);
    Credentials credentials = std::get<Credentials>(std::move(result));
    credentials.source = role_text(settings_.label, settings_.role_arn);
    return credentials;
  }

 private:
  std::shared_ptr<StsApi> sts_;
  std::shared_ptr<CredentialsProvider> base_;
  AssumeRoleSettings settings_;
};

class WebIdentityProvider : public RefreshingProvider {
 public:
  WebIdentityProvider(std::shared_ptr<StsApi> sts, WebIdentitySettings settings, WallClock now)
      : RefreshingProvider(std::move(now)), sts_(std::move(sts)), settings_(std::move(settings)) {}

  std::string describe() const override {
    return role_text(settings_.label, settings_.role_arn) + " via web identity token " +
           settings_.token_file;
  }

 protected:
  Result<Credentials> fetch() override {
    std::ifstream in(settings_.token_file, std::ios::binary);
    if (!in) return Error(describe() + ": cannot read the token file " + settings_.token_file);
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string token = buffer.str();
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' '))
      token.pop_back();
    if (token.empty())
      return Error(describe() + ": the token file " + settings_.token_file + " is empty");
    WebIdentityRequest request{settings_.role_arn, settings_.session_name, token,
                               settings_.duration_seconds};
    if (request.session_name.empty()) request.session_name = default_session_name(now());
    AwsResult<Credentials> result = sts_->assume_role_with_web_identity(request);
    if (auto* failure = std::get_if<AwsCallError>(&result)) {
      return sts_failure(describe(), "AssumeRoleWithWebIdentity", *failure);
    }
    Credentials credentials = std::get<Credentials>(std::move(result));
    credentials.source = role_text(settings_.label, settings_.role_arn) + " (web identity)";
    return credentials;
  }

 private:
  std::shared_ptr<StsApi> sts_;
  WebIdentitySettings settings_;
};

}  // namespace

std::shared_ptr<CredentialsProvider> make_assume_role_provider(
    std::shared_ptr<StsApi> sts, std::shared_ptr<CredentialsProvider> base,
    AssumeRoleSettings settings, WallClock now) {
  return std::make_shared<AssumeRoleProvider>(std::move(sts), std::move(base), std::move(settings),
                                              std::move(now));
}

std::string role_arn_for(std::string_view account_id, std::string_view role_name,
                         std::string_view partition) {
  return "arn:" + std::string(partition) + ":iam::" + std::string(account_id) + ":role/" +
         std::string(role_name);
}

std::shared_ptr<CredentialsProvider> make_account_role_provider(
    std::shared_ptr<StsApi> sts, std::shared_ptr<CredentialsProvider> base,
    std::string_view account_id, std::string_view role_name, std::string external_id,
    std::string session_name, std::string_view partition, WallClock now) {
  AssumeRoleSettings settings;
  settings.role_arn = role_arn_for(account_id, role_name, partition);
  settings.external_id = std::move(external_id);
  settings.session_name = std::move(session_name);
  return make_assume_role_provider(std::move(sts), std::move(base), std::move(settings),
                                   std::move(now));
}

std::shared_ptr<CredentialsProvider> make_web_identity_provider(std::shared_ptr<StsApi> sts,
                                                                WebIdentitySettings settings,
                                                                WallClock now) {
  return std::make_shared<WebIdentityProvider>(std::move(sts), std::move(settings), std::move(now));
}

}  // namespace vigil::aws
