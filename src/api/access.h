// Who may call a route, and who is calling (the server checks it before any
// handler runs; handlers never see an unauthorized request).
//
// Contract of authorize()
// - Access::Public: anyone; the caller is anonymous.
// - Otherwise the caller is found from `Authorization: Bearer <token>` (an
//   API token) or the `vigil_session` cookie (a login session). None, or
//   an unknown, expired or revoked one: 401 `unauthenticated`.
// - A session's state-changing request (not GET/HEAD) must carry its CSRF
//   token in `X-CSRF-Token`: otherwise 403 `csrf`. Tokens need none (a
//   browser never sends them by itself).
// - A user with a one-time password may only reach Access::Signed routes
//   (who am I, log out, change password) until it is changed: 403
//   `password_change_required`.
// - A role below the route's: 403 `forbidden`.
// On refusal the error response is sent and nullopt returned.
#pragma once

#include <httplib.h>

#include <optional>
#include <string>
#include <string_view>

#include "auth/roles.h"
#include "store/store.h"

namespace vigil::api {

struct ApiContext;

enum class Access { Public, Signed, Viewer, Operator, Admin };

std::string_view access_name(Access access);  // as in the OpenAPI document's x-vigil-access

struct Caller {
  auth::Principal principal;  // empty user for Access::Public routes
  std::string address;        // the client's address
  bool by_session = false;
  std::string session_secret;  // when by_session (logout ends it)
  std::string csrf;            // when by_session
};

std::optional<Caller> authorize(const httplib::Request& req, httplib::Response& res,
                                ApiContext& context, Access access);

// Group scope (roles.h): a caller limited to asset groups sees only the
// violations, exceptions and scores of those groups. Every handler that
// reads tracked state applies it through these, never by hand:
// - scope_filter: the caller's groups into a violation or asset filter (the
//   store restricts the query: store.h ViolationFilter::within_groups), and
//   Caller::principal.groups into a search;
// - require_unrestricted: for data that covers the whole estate (scans,
//   framework results): a restricted caller gets 403 `out_of_scope`.
void scope_filter(store::ViolationFilter& filter, const Caller& caller);
void scope_filter(store::AssetFilter& filter, const Caller& caller);
bool require_unrestricted(const Caller& caller, httplib::Response& res);

// An audit entry stamped now, by `actor`, with the client's address as
// details["from"]: how every API route records what it did or refused.
store::AuditEntry audit_entry(std::string actor, const std::string& address, std::string action,
                              std::string object,
                              nlohmann::json details = nlohmann::json::object());

// The session cookie's value in a request ("" when none).
std::string session_cookie(const httplib::Request& req);
// Set-Cookie for a new session (or, with an empty secret, one that clears it).
std::string session_cookie_header(const std::string& secret, std::chrono::seconds max_age,
                                  bool secure);

}  // namespace vigil::api
