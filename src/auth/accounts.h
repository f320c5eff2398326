// The accounts service: users, login sessions and API tokens over the store,
// with the rules both `vigil users` and the HTTP API follow. Callers pass
// the time (tests need no clock) and the actor, which goes to the audit log.
//
// Contract
// - User names: 1..64 characters from [A-Za-z0-9._@-]; roles: viewer,
//   operator, admin (roles.h); groups: names of asset groups (not checked
//   against the store: a group may be defined after the user).
// - login(): a wrong name and a wrong password are the same error (kind
//   InvalidInput, code "auth.failed") and take the same time (a missing
//   user's check runs against a dummy hash); a disabled user cannot log in.
//   A session lasts `session_ttl` (absolute, 12 h by default).
// - A principal from a token has the lesser of the token's and the user's
//   current role and the narrower of their groups: demoting a user demotes
//   their tokens. Revoked or expired tokens, disabled users: no principal.
// - create_token(): at most the creator's role and groups; an expiry of 1..
//   365 days. The secret ("vgl_..." ) is returned once; only its digest is
//   stored.
// - bootstrap_admin(): on a store with no user, creates `admin` with a
//   one-time password that must be changed at first login, and returns it;
//   nullopt when users exist.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "auth/roles.h"
#include "core/result.h"
#include "store/store.h"

namespace vigil::auth {

using Time = store::Time;

struct NewUser {
  std::string name;
  Role role = Role::Viewer;
  std::vector<std::string> groups;
  std::string password;
  bool must_change_password = false;
};

Status check_user_name(const std::string& name);
// A one-time password: 24 random characters (base64url), to be changed at
// first sign-in (NewUser::must_change_password).
std::string one_time_password();
Result<int64_t> add_user(store::Store& store, const NewUser& user, const std::string& actor,
                         Time now);
Result<std::optional<std::string>> bootstrap_admin(store::Store& store, Time now);

struct LoginOptions {
  std::chrono::seconds session_ttl = std::chrono::hours(12);
};

struct Session {
  std::string secret;  // the cookie's value; stored only as a digest
  std::string csrf;    // sent back by the client in X-CSRF-Token on changes
  Principal principal;
  Time expires{};
};

Result<Session> login(store::Store& store, const std::string& name, const std::string& password,
                      const std::string& address, Time now, const LoginOptions& options = {});
// A new session of `user` (already authenticated by the caller: login()
// above, or single sign-on, sso_login.h).
Result<Session> open_session(store::Store& store, const store::UserRecord& user,
                             const std::string& address, Time now, const LoginOptions& options);
// The caller behind a session cookie or a bearer token; nullopt when it is
// unknown, expired, revoked, or its user is disabled or gone.
Result<std::optional<std::pair<Principal, std::string>>> session_principal(
    store::Store& store, const std::string& secret,
    Time now);  // second: csrf
Result<std::optional<Principal>> token_principal(store::Store& store, const std::string& secret,
                                                 Time now);

// Sets a new password (checked against the policy) after verifying the
// current one; ends every session of the user.
Status change_password(store::Store& store, const std::string& name, const std::string& current,
                       const std::string& replacement, const std::string& address, Time now);

struct NewToken {
  std::string name;
  std::optional<Role> role;                        // default: the creator's
  std::optional<std::vector<std::string>> groups;  // default: the creator's
  std::chrono::hours lifetime = std::chrono::hours(24 * 90);
};
struct IssuedToken {
  int64_t id = 0;
  std::string secret;
  store::TokenRecord record;
};
Result<IssuedToken> create_token(store::Store& store, const Principal& creator,
                                 const NewToken& token, Time now);

}  // namespace vigil::auth
