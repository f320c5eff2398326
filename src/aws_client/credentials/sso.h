// IAM Identity Center (AWS SSO) profiles: the role credentials of an
// `aws sso login` sign-in, obtained as the AWS CLI v2 and botocore do.
//
// Profile forms (a profile is an SSO profile when it sets sso_account_id,
// sso_role_name, sso_session or sso_start_url):
//   [profile dev]                        [profile old]
//   sso_session = corp                   sso_start_url = https://corp.awsapps.com/start
//   sso_account_id = 111122223333        sso_region = us-east-1
//   sso_role_name = ReadOnly             sso_account_id = 111122223333
//   [sso-session corp]                   sso_role_name = ReadOnly
//   sso_start_url = https://corp.awsapps.com/start
//   sso_region = us-east-1
// In the sso_session form the session gives sso_start_url and sso_region; a
// profile that also sets one of them must agree with the session. A
// missing setting, an unknown session or a disagreement is an Error naming
// the profile and the file:line.
//
// The token: `aws sso login` caches it in CACHE_DIR/<key>.json, CACHE_DIR
// being ~/.aws/sso/cache and <key> the lowercase hex SHA-1 of the session
// name (sso_session form) or of the start URL (legacy form). Of its JSON,
// accessToken and expiresAt (ISO 8601; "2024-01-02T03:04:05UTC" as older
// CLIs wrote it) are used. It is read again at each refresh, so signing in
// during a run is picked up. It is not renewed with its OIDC refresh token
// (the CLI does that for sso_session profiles): once it expires, sign in
// again. A missing or unreadable file, an expired token, and a token the
// portal refuses (HTTP 401, UnauthorizedException) are Errors naming the
// profile and saying to run `aws sso login --profile NAME`.
//
// The credentials: SSO GetRoleCredentials, an unsigned
//   GET ENDPOINT/federation/credentials?role_name=R&account_id=A
//   x-amz-sso_bearer_token: TOKEN
// answered {"roleCredentials": {"accessKeyId", "secretAccessKey",
// "sessionToken", "expiration" (epoch milliseconds)}}. ENDPOINT:
// AWS_ENDPOINT_URL_SSO, else AWS_ENDPOINT_URL (both ignored when
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true), else
// https://portal.sso.SSO_REGION.amazonaws.com (.amazonaws.com.cn in China).
// They are refreshed like every temporary credential (refreshing.h).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "aws_client/credentials/credentials.h"
#include "aws_client/credentials/shared_config.h"
#include "aws_client/transport/endpoints.h"  // EnvLookup
#include "aws_client/transport/http.h"

namespace vigil::aws {

struct SsoSettings {
  std::string profile;       // the profile's name: messages and the login command
  std::string where;         // "path:line" of the profile's section
  std::string session_name;  // the sso_session form; empty for the legacy form
  std::string start_url;
  std::string region;  // sso_region: where the portal is
  std::string account_id;
  std::string role_name;
  std::string cache_dir;     // the token cache folder
  std::string endpoint_url;  // the portal, without a trailing '/'
  std::chrono::milliseconds timeout{10000};
};

// True when the profile sets any of the SSO settings.
bool is_sso_profile(const Profile& profile);

// The settings of SSO profile `profile`, with the cache folder (HOME) and
// the portal endpoint taken from `env`.
Result<SsoSettings> sso_settings(const SharedConfig& config, const Profile& profile,
                                 const EnvLookup& env);

// The token cache file of these settings: CACHE_DIR/<sha1 hex>.json.
std::string sso_token_path(const SsoSettings& settings);

struct SsoToken {
  std::string access_token;
  std::chrono::system_clock::time_point expires_at;
};

// The cached token, or an Error (missing, unreadable, expired at `now`)
// that says to sign in again.
Result<SsoToken> load_sso_token(const SsoSettings& settings,
                                std::chrono::system_clock::time_point now);

// "aws sso login --profile dev" (plus the --sso-session form when there is a session).
std::string sso_login_advice(const SsoSettings& settings);

std::shared_ptr<CredentialsProvider> make_sso_provider(std::shared_ptr<HttpClient> http,
                                                       SsoSettings settings, WallClock now = {});

}  // namespace vigil::aws
