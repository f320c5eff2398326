// The route table and the helpers every handler shares (routes.h).
#include "api/routes.h"

#include <charconv>

#include "api/http_json.h"

namespace vigil::api {

const std::vector<Route>& api_routes() {
  static const std::vector<Route> routes = {
      {"GET", "/healthz", get_health},
      {"GET", "/readyz", get_ready},
      {"GET", "/api/v1/openapi.json", get_openapi},
      {"GET", "/api/v1/summary", get_summary},
      {"GET", "/api/v1/violations", list_violations},
      {"GET", "/api/v1/violations/{id}", get_violation},
      {"GET", "/api/v1/policies", list_policies},
      {"GET", "/api/v1/policies/{id}", get_policy},
      {"GET", "/api/v1/frameworks", list_frameworks},
      {"GET", "/api/v1/frameworks/{id}", get_framework},
      {"GET", "/api/v1/scans", list_scans},
      {"GET", "/api/v1/scans/{id}", get_scan},
      {"GET", "/api/v1/exceptions", list_exceptions},
      {"GET", "/api/v1/audit", list_audit},
  };
  return routes;
}

std::optional<ReaderPool::Lease> reader_or_error(ApiContext& context, httplib::Response& res) {
  auto reader = context.readers->borrow();
  if (!reader.ok()) {
    send_error(res, 503, "unavailable", "the store cannot be read: " + reader.error().message);
    return std::nullopt;
  }
  return std::move(reader.value());
}

std::string path_text(const httplib::Request& req) {
  return req.matches.size() > 1 ? req.matches[1].str() : std::string();
}

std::optional<int64_t> id_param(const httplib::Request& req, httplib::Response& res) {
  std::string text = path_text(req);
  int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) {
    send_error(res, 400, "invalid_input", "the id must be a positive whole number", "id");
    return std::nullopt;
  }
  return id;
}

}  // namespace vigil::api
