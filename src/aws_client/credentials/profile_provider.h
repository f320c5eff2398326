// Credentials for a named profile of the shared config files.
//
// A profile yields, in this order of precedence:
//  1. role_arn + web_identity_token_file  -> AssumeRoleWithWebIdentity
//  2. role_arn + source_profile           -> AssumeRole with the source
//     profile's credentials (resolved the same way, so chains work; a
//     profile naming itself uses its own static keys; cycles are an Error
//     listing the chain), or role_arn + credential_source = Environment |
//     Ec2InstanceMetadata | EcsContainer. Options: external_id,
//     role_session_name, duration_seconds.
//  3. SSO settings (sso_session, sso_start_url, sso_account_id,
//     sso_role_name)                    -> IAM Identity Center role
//     credentials from `aws sso login`'s cached token (sso.h)
//  4. aws_access_key_id + aws_secret_access_key (+ aws_session_token).
//  5. credential_process: the command's JSON document (process_provider.h).
// Every Error names the profile and the file:line of the offending setting.
#pragma once

#include <memory>
#include <string>

#include "aws_client/credentials/credentials.h"
#include "aws_client/credentials/shared_config.h"
#include "aws_client/credentials/sts.h"
#include "aws_client/transport/http.h"

namespace vigil::aws {

struct CredentialsContext {
  EnvLookup env;                     // empty: the process environment
  std::shared_ptr<HttpClient> http;  // container, instance metadata and SSO portal endpoints
  std::shared_ptr<StsApi> sts;       // AssumeRole, AssumeRoleWithWebIdentity
  WallClock now;                     // empty: the system clock
};

// True when the profile configures credentials at all (as opposed to only
// region/output settings).
bool profile_has_credentials(const Profile& profile);

Result<std::shared_ptr<CredentialsProvider>> make_profile_provider(
    const SharedConfig& config, const std::string& profile, const CredentialsContext& context);

}  // namespace vigil::aws
