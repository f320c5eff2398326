// /api/v1/policies and /api/v1/frameworks: the deployment's pack and the
// control results of a framework from the store's tracked state.
#include <fmt/format.h>

#include "api/http_json.h"
#include "api/query.h"
#include "api/routes.h"
#include "core/time_text.h"
#include "engine/framework_json.h"
#include "policy/field_reads.h"
#include "tracker/framework_tally.h"

namespace vigil::api {

namespace {

json policy_summary(const Policy& p) {
  json frameworks = json::object();
  for (const auto& [framework, controls] : p.frameworks) frameworks[framework] = controls;
  return {{"id", p.id},
          {"title", p.title},
          {"resource", p.resource},
          {"severity", to_string(p.severity)},
          {"category", to_string(p.category)},
          {"enabled", p.enabled},
          {"frameworks", std::move(frameworks)}};
}

json policy_detail(const Policy& p) {
  json out = policy_summary(p);
  out["description"] = p.description;
  out["rationale"] = p.rationale;
  out["remediation"] = p.remediation;
  out["references"] = p.references;
  json lets = json::array();
  for (const auto& [name, text] : p.lets)
    lets.push_back({{"name", name}, {"expression", text.text}});
  out["lets"] = std::move(lets);
  out["condition"] = p.condition.text;
  out["reads"] = resource_reads(p);
  out["file"] = p.pos.file;
  json tests = json::array();
  for (const PolicyTestCase& t : p.tests)
    tests.push_back({{"name", t.name},
                     {"expect", t.expect == Expect::Violation   ? "violation"
                                : t.expect == Expect::Compliant ? "compliant"
                                                                : "unknown"}});
  out["tests"] = std::move(tests);
  return out;
}

const FrameworkCatalog* find_catalog(const ApiContext& context, const std::string& id) {
  for (const FrameworkCatalog& c : context.catalogs)
    if (c.id == id) return &c;
  return nullptr;
}

}  // namespace

void list_policies(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                   const Caller&) {
  if (Status checked = Query(req).check({}); !checked.ok()) return send_error(res, checked.error());
  json items = json::array();
  for (const auto& p : context.policies->policies()) items.push_back(policy_summary(p->policy));
  send_json(res, {{"items", std::move(items)}});
}

void get_policy(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                const Caller&) {
  if (Status checked = Query(req).check({}); !checked.ok()) return send_error(res, checked.error());
  const CompiledPolicy* p = context.policies->find(path_text(req));
  if (!p)
    return send_error(res, 404, "not_found",
                      fmt::format("no policy '{}' in the deployment's pack", path_text(req)));
  send_json(res, policy_detail(p->policy));
}

void list_frameworks(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                     const Caller&) {
  if (Status checked = Query(req).check({}); !checked.ok()) return send_error(res, checked.error());
  json items = json::array();
  for (const FrameworkCatalog& c : context.catalogs) {
    FrameworkCoverage coverage = framework_coverage(c, *context.policies);
    items.push_back({{"id", c.id},
                     {"name", c.name},
                     {"version", c.version},
                     {"controls", c.controls.size()},
                     {"automated", coverage.total("automated")},
                     {"automated_covered", coverage.covered("automated")}});
  }
  send_json(res, {{"items", std::move(items)}});
}

void get_framework(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                   const Caller& caller) {
  if (!require_unrestricted(caller, res)) return;
  Query q(req);
  if (Status checked = q.check({"account"}); !checked.ok()) return send_error(res, checked.error());
  const FrameworkCatalog* catalog = find_catalog(context, path_text(req));
  if (!catalog)
    return send_error(res, 404, "not_found", fmt::format("no framework '{}'", path_text(req)));
  auto db = store_or_error(context, res);
  if (!db) return;
  auto tally = tracker::tally_store(**db, *context.policies, q.text("account").value_or(""));
  if (!tally.ok()) return send_error(res, 409, "no_data", tally.error().message);
  FrameworkResults r = judge_framework(*catalog, *context.policies, tally->tally);
  send_json(res, framework_results_json(r, vigil::format_time(tally->data_time)));
}

}  // namespace vigil::api
