// /api/v1/users and /api/v1/tokens (admin): accounts and API tokens.
#include <fmt/format.h>

#include "api/body.h"
#include "api/http_json.h"
#include "api/routes.h"
#include "auth/accounts.h"
#include "auth/password.h"
#include "core/invalid_input.h"
#include "core/time_text.h"

namespace vigil::api {

namespace {

json user_json(const store::UserRecord& u) {
  return {{"name", u.name},
          {"role", u.role},
          {"groups", u.groups},
          {"disabled", u.disabled},
          {"must_change_password", u.must_change_password},
          {"sso", !u.sso_subject.empty()},
          {"created", vigil::format_time(u.created)}};
}

json token_json(const store::TokenRecord& t, store::Time now) {
  std::string state = t.revoked ? "revoked" : t.expires <= now ? "expired" : "active";
  return {{"id", t.id},
          {"name", t.name},
          {"user", t.user},
          {"role", t.role},
          {"groups", t.groups},
          {"created", vigil::format_time(t.created)},
          {"expires", vigil::format_time(t.expires)},
          {"state", state}};
}

Result<std::optional<auth::Role>> role_member(const Body& body) {
  auto text = body.text("role");
  if (!text.ok()) return text.error();
  if (!*text) return std::optional<auth::Role>();
  auto role = auth::parse_role(**text);
  if (!role)
    return invalid_input(fmt::format("role `{}`: use viewer, operator or admin", **text), "role");
  return std::optional<auth::Role>(*role);
}

}  // namespace

void list_users(const httplib::Request&, httplib::Response& res, ApiContext& context,
                const Caller& caller) {
  if (!require_unrestricted(caller, res))
    return;  // a group-limited admin cannot widen anyone's access
  auto db = store_or_error(context, res);
  if (!db) return;
  auto users = (*db)->users();
  if (!users.ok()) return send_error(res, users.error());
  json items = json::array();
  for (const auto& u : *users) items.push_back(user_json(u));
  send_json(res, {{"items", std::move(items)}});
}

void create_user(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                 const Caller& caller) {
  if (!require_unrestricted(caller, res))
    return;  // a group-limited admin cannot widen anyone's access
  auto body = Body::read(req, res, {"name", "role", "groups", "password"});
  if (!body) return;
  auth::NewUser user;
  auto name = body->required_text("name");
  if (!name.ok()) return send_error(res, name.error());
  user.name = *name;
  auto role = role_member(*body);
  if (!role.ok()) return send_error(res, role.error());
  user.role = role->value_or(auth::Role::Viewer);
  auto groups = body->texts("groups");
  if (!groups.ok()) return send_error(res, groups.error());
  user.groups = groups->value_or(std::vector<std::string>{});
  auto password = body->required_text("password");
  if (!password.ok()) return send_error(res, password.error());
  user.password = *password;
  user.must_change_password = true;  // an admin chose it: the user picks their own at first sign-in
  auto db = store_or_error(context, res);
  if (!db) return;
  auto added = auth::add_user(**db, user, caller.principal.user, std::chrono::system_clock::now());
  if (!added.ok()) return send_error(res, added.error());
  auto stored = (*db)->user(user.name);
  if (!stored.ok() || !*stored)
    return send_error(res, 500, "internal", "the new user cannot be read back");
  send_json(res, user_json(**stored), 201);
}

// Role, groups, disabled, or a password reset (a new one-time password).
void update_user(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                 const Caller& caller) {
  if (!require_unrestricted(caller, res))
    return;  // a group-limited admin cannot widen anyone's access
  auto body = Body::read(req, res, {"role", "groups", "disabled", "password"});
  if (!body) return;
  std::string name = path_text(req);
  auto db = store_or_error(context, res);
  if (!db) return;
  auto found = (*db)->user(name);
  if (!found.ok()) return send_error(res, found.error());
  if (!*found) return send_error(res, 404, "not_found", fmt::format("no user named {}", name));
  store::UserRecord user = **found;
  nlohmann::json changes = nlohmann::json::object();
  bool end_sessions = false;
  auto role = role_member(*body);
  if (!role.ok()) return send_error(res, role.error());
  if (*role) {
    user.role = std::string(auth::role_name(**role));
    changes["role"] = user.role;
  }
  auto groups = body->texts("groups");
  if (!groups.ok()) return send_error(res, groups.error());
  if (*groups) {
    user.groups = **groups;
    changes["groups"] = user.groups;
  }
  auto disabled = body->flag("disabled");
  if (!disabled.ok()) return send_error(res, disabled.error());
  if (*disabled) {
    user.disabled = **disabled;
    changes["disabled"] = user.disabled;
    end_sessions = end_sessions || user.disabled;
  }
  auto password = body->text("password");
  if (!password.ok()) return send_error(res, password.error());
  if (*password) {
    if (!user.sso_subject.empty())
      return send_error(res, 409, "conflict",
                        fmt::format("{} signs in with single sign-on and has no password", name),
                        "password");
    if (Status s = auth::check_password_policy(**password, name); !s.ok())
      return send_error(res, s.error());
    auto hash = auth::hash_password(**password);
    if (!hash.ok()) return send_error(res, hash.error());
    user.password_hash = *hash;
    user.must_change_password = true;
    end_sessions = true;
    changes["password"] = "reset";
  }
  if (name == caller.principal.user && (user.role != "admin" || user.disabled))
    return send_error(res, 409, "conflict", "an admin cannot demote or disable themselves", "role");
  if (Status s = (*db)->update_user(user, end_sessions,
                                    audit_entry(caller.principal.user, caller.address,
                                                "user.update", "user:" + name, changes));
      !s.ok())
    return send_error(res, s.error());
  send_json(res, user_json(user));
}

void delete_user(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                 const Caller& caller) {
  if (!require_unrestricted(caller, res))
    return;  // a group-limited admin cannot widen anyone's access
  std::string name = path_text(req);
  if (name == caller.principal.user)
    return send_error(res, 409, "conflict", "an admin cannot delete themselves");
  auto db = store_or_error(context, res);
  if (!db) return;
  if (Status s =
          (*db)->delete_user(name, audit_entry(caller.principal.user, caller.address, "user.delete",
                                               "user:" + name, nlohmann::json::object()));
      !s.ok())
    return send_error(res, s.error());
  send_json(res, {{"deleted", name}});
}

void list_tokens(const httplib::Request&, httplib::Response& res, ApiContext& context,
                 const Caller& caller) {
  if (!require_unrestricted(caller, res))
    return;  // a group-limited admin cannot widen anyone's access
  auto db = store_or_error(context, res);
  if (!db) return;
  auto tokens = (*db)->tokens();
  if (!tokens.ok()) return send_error(res, tokens.error());
  auto now = std::chrono::system_clock::now();
  json items = json::array();
  for (const auto& t : *tokens) items.push_back(token_json(t, now));
  send_json(res, {{"items", std::move(items)}});
}

void create_token(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                  const Caller& caller) {
  auto body = Body::read(req, res, {"name", "role", "groups", "expires_in_days"});
  if (!body) return;
  auth::NewToken token;
  auto name = body->required_text("name");
  if (!name.ok()) return send_error(res, name.error());
  token.name = *name;
  auto role = role_member(*body);
  if (!role.ok()) return send_error(res, role.error());
  token.role = *role;
  auto groups = body->texts("groups");
  if (!groups.ok()) return send_error(res, groups.error());
  token.groups = *groups;
  auto days = body->whole("expires_in_days", 1, 365);
  if (!days.ok()) return send_error(res, days.error());
  if (*days) token.lifetime = std::chrono::hours(24 * **days);
  auto db = store_or_error(context, res);
  if (!db) return;
  auto now = std::chrono::system_clock::now();
  auto issued = auth::create_token(**db, caller.principal, token, now);
  if (!issued.ok()) return send_error(res, issued.error());
  json out = token_json(issued->record, now);
  out["token"] = issued->secret;  // the only time it is shown
  send_json(res, out, 201);
}

void revoke_token(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                  const Caller& caller) {
  if (!require_unrestricted(caller, res))
    return;  // a group-limited admin cannot widen anyone's access
  auto id = id_param(req, res);
  if (!id) return;
  auto db = store_or_error(context, res);
  if (!db) return;
  if (Status s =
          (*db)->revoke_token(*id, std::chrono::system_clock::now(),
                              audit_entry(caller.principal.user, caller.address, "token.revoke",
                                          fmt::format("token:{}", *id), nlohmann::json::object()));
      !s.ok())
    return send_error(res, s.error());
  send_json(res, {{"revoked", *id}});
}

}  // namespace vigil::api
