// /api/v1/policies and /api/v1/frameworks: the deployment's pack and the
// control results of a framework from the store's tracked state: judged
// from the store's counts (no violation row is read), the evidence of one
// control paged apart (/frameworks/{id}/controls/{control}/evidence).
#include <fmt/format.h>

#include <algorithm>

#include "api/http_json.h"
#include "api/query.h"
#include "api/routes.h"
#include "core/time_text.h"
#include "engine/framework_json.h"
#include "policy/field_reads.h"
#include "tracker/framework_evidence.h"
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

constexpr size_t kEvidencePageDefault = 100, kEvidencePageMax = 1000;

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
  // Only the framework's policies are counted, and only counted: the
  // evidence is paged apart (get_control_evidence).
  std::string account = q.text("account").value_or("");
  tracker::TallyOptions options{.account = account, .list_evidence = false, .only_policies = {}};
  options.only_policies.emplace();
  for (const ControlCoverage& c : framework_coverage(*catalog, *context.policies).controls)
    options.only_policies->insert(c.policies.begin(), c.policies.end());
  auto tally = tracker::tally_store(**db, *context.policies, options);
  if (!tally.ok()) return send_error(res, 409, "no_data", tally.error().message);
  FrameworkResults r = judge_framework(*catalog, *context.policies, tally->tally);
  send_json(
      res, framework_results_json(r, vigil::format_time(tally->data_time), FrameworkJson::Summary));
}

void get_control_evidence(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                          const Caller& caller) {
  if (!require_unrestricted(caller, res)) return;
  Query q(req);
  if (Status checked = q.check({"account", "limit", "cursor"}); !checked.ok())
    return send_error(res, checked.error());
  auto limit = q.limit(kEvidencePageDefault, kEvidencePageMax);
  if (!limit.ok()) return send_error(res, limit.error());
  auto after = q.cursor();
  if (!after.ok()) return send_error(res, after.error());
  const FrameworkCatalog* catalog = find_catalog(context, path_text(req));
  if (!catalog)
    return send_error(res, 404, "not_found", fmt::format("no framework '{}'", path_text(req)));
  std::string control_id = path_text(req, 2);
  FrameworkCoverage coverage = framework_coverage(*catalog, *context.policies);
  auto control =
      std::find_if(coverage.controls.begin(), coverage.controls.end(),
                   [&](const ControlCoverage& c) { return c.control->id == control_id; });
  if (control == coverage.controls.end())
    return send_error(res, 404, "not_found",
                      fmt::format("no control '{}' in {}", control_id, catalog->id));
  auto db = store_or_error(context, res);
  if (!db) return;
  auto assessed = tracker::assessed_policies(**db);
  if (!assessed.ok()) return send_error(res, 409, "no_data", assessed.error().message);
  std::vector<std::string> policies;
  for (const std::string& p : control->policies)
    if (assessed->contains(p)) policies.push_back(p);
  auto page = tracker::control_evidence_page(**db, policies, q.text("account"), *after, *limit);
  if (!page.ok()) return send_error(res, page.error());
  json items = json::array();
  for (const tracker::EvidenceItem& item : page->items) {
    json one = {{"id", item.violation_id}};
    json evidence = evidence_json(item.evidence);
    for (auto& [key, value] : evidence.items()) one[key] = std::move(value);
    items.push_back(std::move(one));
  }
  json next = page->more ? json(cursor_after(page->items.back().violation_id)) : json(nullptr);
  send_json(res, {{"items", std::move(items)}, {"next_cursor", std::move(next)}});
}

}  // namespace vigil::api
