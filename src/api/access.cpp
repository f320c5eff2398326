// Authentication and authorization of API requests (access.h).
#include "api/access.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "api/http_json.h"
#include "api/routes.h"
#include "auth/accounts.h"
#include "auth/secrets.h"

namespace vigil::api {

namespace {

constexpr std::string_view kCookie = "vigil_session";

bool is_change(const httplib::Request& req) { return req.method != "GET" && req.method != "HEAD"; }

Access required_role(auth::Role role) {
  switch (role) {
    case auth::Role::Viewer:
      return Access::Viewer;
    case auth::Role::Operator:
      return Access::Operator;
    case auth::Role::Admin:
      return Access::Admin;
  }
  return Access::Viewer;
}

// A signed-in caller refused: recorded, with where it came from.
void refuse(store::Store& db, const Caller& caller, const httplib::Request& req,
            httplib::Response& res, std::string_view code, std::string_view message) {
  (void)db.record_audit(audit_entry(caller.principal.user, caller.address, "request.refused",
                                    req.method + " " + req.path,
                                    {{"code", code}, {"via", caller.principal.via}}));
  send_error(res, 403, code, message);
}

void unauthenticated(httplib::Response& res, std::string_view message) {
  res.set_header("WWW-Authenticate", "Bearer realm=\"vigil\"");
  send_error(res, 401, "unauthenticated", message);
}

}  // namespace

std::string_view access_name(Access access) {
  switch (access) {
    case Access::Public:
      return "public";
    case Access::Signed:
      return "signed-in";
    case Access::Viewer:
      return "viewer";
    case Access::Operator:
      return "operator";
    case Access::Admin:
      return "admin";
  }
  return "admin";
}

store::AuditEntry audit_entry(std::string actor, const std::string& address, std::string action,
                              std::string object, nlohmann::json details) {
  details["from"] = address;
  return store::AuditEntry{0,
                           std::chrono::system_clock::now(),
                           std::move(actor),
                           std::move(action),
                           std::move(object),
                           std::move(details)};
}

std::string session_cookie(const httplib::Request& req) {
  std::string header = req.get_header_value("Cookie");
  std::string_view rest = header;
  while (!rest.empty()) {
    size_t end = rest.find(';');
    std::string_view part = rest.substr(0, end);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > kCookie.size() && part.substr(0, kCookie.size()) == kCookie &&
        part[kCookie.size()] == '=')
      return std::string(part.substr(kCookie.size() + 1));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return {};
}

std::string session_cookie_header(const std::string& secret, std::chrono::seconds max_age,
                                  bool secure) {
  return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{}", kCookie, secret,
                     secret.empty() ? 0 : max_age.count(), secure ? "; Secure" : "");
}

void scope_filter(store::ViolationFilter& filter, const Caller& caller) {
  filter.within_groups = caller.principal.groups;
}

void scope_filter(store::AssetFilter& filter, const Caller& caller) {
  filter.within_groups = caller.principal.groups;
}

bool require_unrestricted(const Caller& caller, httplib::Response& res) {
  if (caller.principal.unrestricted()) return true;
  send_error(res, 403, "out_of_scope",
             "this covers the whole estate; you may see only the asset groups " +
                 fmt::format("{}", fmt::join(caller.principal.groups, ", ")));
  return false;
}

std::optional<Caller> authorize(const httplib::Request& req, httplib::Response& res,
                                ApiContext& context, Access access) {
  Caller caller;
  caller.address = req.remote_addr;
  if (access == Access::Public) return caller;

  auto db = store_or_error(context, res);
  if (!db) return std::nullopt;
  auto now = std::chrono::system_clock::now();
  std::string authorization = req.get_header_value("Authorization");
  if (!authorization.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization.rfind(kBearer, 0) != 0) {
      unauthenticated(res, "the Authorization header must be `Bearer <token>`");
      return std::nullopt;
    }
    auto principal = auth::token_principal(**db, authorization.substr(kBearer.size()), now);
    if (!principal.ok()) {
      send_error(res, principal.error());
      return std::nullopt;
    }
    if (!*principal) {
      unauthenticated(res, "the API token is unknown, expired or revoked");
      return std::nullopt;
    }
    caller.principal = std::move(**principal);
  } else {
    std::string secret = session_cookie(req);
    if (secret.empty()) {
      unauthenticated(res, "sign in (POST /api/v1/session) or send an API token");
      return std::nullopt;
    }
    auto session = auth::session_principal(**db, secret, now);
    if (!session.ok()) {
      send_error(res, session.error());
      return std::nullopt;
    }
    if (!*session) {
      unauthenticated(res, "the session has ended; sign in again");
      return std::nullopt;
    }
    caller.principal = std::move((*session)->first);
    caller.csrf = std::move((*session)->second);
    caller.by_session = true;
    caller.session_secret = std::move(secret);
    if (is_change(req) && !auth::same_secret(req.get_header_value("X-CSRF-Token"), caller.csrf)) {
      refuse(**db, caller, req, res, "csrf",
             "a change made in a session needs its X-CSRF-Token header");
      return std::nullopt;
    }
  }
  if (access == Access::Signed) return caller;
  if (caller.principal.must_change_password) {
    refuse(**db, caller, req, res, "password_change_required",
           "change the one-time password first (POST /api/v1/session/password)");
    return std::nullopt;
  }
  if (static_cast<int>(required_role(caller.principal.role)) < static_cast<int>(access)) {
    refuse(**db, caller, req, res, "forbidden",
           fmt::format("this needs the {} role; you have {}", access_name(access),
                       auth::role_name(caller.principal.role)));
    return std::nullopt;
  }
  return caller;
}

}  // namespace vigil::api
