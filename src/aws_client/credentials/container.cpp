#include "aws_client/credentials/container.h"

#include <fstream>
#include <sstream>

#include "aws_client/credentials/credentials_json.h"
#include "aws_client/credentials/refreshing.h"
#include "aws_client/signing/canonical.h"

namespace vigil::aws {
namespace {

bool allowed_plain_http_host(const std::string& host) {
  if (host == "localhost" || host == "[::1]" || host == "169.254.170.2" ||
      host == "169.254.170.23" || host == "[fd00:ec2::23]") {
    return true;
  }
  return host.rfind("127.", 0) == 0 && host.find_first_not_of("0123456789.") == std::string::npos;
}

class ContainerProvider : public RefreshingProvider {
 public:
  ContainerProvider(std::shared_ptr<HttpClient> http, ContainerSettings settings, WallClock now)
      : RefreshingProvider(std::move(now)),
        http_(std::move(http)),
        settings_(std::move(settings)) {}

  std::string describe() const override {
    return "container credentials endpoint " + settings_.url;
  }

 protected:
  Result<Credentials> fetch() override {
    HttpRequest request;
    request.url = settings_.url;
    request.timeout = settings_.timeout;
    std::string token = settings_.auth_token;
    if (!settings_.auth_token_file.empty()) {
      std::ifstream in(settings_.auth_token_file, std::ios::binary);
      if (!in) {
        return Error(describe() + ": cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " +
                     settings_.auth_token_file);
      }
      std::stringstream buffer;
      buffer << in.rdbuf();
      token = buffer.str();
      while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
    }
    if (token.find_first_of("\r\n") != std::string::npos) {
      return Error(describe() + ": the authorization token contains a line break");
    }
    if (!token.empty()) request.headers.emplace_back("Authorization", token);
    Result<HttpResponse> response = http_->send(request);
    if (!response.ok()) return Error(describe() + ": " + response.error().message);
    if (response->status != 200) {
      return Error(describe() + ": HTTP " + std::to_string(response->status) + ": " +
                   response->body.substr(0, 200));
    }
    nlohmann::json document = nlohmann::json::parse(response->body, nullptr, false);
    if (document.is_discarded()) return Error(describe() + ": the response is not JSON");
    return credentials_from_json(document, "Token", describe());
  }

 private:
  std::shared_ptr<HttpClient> http_;
  ContainerSettings settings_;
};

}  // namespace

Result<std::optional<ContainerSettings>> container_settings(const EnvLookup& env) {
  auto value = [&](const char* name) {
    std::optional<std::string> v = env(name);
    return v ? *v : std::string();
  };
  ContainerSettings settings;
  std::string relative = value("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  std::string full = value("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  if (!relative.empty()) {
    settings.url =
        "http://169.254.170.2" + std::string(relative.front() == '/' ? "" : "/") + relative;
  } else if (!full.empty()) {
    Result<UrlParts> url = split_url(full);
    if (!url.ok() || (url->scheme != "http" && url->scheme != "https")) {
      return Error("AWS_CONTAINER_CREDENTIALS_FULL_URI '" + full + "' is not an http(s) URL");
    }
    if (url->scheme == "http" && !allowed_plain_http_host(url->host)) {
      return Error("AWS_CONTAINER_CREDENTIALS_FULL_URI '" + full +
                   "': plain http is only allowed to a loopback address or "
                   "169.254.170.2/169.254.170.23; use https");
    }
    settings.url = full;
  } else {
    return std::optional<ContainerSettings>();
  }
  settings.auth_token_file = value("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
  settings.auth_token = value("AWS_CONTAINER_AUTHORIZATION_TOKEN");
  return std::optional<ContainerSettings>(std::move(settings));
}

std::shared_ptr<CredentialsProvider> make_container_provider(std::shared_ptr<HttpClient> http,
                                                             ContainerSettings settings,
                                                             WallClock now) {
  return std::make_shared<ContainerProvider>(std::move(http), std::move(settings), std::move(now));
}

}  // namespace vigil::aws
