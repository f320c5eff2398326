// The two STS operations the credential providers need, behind a narrow
// interface so providers can be tested against any STS endpoint.
//
// make_sts_api():
//  - AssumeRole goes through AwsClient::call("sts", "AssumeRole") (model
//    driven, signed with the caller's credentials, retried).
//  - AssumeRoleWithWebIdentity is an unsigned call (the web identity token
//    is the proof); AwsClient always signs, so this one is sent directly as
//    an STS query-protocol POST over HttpClient and its XML read here.
//    Endpoint: AWS_ENDPOINT_URL_STS, else AWS_ENDPOINT_URL (both ignored
//    when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true), else StsOptions::
//    endpoint_url, else https://sts.REGION.amazonaws.com (.com.cn in China).
// Errors keep AWS's code (AccessDenied, ExpiredTokenException,
// InvalidIdentityToken, ...) in AwsCallError.
#pragma once

#include <memory>
#include <string>

#include "aws_client/client.h"
#include "aws_client/credentials/credentials.h"
#include "aws_client/transport/endpoints.h"
#include "aws_client/transport/http.h"

namespace vigil::aws {

struct AssumeRoleRequest {
  std::string role_arn;
  std::string session_name;  // required by STS; providers default it
  std::string external_id;   // omitted when empty
  int duration_seconds = 0;  // omitted when 0 (STS default: 1 hour)
};

struct WebIdentityRequest {
  std::string role_arn;
  std::string session_name;
  std::string token;  // the OIDC token's contents
  int duration_seconds = 0;
};

class StsApi {
 public:
  virtual ~StsApi() = default;
  // Signed with `caller`'s credentials.
  virtual AwsResult<Credentials> assume_role(const AssumeRoleRequest& request,
                                             std::shared_ptr<CredentialsProvider> caller) = 0;
  virtual AwsResult<Credentials> assume_role_with_web_identity(
      const WebIdentityRequest& request) = 0;
};

struct StsOptions {
  // Regional STS endpoint and signing region; empty: AWS_REGION, else
  // AWS_DEFAULT_REGION, else us-east-1.
  std::string region;
  std::string endpoint_url;  // web identity only; AwsClient has its own overrides
  EnvLookup env;             // empty: the process environment
  std::chrono::milliseconds timeout{10000};
};

std::shared_ptr<StsApi> make_sts_api(std::shared_ptr<AwsClient> client,
                                     std::shared_ptr<HttpClient> http, StsOptions options = {});

}  // namespace vigil::aws
