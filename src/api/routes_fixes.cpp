// Fixes over the API (docs/autofix.md): a violation's dry-run plan, applying
// it with the operator's confirmation (the digest of the plan they saw), and
// the scheduled fixes and fix runs. The fix runner itself is `vigil serve`'s
// (ApiContext::plan_fix and apply_fix); these handlers check the caller's
// scope, the request, and map the runner's errors to HTTP.
#include <fmt/format.h>

#include <map>

#include "api/body.h"
#include "api/http_json.h"
#include "api/query.h"
#include "api/routes.h"
#include "tracker/fix_json.h"

namespace vigil::api {

namespace {

constexpr size_t kDefaultFixes = 100, kMaxFixes = 1000;

// The violation `id` of the request, if the caller may see it; else the
// error is sent and nullopt returned.
std::optional<int64_t> fixable_violation(const httplib::Request& req, httplib::Response& res,
                                         store::Store& db, const Caller& caller) {
  auto id = id_param(req, res);
  if (!id) return std::nullopt;
  auto v = visible_violation(db, *id, caller);
  if (!v.ok()) {
    send_error(res, v.error());
    return std::nullopt;
  }
  if (!*v) {
    send_error(res, 404, "not_found", fmt::format("no violation with id {}", *id));
    return std::nullopt;
  }
  return id;
}

bool fixes_available(const ApiContext& context, httplib::Response& res) {
  if (context.plan_fix && context.apply_fix) return true;
  send_error(res, 503, "unavailable", "fixes cannot run in this process (vigil serve runs them)");
  return false;
}

}  // namespace

void plan_violation_fix(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                        const Caller& caller) {
  Query q(req);
  if (Status checked = q.check({"action"}); !checked.ok()) return send_error(res, checked.error());
  // The action to plan with (one that serves the policy); none: the policy's own.
  std::string action = q.text("action").value_or("");
  if (!fixes_available(context, res)) return;
  auto db = store_or_error(context, res);
  if (!db) return;
  auto id = fixable_violation(req, res, **db, caller);
  if (!id) return;
  auto plan = context.plan_fix(**db, *id, action);
  if (!plan.ok()) return send_error(res, plan.error());
  send_json(res, *plan);
}

void apply_violation_fix(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                         const Caller& caller) {
  auto body = Body::read(req, res, {"digest", "action"});
  if (!body) return;
  // The plan the operator confirmed: a resource that changed since is not fixed.
  auto digest = body->required_text("digest");
  if (!digest.ok()) return send_error(res, digest.error());
  // The action of that plan (GET .../fix?action=); none: the policy's own.
  auto action = body->text("action");
  if (!action.ok()) return send_error(res, action.error());
  if (!fixes_available(context, res)) return;
  auto db = store_or_error(context, res);
  if (!db) return;
  auto id = fixable_violation(req, res, **db, caller);
  if (!id) return;
  auto run = context.apply_fix(**db, *id, *digest, action->value_or(""), caller.principal.user);
  if (!run.ok()) return send_error(res, run.error());
  send_json(res, *run);
}

void list_fixes(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                const Caller& caller) {
  Query q(req);
  if (Status checked = q.check({"limit"}); !checked.ok()) return send_error(res, checked.error());
  auto limit = q.limit(kDefaultFixes, kMaxFixes);
  if (!limit.ok()) return send_error(res, limit.error());
  auto db = store_or_error(context, res);
  if (!db) return;
  auto plans = (*db)->scheduled_fixes({.limit = *limit});
  if (!plans.ok()) return send_error(res, plans.error());
  auto runs = (*db)->fix_runs({.limit = *limit});
  if (!runs.ok()) return send_error(res, runs.error());
  // A caller limited to asset groups sees the fixes of the violations it can see.
  std::map<int64_t, bool> visible;
  auto can_see = [&](int64_t violation) -> Result<bool> {
    if (caller.principal.groups.empty()) return true;
    auto known = visible.find(violation);
    if (known != visible.end()) return known->second;
    auto v = visible_violation(**db, violation, caller);
    if (!v.ok()) return v.error();
    return visible[violation] = v->has_value();
  };
  json scheduled = json::array(), fix_runs = json::array();
  for (const auto& p : *plans) {
    auto ok = can_see(p.violation_id);
    if (!ok.ok()) return send_error(res, ok.error());
    if (*ok) scheduled.push_back(tracker::scheduled_fix_json(p));
  }
  for (const auto& r : *runs) {
    auto ok = can_see(r.violation_id);
    if (!ok.ok()) return send_error(res, ok.error());
    if (*ok) fix_runs.push_back(tracker::fix_run_json(r));
  }
  send_json(res, {{"scheduled", std::move(scheduled)}, {"runs", std::move(fix_runs)}});
}

}  // namespace vigil::api
