// /api/v1/session: sign in (POST), who am I (GET), sign out (DELETE), and
// change one's password (POST /api/v1/session/password). Single sign-on is
// in routes_oidc.cpp.
#include <fmt/format.h>

#include "api/body.h"
#include "api/http_json.h"
#include "api/routes.h"
#include "auth/accounts.h"
#include "auth/secrets.h"
#include "core/time_text.h"

namespace vigil::api {

namespace {


}  // namespace

json principal_json(const auth::Principal& p) {
  return {{"user", p.user},
          {"role", auth::role_name(p.role)},
          {"groups", p.groups},
          {"must_change_password", p.must_change_password}};
}

json session_json(const auth::Session& session) {
  json out = principal_json(session.principal);
  out["csrf_token"] = session.csrf;
  out["expires"] = vigil::format_time(session.expires);
  return out;
}

void create_session(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                    const Caller& caller) {
  auto body = Body::read(req, res, {"user", "password"});
  if (!body) return;
  auto name = body->required_text("user");
  if (!name.ok()) return send_error(res, name.error());
  auto password = body->required_text("password");
  if (!password.ok()) return send_error(res, password.error());

  auto now = auth::LoginThrottle::Clock::now();
  std::string user_key = "user:" + *name, address_key = "address:" + caller.address;
  auto wait =
      std::max(context.throttle->wait(user_key, now), context.throttle->wait(address_key, now));
  if (wait.count() > 0) {
    res.set_header("Retry-After", std::to_string(wait.count()));
    return send_error(res, 429, "too_many_attempts",
                      fmt::format("too many failed sign-ins; try again in {} s", wait.count()));
  }
  auto db = store_or_error(context, res);
  if (!db) return;
  auto session =
      auth::login(**db, *name, *password, caller.address, std::chrono::system_clock::now(),
                  {std::chrono::duration_cast<std::chrono::seconds>(kSessionTtl)});
  if (!session.ok()) {
    if (session.error().code != "auth.failed") return send_error(res, session.error());
    context.throttle->failed(user_key, now);
    context.throttle->failed(address_key, now);
    (void)(*db)->record_audit(
        audit_entry(*name, caller.address, "session.refused", "user:" + *name));
    return send_error(res, 401, "unauthenticated", session.error().message);
  }
  context.throttle->succeeded(user_key);
  context.throttle->succeeded(address_key);
  (void)(*db)->record_audit(audit_entry(*name, caller.address, "session.start", "user:" + *name));
  res.set_header("Set-Cookie",
                 session_cookie_header(
                     session->secret, std::chrono::duration_cast<std::chrono::seconds>(kSessionTtl),
                     context.tls));
  send_json(res, session_json(*session), 201);
}

void get_session(const httplib::Request&, httplib::Response& res, ApiContext&,
                 const Caller& caller) {
  json out = principal_json(caller.principal);
  out["via"] = caller.principal.via;
  if (caller.by_session) out["csrf_token"] = caller.csrf;
  send_json(res, out);
}

void delete_session(const httplib::Request&, httplib::Response& res, ApiContext& context,
                    const Caller& caller) {
  if (!caller.by_session)
    return send_error(res, 400, "invalid_input",
                      "an API token has no session to end; revoke the token instead");
  auto db = store_or_error(context, res);
  if (!db) return;
  if (Status s = (*db)->delete_session(auth::secret_digest(caller.session_secret)); !s.ok())
    return send_error(res, s.error());
  (void)(*db)->record_audit(audit_entry(caller.principal.user, caller.address, "session.end",
                                        "user:" + caller.principal.user));
  res.set_header("Set-Cookie", session_cookie_header("", std::chrono::seconds(0), context.tls));
  send_json(res, {{"signed_out", caller.principal.user}});
}

void change_own_password(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                         const Caller& caller) {
  if (!caller.by_session)
    return send_error(res, 400, "invalid_input",
                      "change a password in a signed-in session, not with a token");
  auto body = Body::read(req, res, {"current_password", "new_password"});
  if (!body) return;
  auto current = body->required_text("current_password");
  if (!current.ok()) return send_error(res, current.error());
  auto replacement = body->required_text("new_password");
  if (!replacement.ok()) return send_error(res, replacement.error());
  auto db = store_or_error(context, res);
  if (!db) return;
  Status changed = auth::change_password(**db, caller.principal.user, *current, *replacement,
                                         caller.address, std::chrono::system_clock::now());
  if (!changed.ok()) return send_error(res, changed.error());
  // Every session of the user ended with the change, this one included.
  res.set_header("Set-Cookie", session_cookie_header("", std::chrono::seconds(0), context.tls));
  send_json(res, {{"password_changed", caller.principal.user}, {"signed_out", true}});
}

}  // namespace vigil::api
