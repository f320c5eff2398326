// Single sign-on settings: vigil.yaml `auth: oidc:` (docs/configuration.md),
// read and validated by daemon/ and used by oidc_client.h and
// oidc_mapping.h.
//
// Mapping rules (so that a mistake narrows access, never widens it)
// - role: the highest role_map value over the values of roles_claim; no
//   value mapped: the sign-in is refused.
// - groups: the group_map values over the values of groups_claim; a user
//   holding one of `unrestricted_values` (a value of roles_claim or
//   groups_claim) sees every asset group; a user with neither is refused.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "auth/roles.h"

namespace vigil::auth {

struct OidcSettings {
  std::string issuer;  // exactly as the provider's discovery document names it
  std::string client_id;
  std::string client_secret_env;  // environment variable with the secret; empty: a public client
  std::string redirect_uri;       // the external URL of GET /api/v1/session/oidc/callback
  std::vector<std::string> scopes = {"openid", "email", "profile"};
  std::string username_claim = "email";
  std::string roles_claim, groups_claim;
  std::map<std::string, Role> role_map;          // claim value -> role
  std::map<std::string, std::string> group_map;  // claim value -> asset group
  std::vector<std::string> unrestricted_values;  // claim values that see every group
};

// An https:// URL, or an http:// one whose host is a loopback address
// (127.0.0.0/8, localhost, [::1]): local test issuers only. Nothing else is
// ever contacted or sent a browser to.
bool acceptable_oidc_url(std::string_view url);

}  // namespace vigil::auth
