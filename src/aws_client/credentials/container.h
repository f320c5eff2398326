// Container credentials (ECS tasks, EKS Pod Identity, local emulators).
//
// AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: GET http://169.254.170.2<uri>.
// AWS_CONTAINER_CREDENTIALS_FULL_URI: GET that URL; plain http only to a
// loopback address or the ECS/EKS link-local hosts (169.254.170.2,
// 169.254.170.23, [fd00:ec2::23]), https to any host.
// Authorization header: the contents of AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE
// (re-read on every refresh), else AWS_CONTAINER_AUTHORIZATION_TOKEN.
// Response: {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"}.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "aws_client/credentials/credentials.h"
#include "aws_client/transport/endpoints.h"  // EnvLookup
#include "aws_client/transport/http.h"

namespace vigil::aws {

struct ContainerSettings {
  std::string url;
  std::string auth_token;       // used when auth_token_file is empty
  std::string auth_token_file;  // preferred
  std::chrono::milliseconds timeout{5000};
};

// nullopt when neither variable is set; an Error for a FULL_URI that is not allowed.
Result<std::optional<ContainerSettings>> container_settings(const EnvLookup& env);

std::shared_ptr<CredentialsProvider> make_container_provider(std::shared_ptr<HttpClient> http,
                                                             ContainerSettings settings,
                                                             WallClock now = {});

}  // namespace vigil::aws
