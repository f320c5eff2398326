// The route table and the helpers every handler shares (routes.h).
#include "api/routes.h"

#include <fmt/format.h>

#include <charconv>

#include "api/http_json.h"

namespace vigil::api {

const std::vector<Route>& api_routes() {
  static const std::vector<Route> routes = {
      {"GET", "/healthz", Access::Public, get_health},
      {"GET", "/readyz", Access::Public, get_ready},
      {"GET", "/api/v1/openapi.json", Access::Public, get_openapi},
      {"GET", "/metrics", Access::Viewer, get_metrics},
      {"POST", "/api/v1/session", Access::Public, create_session},
      {"GET", "/api/v1/session", Access::Signed, get_session},
      {"DELETE", "/api/v1/session", Access::Signed, delete_session},
      {"POST", "/api/v1/session/password", Access::Signed, change_own_password},
      {"GET", "/api/v1/session/methods", Access::Public, get_sign_in_methods},
      {"GET", "/api/v1/session/oidc", Access::Public, start_oidc},
      {"GET", "/api/v1/session/oidc/callback", Access::Public, finish_oidc},
      {"GET", "/api/v1/summary", Access::Viewer, get_summary},
      {"GET", "/api/v1/trend", Access::Viewer, get_trend},
      {"GET", "/api/v1/violations", Access::Viewer, list_violations},
      {"GET", "/api/v1/violations/export", Access::Viewer, export_violations},
      {"GET", "/api/v1/violations/{id}", Access::Viewer, get_violation},
      {"GET", "/api/v1/violations/{id}/fix", Access::Operator, plan_violation_fix},
      {"POST", "/api/v1/violations/{id}/fix", Access::Operator, apply_violation_fix},
      {"GET", "/api/v1/fixes", Access::Operator, list_fixes},
      {"GET", "/api/v1/assets", Access::Viewer, list_assets},
      {"GET", "/api/v1/assets/{key}", Access::Viewer, get_asset},
      {"GET", "/api/v1/assets/{key}/versions/{version}", Access::Viewer, get_asset_version},
      {"GET", "/api/v1/assets/{key}/diff", Access::Viewer, diff_asset_versions},
      {"GET", "/api/v1/search", Access::Viewer, search_everything},
      {"GET", "/api/v1/groups", Access::Viewer, list_groups},
      {"GET", "/api/v1/sources", Access::Viewer, list_sources},
      {"GET", "/api/v1/policies", Access::Viewer, list_policies},
      {"GET", "/api/v1/policies/{id}", Access::Viewer, get_policy},
      {"GET", "/api/v1/frameworks", Access::Viewer, list_frameworks},
      {"GET", "/api/v1/frameworks/{id}", Access::Viewer, get_framework},
      {"GET", "/api/v1/frameworks/{id}/controls/{control}/evidence", Access::Viewer,
       get_control_evidence},
      {"GET", "/api/v1/scans", Access::Viewer, list_scans},
      {"POST", "/api/v1/scans", Access::Operator, request_scan},
      {"GET", "/api/v1/scans/events", Access::Viewer, stream_scan_events},
      {"GET", "/api/v1/scans/{id}", Access::Viewer, get_scan},
      {"GET", "/api/v1/exceptions", Access::Viewer, list_exceptions},
      {"POST", "/api/v1/exceptions", Access::Operator, grant_exception},
      {"POST", "/api/v1/exceptions/bulk", Access::Operator, grant_exceptions_for_violations},
      {"DELETE", "/api/v1/exceptions/{id}", Access::Operator, revoke_exception},
      {"GET", "/api/v1/audit", Access::Admin, list_audit},
      {"GET", "/api/v1/users", Access::Admin, list_users},
      {"POST", "/api/v1/users", Access::Admin, create_user},
      {"PATCH", "/api/v1/users/{name}", Access::Admin, update_user},
      {"DELETE", "/api/v1/users/{name}", Access::Admin, delete_user},
      {"GET", "/api/v1/tokens", Access::Admin, list_tokens},
      {"POST", "/api/v1/tokens", Access::Admin, create_token},
      {"DELETE", "/api/v1/tokens/{id}", Access::Admin, revoke_token},
  };
  return routes;
}

std::optional<StorePool::Lease> store_or_error(ApiContext& context, httplib::Response& res) {
  auto reader = context.stores->borrow();
  if (!reader.ok()) {
    send_error(res, 503, "unavailable", "the store cannot be read: " + reader.error().message);
    return std::nullopt;
  }
  return std::move(reader.value());
}

std::string path_text(const httplib::Request& req, size_t index) {
  return req.matches.size() > index ? req.matches[index].str() : std::string();
}

std::optional<int64_t> id_param(const httplib::Request& req, httplib::Response& res, size_t index,
                                std::string_view name) {
  std::string text = path_text(req, index);
  int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) {
    send_error(res, 400, "invalid_input",
               fmt::format("the {} must be a positive whole number", name), name);
    return std::nullopt;
  }
  return id;
}

}  // namespace vigil::api
