// /healthz, /readyz and the OpenAPI document.
#include "api/http_json.h"
#include "api/openapi.h"
#include "api/query.h"
#include "api/routes.h"

namespace vigil::api {

void get_health(const httplib::Request&, httplib::Response& res, ApiContext&, const Caller&) {
  send_json(res, {{"status", "ok"}});
}

// Ready when the store answers a read.
void get_ready(const httplib::Request&, httplib::Response& res, ApiContext& context,
               const Caller&) {
  auto db = store_or_error(context, res);
  if (!db) return;
  auto scan = (*db)->latest_completed_scan();
  if (!scan.ok())
    return send_error(res, 503, "unavailable", "the store cannot be read: " + scan.error().message);
  send_json(res, {{"status", "ready"}});
}

void get_openapi(const httplib::Request&, httplib::Response& res, ApiContext&, const Caller&) {
  res.set_content(std::string(openapi_document()), "application/json");
}

}  // namespace vigil::api
