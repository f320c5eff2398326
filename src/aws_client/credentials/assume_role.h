// Providers that obtain temporary credentials from STS: AssumeRole with a
// base provider's credentials, and AssumeRoleWithWebIdentity with a token
// file. Both refresh through RefreshingProvider (5 minutes before expiry).
//
// Errors name the role, its account and what was used to assume it, e.g.
//   "profile prod: role arn:aws:iam::111122223333:role/audit (account
//    111122223333) via environment variables: STS AssumeRole failed:
//    AccessDenied: ... (HTTP 403); check the role's trust policy allows the
//    caller (and the external id, if any)".
#pragma once

#include <memory>
#include <string>

#include "aws_client/credentials/credentials.h"
#include "aws_client/credentials/sts.h"

namespace vigil::aws {

struct AssumeRoleSettings {
  std::string role_arn;
  std::string external_id;
  std::string session_name;  // empty: "vigil-<unix seconds>"
  int duration_seconds = 0;  // 0: STS default (1 hour)
  std::string label;         // context for messages, e.g. "profile prod"; may be empty
};

std::shared_ptr<CredentialsProvider> make_assume_role_provider(
    std::shared_ptr<StsApi> sts, std::shared_ptr<CredentialsProvider> base,
    AssumeRoleSettings settings, WallClock now = {});

// "arn:PARTITION:iam::ACCOUNT:role/NAME" (NAME may carry a path: "ops/audit").
std::string role_arn_for(std::string_view account_id, std::string_view role_name,
                         std::string_view partition = "aws");

// The multi-account building block: assume role `role_name` in account
// `account_id` using `base` (external id and session name optional).
std::shared_ptr<CredentialsProvider> make_account_role_provider(
    std::shared_ptr<StsApi> sts, std::shared_ptr<CredentialsProvider> base,
    std::string_view account_id, std::string_view role_name, std::string external_id = "",
    std::string session_name = "", std::string_view partition = "aws", WallClock now = {});

struct WebIdentitySettings {
  std::string role_arn;
  std::string token_file;    // re-read on every refresh (tokens rotate)
  std::string session_name;  // empty: "vigil-<unix seconds>"
  int duration_seconds = 0;
  std::string label;
};

std::shared_ptr<CredentialsProvider> make_web_identity_provider(std::shared_ptr<StsApi> sts,
                                                                WebIdentitySettings settings,
                                                                WallClock now = {});

}  // namespace vigil::aws
