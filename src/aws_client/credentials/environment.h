// Credentials from the environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_SESSION_TOKEN (AWS_SECURITY_TOKEN as the older name), and the optional
// AWS_CREDENTIAL_EXPIRATION (ISO 8601).
#pragma once

#include <memory>
#include <optional>

#include "aws_client/credentials/credentials.h"
#include "aws_client/transport/endpoints.h"  // EnvLookup

namespace vigil::aws {

// nullopt when AWS_ACCESS_KEY_ID is unset or empty; an Error when the
// variables are half set or the expiration is unreadable or past.
Result<std::optional<Credentials>> environment_credentials(const EnvLookup& env,
                                                           WallClock now = {});

// Reads the variables on every get() (so a test or wrapper can rotate them);
// an Error when they are absent. `env` empty: the process environment.
std::shared_ptr<CredentialsProvider> make_environment_provider(EnvLookup env = {},
                                                               WallClock now = {});

}  // namespace vigil::aws
