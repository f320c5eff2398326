// Single sign-on accounts and sessions (sso_login.h).
#include "auth/sso_login.h"

#include <fmt/format.h>

namespace vigil::auth {

namespace {

Error refused(std::string message) {
  return Error(std::move(message)).with_kind(Error::Kind::InvalidInput).with_code("oidc.account");
}

store::AuditEntry audit(const SsoIdentity& id, std::string action, const std::string& address,
                        Time now) {
  store::AuditEntry e;
  e.at = now;
  e.actor = id.name;
  e.action = std::move(action);
  e.object = "user:" + id.name;
  e.details = {
      {"role", role_name(id.role)}, {"groups", id.groups}, {"via", "oidc"}, {"from", address}};
  return e;
}

}  // namespace

Result<Session> sso_login(store::Store& store, const SsoIdentity& id, const std::string& address,
                          Time now, const LoginOptions& options) {
  auto found = store.user(id.name);
  if (!found.ok()) return found.error();
  store::UserRecord user;
  if (!*found) {
    user.name = id.name;
    user.role = std::string(role_name(id.role));
    user.groups = id.groups;
    user.created = now;
    user.sso_subject = id.subject;
    auto added = store.add_user(user, audit(id, "user.add", address, now));
    if (!added.ok()) return added.error();
    user.id = *added;
  } else {
    user = std::move(**found);
    if (user.sso_subject.empty())
      return refused(fmt::format(
          "a local user named {} exists; single sign-on does not take over password accounts "
          "(an admin may delete it, and the next sign-in makes it anew)",
          id.name));
    if (user.sso_subject != id.subject)
      return refused(fmt::format(
          "the account {} belongs to another person of the provider (a different subject); an "
          "admin must delete it before this person can sign in",
          id.name));
    if (user.disabled) return refused(fmt::format("the account {} is disabled", id.name));
    std::string role(role_name(id.role));
    if (user.role != role || user.groups != id.groups) {
      user.role = role;
      user.groups = id.groups;
      if (Status s = store.update_user(user, false, audit(id, "user.update", address, now));
          !s.ok())
        return s.error();
    }
  }
  return open_session(store, user, address, now, options);
}

}  // namespace vigil::auth
