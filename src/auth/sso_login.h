// Signing in a person the OpenID provider vouched for (oidc_mapping.h's
// SsoIdentity): the account is provisioned or refreshed, then a session is
// opened exactly as a password sign-in opens one (accounts.h).
//
// Contract of sso_login()
// - No user of that name: one is made with no password (it can never sign
//   in with one), the identity's role and groups, and sso_subject bound to
//   the identity's subject; audited as user.add by the user, via oidc.
// - A user of that name made by single sign-on for the same subject: its
//   role and groups are set to the identity's (each sign-in refreshes them
//   from the provider's claims; audited as user.update when they change).
// - Refused (kind InvalidInput, code "oidc.account"): a local user of that
//   name (single sign-on never takes over a password account), a user bound
//   to another subject (a reassigned e-mail address), a disabled user.
#pragma once

#include "auth/accounts.h"
#include "auth/oidc_mapping.h"

namespace vigil::auth {

Result<Session> sso_login(store::Store& store, const SsoIdentity& identity,
                          const std::string& address, Time now, const LoginOptions& options = {});

}  // namespace vigil::auth
