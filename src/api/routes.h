// The routes of the HTTP API: one table, registered by the server and
// compared with the OpenAPI document by the tests (a route that exists but
// is undocumented fails them).
//
// Every handler answers JSON (api/http_json.h), reads the store through its
// own read handle (ApiContext::stores: SQLite connections are not
// shared between the server's threads), and rejects unknown query
// parameters (api/query.h).
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "api/access.h"
#include "api/http_json.h"
#include "api/metrics.h"
#include "api/store_pool.h"
#include "api/summary_cache.h"
#include "auth/accounts.h"
#include "auth/login_throttle.h"
#include "core/result.h"
#include "pipeline/progress_board.h"
#include "policy/frameworks.h"
#include "policy/policy_set.h"
#include "store/store.h"
#include "tracker/finding_json.h"

namespace vigil::auth {
class OidcClient;
}

namespace vigil::api {

// How long a dashboard session lasts, signed in by password or by SSO.
inline constexpr std::chrono::hours kSessionTtl{12};

struct ApiContext {
  StorePool* stores = nullptr;
  auth::LoginThrottle* throttle = nullptr;  // failed logins, per user name and per address
  bool tls = false;                         // session cookies are Secure under TLS
  RequestMetrics* metrics = nullptr;        // the server's request counters (GET /metrics)
  SummaryCache* summaries = nullptr;        // GET /api/v1/summary between scans; null: none
  // The running scan's progress (GET /api/v1/scans/events); null when no
  // scheduler runs (then that route answers 503).
  const pipeline::ProgressBoard* progress = nullptr;
  // Streams open now, and how many may follow a run at once: each holds one
  // of the server's threads (api/server.h kThreads); past the limit a stream gets the current
  // state and closes (its EventSource then polls every 5 s).
  std::atomic<int>* event_streams = nullptr;
  int max_event_streams = 4;
  // Asks the scheduler to scan a source now (daemon/scheduler.h request_run);
  // empty when no scheduler runs (then POST /scans answers 503).
  std::function<Status(const std::string& source)> request_scan;
  std::chrono::seconds exception_max_duration =
      std::chrono::hours(24 * 365);        // vigil.yaml exceptions.max_duration
  const PolicySet* policies = nullptr;     // the deployment's pack
  std::vector<FrameworkCatalog> catalogs;  // frameworks/ catalogues
  tracker::PolicyTexts texts;              // of `policies`
  // Single sign-on (vigil.yaml auth.oidc); null when not configured (then
  // its routes answer 503).
  std::shared_ptr<auth::OidcClient> oidc;
  // Fixes (fix/runner.h), wired by `vigil serve` with the deployment's pack
  // and vigil.yaml `fixes:` (the fix library sits above this one); empty when
  // no fix can run in this process (then the fix routes answer 503).
  //  - plan_fix: (violation id, action) -> the dry-run plan (fix/action.h
  //    FixPlan JSON with the action's summary and undo text, and the
  //    actions that serve the policy); changes nothing.
  //  - apply_fix: (violation id, the digest of the plan the operator saw,
  //    action, actor) -> the fix run's JSON, after the runner's checks
  //    (switch, account, exception, resource unchanged), execution and
  //    verification.
  //  `action`: one of the actions that serve the violation's policy (another
  //  is an InvalidInput error with subject "action"); empty: the policy's own.
  std::function<Result<json>(store::Store&, int64_t violation, const std::string& action)> plan_fix;
  std::function<Result<json>(store::Store&, int64_t violation, const std::string& digest,
                             const std::string& action, const std::string& actor)>
      apply_fix;
};

using Handler = void (*)(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);

struct Route {
  std::string_view method;  // "GET"
  std::string_view path;    // as in the OpenAPI document: "/api/v1/violations/{id}"
  Access access;            // who may call it (access.h); the document's x-vigil-access
  Handler handler;
};

const std::vector<Route>& api_routes();

// The handlers, by file.
void get_health(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void get_ready(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void get_openapi(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void get_metrics(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void get_summary(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void list_violations(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void get_violation(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void list_policies(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void get_policy(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void list_frameworks(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void get_framework(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void get_control_evidence(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void get_trend(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void list_assets(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void get_asset(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void get_asset_version(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void diff_asset_versions(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void search_everything(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void list_groups(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void list_sources(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void export_violations(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void list_scans(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void stream_scan_events(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void get_scan(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void request_scan(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void list_exceptions(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void grant_exception(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void grant_exceptions_for_violations(const httplib::Request&, httplib::Response&, ApiContext&,
                                     const Caller&);
void revoke_exception(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void list_audit(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void list_fixes(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void plan_violation_fix(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void apply_violation_fix(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void create_session(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void get_session(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void delete_session(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void change_own_password(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void get_sign_in_methods(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void start_oidc(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void finish_oidc(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void list_users(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void create_user(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void update_user(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void delete_user(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void list_tokens(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void create_token(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);
void revoke_token(const httplib::Request&, httplib::Response&, ApiContext&, const Caller&);

// A session's JSON (the Session schema): who, role, groups, CSRF token, expiry.
json principal_json(const auth::Principal& p);
json session_json(const auth::Session& session);

// A read handle for a handler; on failure the 503 is sent and nullopt returned.
std::optional<StorePool::Lease> store_or_error(ApiContext& context, httplib::Response& res);

// The `index`th path parameter (the server turns each {name} into a regex
// group; 1 is the first) as a positive integer named `name` in errors; on
// failure the 400 is sent.
std::optional<int64_t> id_param(const httplib::Request& req, httplib::Response& res,
                                size_t index = 1, std::string_view name = "id");

// Violation `id` read through the caller's group scope: nullopt when it
// does not exist or is outside the scope (either way "not found").
Result<std::optional<store::Violation>> visible_violation(store::Store& db, int64_t id,
                                                          const Caller& caller);

// The `index`th path parameter as text (a policy or framework id).
std::string path_text(const httplib::Request& req, size_t index = 1);

}  // namespace vigil::api
