// The default credentials chain, resolved once from the configuration
// (environment and files) into the one provider that applies, so that a
// configured-but-broken source fails loudly instead of falling through to
// the next one.
//
// Order (the AWS CLI's):
//  0. an explicit profile (--profile): that profile only; an Error if it
//     does not exist or configures no credentials;
//  1. AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY [/ AWS_SESSION_TOKEN];
//  2. AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN [+ AWS_ROLE_SESSION_NAME];
//  3. the profile AWS_PROFILE names (an Error if it does not exist), or
//     "default", when it configures credentials (profile_provider.h);
//  4. container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/_FULL_URI);
//  5. EC2 instance metadata (IMDSv2), unless AWS_EC2_METADATA_DISABLED=true.
// describe() of the result says which source was chosen; when it is the
// instance metadata (the last resort) its errors also list what was checked.
#pragma once

#include <memory>
#include <string>

#include "aws_client/credentials/profile_provider.h"

namespace vigil::aws {

struct ChainOptions {
  std::string profile;  // explicit profile; empty: AWS_PROFILE or "default"
  CredentialsContext context;
};

Result<std::shared_ptr<CredentialsProvider>> make_default_credentials(const ChainOptions& options);

}  // namespace vigil::aws
