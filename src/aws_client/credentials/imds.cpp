#include "aws_client/credentials/imds.h"

#include <cctype>

#include "aws_client/credentials/credentials_json.h"
#include "aws_client/credentials/refreshing.h"

namespace vigil::aws {
namespace {

constexpr char kCredentialsPath[] = "/latest/meta-data/iam/security-credentials/";

class ImdsProvider : public RefreshingProvider {
 public:
  ImdsProvider(std::shared_ptr<HttpClient> http, ImdsSettings settings, WallClock now)
      : RefreshingProvider(std::move(now)), http_(std::move(http)), settings_(std::move(settings)) {
    while (!settings_.endpoint.empty() && settings_.endpoint.back() == '/')
      settings_.endpoint.pop_back();
  }

  std::string describe() const override {
    return "EC2 instance metadata (IMDSv2) at " + settings_.endpoint;
  }

 protected:
  Result<Credentials> fetch() override {
    Result<HttpResponse> listing = get_with_token(kCredentialsPath);
    if (!listing.ok()) return listing.error();
    if (listing->status == 404) {
      return Error(describe() +
                   ": no IAM role is attached to this instance (attach an instance profile)");
    }
    if (listing->status != 200)
      return Error(describe() + ": listing roles: HTTP " + std::to_string(listing->status));
    std::string role = listing->body.substr(0, listing->body.find('\n'));
    while (!role.empty() && (role.back() == '\r' || role.back() == ' ')) role.pop_back();
    if (role.empty()) return Error(describe() + ": no IAM role is attached to this instance");

    Result<HttpResponse> document = get_with_token(kCredentialsPath + role);
    if (!document.ok()) return document.error();
    if (document->status != 200) {
      return Error(describe() + ": credentials of role " + role + ": HTTP " +
                   std::to_string(document->status));
    }
    nlohmann::json json = nlohmann::json::parse(document->body, nullptr, false);
    if (json.is_discarded())
      return Error(describe() + ": credentials of role " + role + " are not JSON");
    if (json.is_object() && json.contains("Code") && json["Code"] != "Success") {
      // Read without json::value(), which throws when "Message" is not a string.
      auto message = json.find("Message");
      return Error(describe() + ": role " + role + ": " + json["Code"].dump() + " " +
                   (message != json.end() && message->is_string() ? message->get<std::string>()
                                                                  : std::string()));
    }
    return credentials_from_json(json, "Token", "EC2 instance role " + role);
  }

 private:
  Result<std::string> session_token(bool renew) {
    const auto current = now();
    if (!renew && !token_.empty() && current < token_expiry_) return token_;
    HttpRequest request;
    request.method = "PUT";
    request.url = settings_.endpoint + "/latest/api/token";
    request.timeout = settings_.timeout;
    request.headers = {
        {"X-aws-ec2-metadata-token-ttl-seconds", std::to_string(settings_.token_ttl.count())}};
    Result<HttpResponse> response = http_->send(request);
    if (!response.ok()) return Error(describe() + ": " + response.error().message);
    if (response->status != 200 || response->body.empty()) {
      return Error(describe() + ": session token request (PUT /latest/api/token) answered HTTP " +
                   std::to_string(response->status) +
                   (response->status == 403 ? " (IMDS disabled on this instance?)" : ""));
    }
    token_ = response->body;
    token_expiry_ = current + settings_.token_ttl - std::chrono::seconds(60);
    return token_;
  }

  Result<HttpResponse> get_with_token(const std::string& path) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      Result<std::string> token = session_token(/*renew=*/attempt > 0);
      if (!token.ok()) return token.error();
      HttpRequest request;
      request.url = settings_.endpoint + path;
      request.timeout = settings_.timeout;
      request.headers = {{"X-aws-ec2-metadata-token", *token}};
      Result<HttpResponse> response = http_->send(request);
      if (!response.ok()) return Error(describe() + ": " + response.error().message);
      if (response->status != 401) return response;
    }
    return Error(describe() + ": GET " + path +
                 " was refused (HTTP 401) with a fresh session token");
  }

  std::shared_ptr<HttpClient> http_;
  ImdsSettings settings_;
  std::string token_;  // guarded by RefreshingProvider's lock (fetch() runs under it)
  std::chrono::system_clock::time_point token_expiry_;
};

}  // namespace

std::optional<ImdsSettings> imds_settings(const EnvLookup& env) {
  auto value = [&](const char* name) {
    std::optional<std::string> v = env(name);
    return v ? *v : std::string();
  };
  std::string disabled = value("AWS_EC2_METADATA_DISABLED");
  for (char& c : disabled) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (disabled == "true") return std::nullopt;
  ImdsSettings settings;
  std::string endpoint = value("AWS_EC2_METADATA_SERVICE_ENDPOINT");
  std::string mode = value("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
  if (!endpoint.empty()) {
    settings.endpoint = endpoint;
  } else if (mode == "IPv6" || mode == "ipv6") {
    settings.endpoint = "http://[fd00:ec2::254]";
  }
  return settings;
}

std::shared_ptr<CredentialsProvider> make_imds_provider(std::shared_ptr<HttpClient> http,
                                                        ImdsSettings settings, WallClock now) {
  return std::make_shared<ImdsProvider>(std::move(http), std::move(settings), std::move(now));
}

}  // namespace vigil::aws
