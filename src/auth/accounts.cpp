// The accounts service (accounts.h).
#include "auth/accounts.h"

#include <fmt/format.h>

#include <algorithm>

#include "auth/password.h"
#include "auth/secrets.h"
#include "core/invalid_input.h"

namespace vigil::auth {

namespace {

Error login_failed() {
  return Error("the user name or the password is wrong")
      .with_kind(Error::Kind::InvalidInput)
      .with_code("auth.failed");
}

store::AuditEntry audit(const std::string& actor, std::string action, std::string object,
                        nlohmann::json details, Time at) {
  store::AuditEntry e;
  e.at = at;
  e.actor = actor;
  e.action = std::move(action);
  e.object = std::move(object);
  e.details = std::move(details);
  return e;
}

Principal principal_of(const store::UserRecord& user, std::string via) {
  Principal p;
  p.user_id = user.id;
  p.user = user.name;
  p.role = parse_role(user.role).value_or(Role::Viewer);
  p.groups = user.groups;
  p.via = std::move(via);
  p.must_change_password = user.must_change_password;
  return p;
}

// The narrower of two group scopes (empty: unrestricted); nullopt when they
// share no group (nothing is visible).
std::optional<std::vector<std::string>> narrower(const std::vector<std::string>& a,
                                                 const std::vector<std::string>& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  std::vector<std::string> both;
  for (const auto& g : a)
    if (std::find(b.begin(), b.end(), g) != b.end()) both.push_back(g);
  if (both.empty()) return std::nullopt;
  return both;
}

// A valid Argon2id hash of nothing anyone types, so a login for a missing
// user costs what a real check costs.
const std::string& dummy_hash() {
  static const std::string hash = hash_password(new_secret()).value();
  return hash;
}

}  // namespace

Status check_user_name(const std::string& name) {
  if (name.empty() || name.size() > 64)
    return invalid_input("a user name has 1 to 64 characters", "name");
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '@' ||
          c == '-'))
      return invalid_input(
          fmt::format("a user name may use letters, digits and . _ @ - only, not '{}'", c), "name");
  return {};
}

std::string one_time_password() { return new_secret().substr(0, 24); }

Result<int64_t> add_user(store::Store& store, const NewUser& user, const std::string& actor,
                         Time now) {
  if (Status s = check_user_name(user.name); !s.ok()) return s.error();
  if (Status s = check_password_policy(user.password, user.name); !s.ok()) return s.error();
  auto hash = hash_password(user.password);
  if (!hash.ok()) return hash.error();
  store::UserRecord record;
  record.name = user.name;
  record.password_hash = std::move(*hash);
  record.role = std::string(role_name(user.role));
  record.groups = user.groups;
  record.must_change_password = user.must_change_password;
  record.created = now;
  return store.add_user(record, audit(actor, "user.add", "user:" + user.name,
                                      {{"role", record.role}, {"groups", record.groups}}, now));
}

Result<std::optional<std::string>> bootstrap_admin(store::Store& store, Time now) {
  auto users = store.users();
  if (!users.ok()) return users.error();
  if (!users->empty()) return std::optional<std::string>();
  NewUser admin;
  admin.name = "admin";
  admin.role = Role::Admin;
  admin.password = one_time_password();
  admin.must_change_password = true;
  auto added = add_user(store, admin, "vigil serve (first start)", now);
  if (!added.ok()) return added.error();
  return std::optional<std::string>(admin.password);
}

Result<Session> login(store::Store& store, const std::string& name, const std::string& password,
                      const std::string& address, Time now, const LoginOptions& options) {
  auto user = store.user(name);
  if (!user.ok()) return user.error();
  if (!*user || (*user)->password_hash.empty()) {
    verify_password(dummy_hash(), password);
    return login_failed();
  }
  if (!verify_password((*user)->password_hash, password) || (*user)->disabled)
    return login_failed();
  return open_session(store, **user, address, now, options);
}

Result<Session> open_session(store::Store& store, const store::UserRecord& user,
                             const std::string& address, Time now, const LoginOptions& options) {
  Session session;
  session.secret = new_secret();
  session.csrf = new_secret();
  session.expires = now + options.session_ttl;
  session.principal = principal_of(user, "session");
  store::SessionRecord record{
      secret_digest(session.secret), user.id, session.csrf, address, now, session.expires};
  if (Status s = store.add_session(record); !s.ok()) return s.error();
  return session;
}

