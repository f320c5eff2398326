// Single sign-on with OpenID Connect (auth/oidc_client.h, docs/api.md
// "Single sign-on"): GET /api/v1/session/oidc sends the browser to the
// provider; GET /api/v1/session/oidc/callback is where the provider sends
// it back, and where the session starts. GET /api/v1/session/methods tells
// the sign-in page which ways to sign in are offered.
//
// Contract
// - Both answer 503 `sso_not_configured` when vigil.yaml has no auth.oidc.
// - The start answers 302 to the provider, with a JSON body naming the same
//   URL, and sets the browser binding cookie (`vigil_oidc`, SameSite=Lax:
//   it must come back on the provider's cross-site redirect).
// - The callback, on success: the account is provisioned or refreshed from
//   the claims (auth/sso_login.h), the session cookie is set as a password
//   sign-in sets it, `session.start` is audited with method oidc, and the
//   answer is 302 to `/` (the dashboard) with the session's JSON (as POST
//   /api/v1/session answers, CSRF token included).
// - Refusals are audited as `session.refused` (method oidc, code, reason):
//   400 `sso_state` (unknown, expired, replayed state, or another browser),
//   400 `sso_provider` (the provider's error, or it refused the code, e.g.
//   a PKCE mismatch), 403 `sso_token` (the ID token failed verification),
//   403 `sso_unmapped` (no role or group for the user), 403 `sso_account`
//   (a local or disabled account, another subject), 502 `sso_unavailable`
//   (the provider cannot be reached or answers nonsense).
// - A browser's navigation (its Accept names text/html) is not shown a bare
//   JSON error: a refusal of the start or the callback answers 303 to the
//   sign-in page, `/?sso_error=CODE` (the code above, or `sso_failed` for
//   the store's own errors), plus `&sso_detail=ERROR` when the provider
//   reported an OAuth error word (`access_denied`; lower case letters and
//   `_` only), with the same JSON error as body. The page shows its own
//   text for each code: nothing the provider wrote is shown as is.
#include <fmt/format.h>

#include "api/http_json.h"
#include "api/query.h"
#include "api/routes.h"
#include "auth/oidc_client.h"
#include "auth/sso_login.h"

