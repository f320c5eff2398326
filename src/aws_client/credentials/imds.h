// EC2 instance metadata credentials, IMDSv2 only (session tokens; v1 is not
// used: it is the variant SSRF attacks abuse).
//
//   PUT  ENDPOINT/latest/api/token   X-aws-ec2-metadata-token-ttl-seconds: 21600
//   GET  ENDPOINT/latest/meta-data/iam/security-credentials/       -> role name
//   GET  ENDPOINT/latest/meta-data/iam/security-credentials/ROLE   -> JSON
// with X-aws-ec2-metadata-token on both GETs. The session token is reused
// until a minute before its TTL ends, and fetched again after a 401.
// ENDPOINT: AWS_EC2_METADATA_SERVICE_ENDPOINT, else http://[fd00:ec2::254]
// when AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6, else
// http://169.254.169.254. AWS_EC2_METADATA_DISABLED=true turns it off.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "aws_client/credentials/credentials.h"
#include "aws_client/transport/endpoints.h"  // EnvLookup
#include "aws_client/transport/http.h"

namespace vigil::aws {

struct ImdsSettings {
  std::string endpoint = "http://169.254.169.254";
  std::chrono::seconds token_ttl{21600};
  std::chrono::milliseconds timeout{1000};  // off EC2 nothing answers: fail quickly
};

// nullopt when AWS_EC2_METADATA_DISABLED is "true".
std::optional<ImdsSettings> imds_settings(const EnvLookup& env);

std::shared_ptr<CredentialsProvider> make_imds_provider(std::shared_ptr<HttpClient> http,
                                                        ImdsSettings settings, WallClock now = {});

}  // namespace vigil::aws
