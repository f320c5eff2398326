#include "aws_client/credentials/sts.h"

#include <pugixml.hpp>

#include "aws_client/credentials/credentials_json.h"
#include "aws_client/signing/canonical.h"

namespace vigil::aws {
namespace {

AwsCallError call_error(std::string code, std::string message, int status = 0) {
  AwsCallError error;
  error.code = std::move(code);
  error.message = std::move(message);
  error.http_status = status;
  return error;
}

std::string child_text(const pugi::xml_node& node, const char* name) {
  return node.child(name).text().as_string();
}

class StsClient : public StsApi {
 public:
  StsClient(std::shared_ptr<AwsClient> client, std::shared_ptr<HttpClient> http, StsOptions options)
      : client_(std::move(client)), http_(std::move(http)), options_(std::move(options)) {
    if (!options_.env) options_.env = process_environment();
    for (const char* name : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
      if (!options_.region.empty()) break;
      options_.region = options_.env(name).value_or("");
    }
    if (options_.region.empty()) options_.region = "us-east-1";
  }

  AwsResult<Credentials> assume_role(const AssumeRoleRequest& request,
                                     std::shared_ptr<CredentialsProvider> caller) override {
    if (!client_)
      return call_error("InvalidParameter", "no AWS client configured for STS AssumeRole");
    nlohmann::json params = {{"RoleArn", request.role_arn},
                             {"RoleSessionName", request.session_name}};
    if (!request.external_id.empty()) params["ExternalId"] = request.external_id;
    if (request.duration_seconds > 0) params["DurationSeconds"] = request.duration_seconds;
    CallScope scope{"sts", options_.region, std::move(caller)};
    AwsResult<nlohmann::json> output = client_->call(scope, "AssumeRole", params);
    if (auto* error = std::get_if<AwsCallError>(&output)) return *error;
    const nlohmann::json& document = std::get<nlohmann::json>(output);
    auto credentials = credentials_from_json(document.value("Credentials", nlohmann::json()),
                                             "SessionToken", "role " + request.role_arn);
    if (!credentials.ok()) return call_error("MalformedResponse", credentials.error().message);
    return *credentials;
  }

  AwsResult<Credentials> assume_role_with_web_identity(const WebIdentityRequest& request) override {
    if (!http_)
      return call_error("InvalidParameter",
                        "no HTTP client configured for STS AssumeRoleWithWebIdentity");
    HttpRequest http;
    http.method = "POST";
    http.url = endpoint() + "/";
    http.timeout = options_.timeout;
    http.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
    http.body = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=" +
                percent_encode(request.role_arn, false) +
                "&RoleSessionName=" + percent_encode(request.session_name, false) +
                "&WebIdentityToken=" + percent_encode(request.token, false);
    if (request.duration_seconds > 0)
      http.body += "&DurationSeconds=" + std::to_string(request.duration_seconds);
    Result<HttpResponse> response = http_->send(http);
    if (!response.ok()) return call_error("TransportError", response.error().message);
    pugi::xml_document xml;
    if (!xml.load_buffer(response->body.data(), response->body.size())) {
      return call_error("MalformedResponse",
                        "STS at " + http.url + " answered HTTP " +
                            std::to_string(response->status) + " with a body that is not XML",
                        response->status);
    }
    if (response->status < 200 || response->status >= 300) {
      pugi::xml_node error = xml.child("ErrorResponse").child("Error");
      AwsCallError failure =
          call_error(child_text(error, "Code"), child_text(error, "Message"), response->status);
      if (failure.code.empty()) failure.code = "HttpError";
      failure.request_id = child_text(xml.child("ErrorResponse"), "RequestId");
      return failure;
    }
    pugi::xml_node node = xml.child("AssumeRoleWithWebIdentityResponse")
                              .child("AssumeRoleWithWebIdentityResult")
                              .child("Credentials");
    nlohmann::json document = {{"AccessKeyId", child_text(node, "AccessKeyId")},
                               {"SecretAccessKey", child_text(node, "SecretAccessKey")},
                               {"SessionToken", child_text(node, "SessionToken")},
                               {"Expiration", child_text(node, "Expiration")}};
    auto credentials =
        credentials_from_json(document, "SessionToken", "web identity role " + request.role_arn);
    if (!credentials.ok())
      return call_error("MalformedResponse", credentials.error().message, response->status);
    return *credentials;
  }

 private:
  std::string endpoint() const {
    auto configured = [&](const char* name) {
      std::optional<std::string> value = options_.env(name);
      return value ? *value : std::string();
    };
    if (configured("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") != "true") {
      for (const char* name : {"AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL"}) {
        std::string url = configured(name);
        if (!url.empty()) return trimmed(url);
      }
    }
    if (!options_.endpoint_url.empty()) return trimmed(options_.endpoint_url);
    std::string suffix =
        options_.region.rfind("cn-", 0) == 0 ? "amazonaws.com.cn" : "amazonaws.com";
    return "https://sts." + options_.region + "." + suffix;
  }
  static std::string trimmed(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
  }

  std::shared_ptr<AwsClient> client_;
  std::shared_ptr<HttpClient> http_;
  StsOptions options_;
};

}  // namespace

std::shared_ptr<StsApi> make_sts_api(std::shared_ptr<AwsClient> client,
                                     std::shared_ptr<HttpClient> http, StsOptions options) {
  return std::make_shared<StsClient>(std::move(client), std::move(http), std::move(options));
}

}  // namespace vigil::aws
