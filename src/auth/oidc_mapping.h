// Who an ID token's claims make a user (oidc_settings.h has the rules).
//
// Contract of map_claims()
// - name: the username_claim's value, a valid user name (accounts.h
//   check_user_name); when the claim is "email" and the token says
//   email_verified: false, refused (an unverified address names nobody).
// - subject: "<iss> <sub>", the provider's stable id of the person; the
//   account is bound to it at first sign-in (sso_login.h).
// - role and groups as the rules say. Claim values may be a string or a
//   list of strings; other types count as no value.
// - Refusals are Errors of kind InvalidInput with code "oidc.unmapped"
//   and a message naming the claim and what to configure.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/oidc_settings.h"
#include "auth/roles.h"
#include "core/result.h"

namespace vigil::auth {

struct SsoIdentity {
  std::string name;
  std::string subject;
  Role role = Role::Viewer;
  std::vector<std::string> groups;  // empty: unrestricted (only by unrestricted_values)
};

Result<SsoIdentity> map_claims(const nlohmann::json& claims, const OidcSettings& settings);

}  // namespace vigil::auth