namespace vigil::api {

namespace {

constexpr std::string_view kBindingCookie = "vigil_oidc";

bool not_configured(ApiContext& context, httplib::Response& res) {
  if (context.oidc) return false;
  send_error(res, 503, "sso_not_configured",
             "single sign-on is not configured (vigil.yaml auth.oidc, docs/configuration.md); "
             "sign in with a password (POST /api/v1/session)");
  return true;
}

std::string binding_cookie(const httplib::Request& req) {
  std::string header = req.get_header_value("Cookie");
  std::string_view rest = header;
  while (!rest.empty()) {
    size_t end = rest.find(';');
    std::string_view part = rest.substr(0, end);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.starts_with(kBindingCookie) && part.size() > kBindingCookie.size() &&
        part[kBindingCookie.size()] == '=')
      return std::string(part.substr(kBindingCookie.size() + 1));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return {};
}

std::string binding_cookie_header(const std::string& value, bool secure) {
  return fmt::format("{}={}; Path=/api/v1/session/oidc; Max-Age={}; HttpOnly; SameSite=Lax{}",
                     kBindingCookie, value, value.empty() ? 0 : 600, secure ? "; Secure" : "");
}

std::string param(const httplib::Request& req, const char* name) {
  return req.has_param(name) ? req.get_param_value(name) : std::string();
}

// The API's answer to a refusal of the sign-in, by the error's code.
std::pair<int, std::string_view> refusal_of(const Error& e) {
  if (e.code == "oidc.state") return {400, "sso_state"};
  if (e.code == "oidc.provider" || e.code == "oidc.exchange") return {400, "sso_provider"};
  if (e.code.starts_with("jwt.")) return {403, "sso_token"};
  if (e.code == "oidc.unmapped") return {403, "sso_unmapped"};
  if (e.code == "oidc.account") return {403, "sso_account"};
  if (e.code == "oidc.unavailable") return {502, "sso_unavailable"};
  return {0, ""};
}

// Whether the request is a browser's page navigation rather than an API call.
bool wants_page(const httplib::Request& req) {
  return req.get_header_value("Accept").find("text/html") != std::string::npos;
}

// The provider's OAuth error word (RFC 6749 4.1.2.1), when it is one.
std::string oauth_error_word(const std::string& error) {
  if (error.empty() || error.size() > 40) return {};
  for (char c : error)
    if (!((c >= 'a' && c <= 'z') || c == '_')) return {};
  return error;
}

// A browser goes to the sign-in page, which explains `code`; an API client
// gets the error as it is.
void send_refusal(const httplib::Request& req, httplib::Response& res, int status,
                  std::string_view code, const std::string& message,
                  const std::string& provider_error) {
  send_error(res, status, code, message);
  if (!wants_page(req)) return;
  res.status = 303;
  std::string detail = oauth_error_word(provider_error);
  res.set_header("Location", fmt::format("/?sso_error={}{}", code,
                                         detail.empty() ? "" : "&sso_detail=" + detail));
}

void refuse(const httplib::Request& req, ApiContext& context, httplib::Response& res,
            const Caller& caller, const std::string& who, const Error& e) {
  auto [status, code] = refusal_of(e);
  if (status == 0) {  // the store's own errors
    if (!wants_page(req)) return send_error(res, e);
    return send_refusal(req, res, status_of(e.kind), "sso_failed", e.message, "");
  }
  if (auto db = context.stores->borrow(); db.ok())
    (void)(*db)->record_audit(
        audit_entry(who, caller.address, "session.refused", who == "(oidc)" ? "" : "user:" + who,
                    {{"method", "oidc"}, {"code", code}, {"reason", e.message}}));
  send_refusal(req, res, status, code, e.message,
               e.code == "oidc.provider" ? param(req, "error") : std::string());
}

}  // namespace

void get_sign_in_methods(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                         const Caller&) {
  if (Status checked = Query(req).check({}); !checked.ok()) return send_error(res, checked.error());
  json sso = nullptr;
  if (context.oidc)
    sso = {{"issuer", context.oidc->settings().issuer}, {"start", "/api/v1/session/oidc"}};
  send_json(res, {{"password", true}, {"sso", std::move(sso)}});
}

void start_oidc(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                const Caller& caller) {
  if (not_configured(context, res)) return;
  auto start = context.oidc->begin();
  if (!start.ok()) return refuse(req, context, res, caller, "(oidc)", start.error());
  res.set_header("Set-Cookie", binding_cookie_header(start->browser, context.tls));
  send_json(res, {{"location", start->url}}, 302);
  res.set_header("Location", start->url);
}

void finish_oidc(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                 const Caller& caller) {
  if (not_configured(context, res)) return;
  // The binding cookie is single use, whatever happens next.
  res.set_header("Set-Cookie", binding_cookie_header("", context.tls));
  auth::OidcCallback callback{param(req, "state"), param(req, "code"),
                              param(req, "error"), param(req, "error_description"),
                              param(req, "iss"),   binding_cookie(req)};
  auto claims = context.oidc->finish(callback);
  if (!claims.ok()) return refuse(req, context, res, caller, "(oidc)", claims.error());
  const auth::OidcSettings& settings = context.oidc->settings();
  std::string who = "(oidc)";
  if (auto name = claims->find(settings.username_claim);
      name != claims->end() && name->is_string() && auth::check_user_name(*name).ok())
    who = *name;
  auto identity = auth::map_claims(*claims, settings);
  if (!identity.ok()) return refuse(req, context, res, caller, who, identity.error());
  auto db = store_or_error(context, res);
  if (!db) return;
  auto session = auth::sso_login(**db, *identity, caller.address, std::chrono::system_clock::now(),
                                 {std::chrono::duration_cast<std::chrono::seconds>(kSessionTtl)});
  if (!session.ok()) return refuse(req, context, res, caller, who, session.error());
  (void)(*db)->record_audit(audit_entry(identity->name, caller.address, "session.start",
                                        "user:" + identity->name, {{"method", "oidc"}}));
  res.set_header("Set-Cookie",
                 session_cookie_header(
                     session->secret, std::chrono::duration_cast<std::chrono::seconds>(kSessionTtl),
                     context.tls));
  send_json(res, session_json(*session), 302);
  res.set_header("Location", "/");
}

}  // namespace vigil::api
