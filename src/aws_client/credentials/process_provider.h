// Credentials from a profile's `credential_process`: the command the AWS
// CLI and SDKs run to obtain credentials from another tool (a password
// manager, an SSO helper such as aws-vault or granted).
//
// Contract
// - The command runs through /bin/sh -c (its quoting as the user wrote it),
//   with Vigil's environment; its standard error goes to Vigil's. Its
//   standard output must be the AWS document
//   {"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?,
//    "Expiration"?}: at most 64 KiB, read and bounded as it arrives.
// - A failure (exit status not 0, no or bad JSON, Version not 1, missing
//   keys, already expired) is an Error naming the profile, the file:line of
//   the setting and what went wrong; the document is never echoed (it holds
//   secrets).
// - Credentials with an Expiration are refreshed by running the command
//   again (RefreshingProvider); without one they are kept for the run.
#pragma once

#include <memory>
#include <string>

#include "aws_client/credentials/credentials.h"

namespace vigil::aws {

// `where`: "profile ci (~/.aws/config:12)", for messages and describe().
std::shared_ptr<CredentialsProvider> make_process_provider(std::string command, std::string where,
                                                           WallClock now = {});

}  // namespace vigil::aws