Result<std::optional<std::pair<Principal, std::string>>> session_principal(
    store::Store& store, const std::string& secret, Time now) {
  using Out = std::optional<std::pair<Principal, std::string>>;
  auto session = store.session(secret_digest(secret), now);
  if (!session.ok()) return session.error();
  if (!*session) return Out();
  auto user = store.user_by_id((*session)->user_id);
  if (!user.ok()) return user.error();
  if (!*user || (*user)->disabled) return Out();
  return Out(std::pair{principal_of(**user, "session"), (*session)->csrf});
}

Result<std::optional<Principal>> token_principal(store::Store& store, const std::string& secret,
                                                 Time now) {
  auto token = store.token(secret_digest(secret));
  if (!token.ok()) return token.error();
  const auto& t = *token;
  if (!t || t->revoked || t->expires <= now) return std::optional<Principal>();
  auto user = store.user_by_id(t->user_id);
  if (!user.ok()) return user.error();
  if (!*user || (*user)->disabled) return std::optional<Principal>();
  Principal p = principal_of(**user, fmt::format("token:{}", t->id));
  Role token_role = parse_role(t->role).value_or(Role::Viewer);
  if (!role_allows(token_role, p.role)) p.role = token_role;
  auto groups = narrower(p.groups, t->groups);
  if (!groups) return std::optional<Principal>();
  p.groups = std::move(*groups);
  p.must_change_password = false;  // a token was made after the change
  return std::optional<Principal>(std::move(p));
}

Status change_password(store::Store& store, const std::string& name, const std::string& current,
                       const std::string& replacement, const std::string& address, Time now) {
  auto user = store.user(name);
  if (!user.ok()) return user.error();
  if (!*user || !verify_password((*user)->password_hash, current))
    return invalid_input("the current password is wrong", "current_password");
  if (current == replacement)
    return invalid_input("the new password must differ from the current one", "new_password");
  if (Status s = check_password_policy(replacement, name); !s.ok()) {
    Error e = s.error();
    e.subject = "new_password";
    return e;
  }
  auto hash = hash_password(replacement);
  if (!hash.ok()) return hash.error();
  store::UserRecord updated = **user;
  updated.password_hash = std::move(*hash);
  updated.must_change_password = false;
  return store.update_user(updated, true,
                           audit(name, "user.password", "user:" + name, {{"from", address}}, now));
}

Result<IssuedToken> create_token(store::Store& store, const Principal& creator,
                                 const NewToken& token, Time now) {
  if (token.name.empty() || token.name.size() > 100)
    return invalid_input("a token needs a name of 1 to 100 characters", "name");
  if (token.lifetime < std::chrono::hours(24) || token.lifetime > std::chrono::hours(24 * 365))
    return invalid_input("a token expires after 1 to 365 days", "expires_in_days");
  Role role = token.role.value_or(creator.role);
  if (!role_allows(creator.role, role))
    return invalid_input(fmt::format("a {} cannot make a token with role {}",
                                     role_name(creator.role), role_name(role)),
                         "role");
  std::vector<std::string> groups = token.groups.value_or(creator.groups);
  if (!creator.unrestricted()) {
    if (groups.empty()) groups = creator.groups;
    for (const auto& g : groups)
      if (std::find(creator.groups.begin(), creator.groups.end(), g) == creator.groups.end())
        return invalid_input(fmt::format("group {} is outside your own groups", g), "groups");
  }
  IssuedToken issued;
  issued.secret = new_secret("vgl_");
  store::TokenRecord& r = issued.record;
  r.name = token.name;
  r.digest = secret_digest(issued.secret);
  r.user_id = creator.user_id;
  r.user = creator.user;
  r.role = std::string(role_name(role));
  r.groups = groups;
  r.created = now;
  r.expires = now + token.lifetime;
  auto id =
      store.add_token(r, audit(creator.user, "token.add", "",
                               {{"name", r.name}, {"role", r.role}, {"groups", r.groups}}, now));
  if (!id.ok()) return id.error();
  issued.id = r.id = *id;
  return issued;
}

}  // namespace vigil::auth
