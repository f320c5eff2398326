// /api/v1/summary, scans, exceptions and the audit log: what the store
// recorded.
#include <fmt/format.h>

#include "api/http_json.h"
#include "api/query.h"
#include "api/routes.h"
#include "core/time_text.h"

namespace vigil::api {

namespace {

constexpr size_t kDefaultPage = 100, kMaxPage = 1000;

json score_json(const store::ScoreRow& r) {
  return {{"key", r.key},
          {"score", r.score},
          {"evaluated", r.evaluated},
          {"violations", r.violations},
          {"compliant", r.compliant},
          {"exempted", r.exempted},
          {"unknown", r.unknown}};
}

json scan_json(const store::ScanRecord& s, bool with_scopes) {
  json out = {{"id", s.id},
              {"source", s.source},
              {"state", store::to_string(s.state)},
              {"started", vigil::format_time(s.started)},
              {"finished", s.finished ? json(vigil::format_time(*s.finished)) : json(nullptr)},
              {"assets", s.assets},
              {"evaluations", s.evaluations},
              {"violations", s.violations},
              {"compliant", s.compliant},
              {"unknown", s.unknown},
              {"exempted", s.exempted}};
  if (!s.error.empty()) out["error"] = s.error;
  size_t failed = 0;
  json scopes = json::array();
  for (const store::ScopeStatus& scope : s.scopes) {
    failed += !scope.ok;
    if (with_scopes)
      scopes.push_back({{"account", scope.key.account},
                        {"region", scope.key.region},
                        {"type", scope.key.type},
                        {"ok", scope.ok},
                        {"error", scope.error},
                        {"assets", scope.assets}});
  }
  out["failed_scopes"] = failed;
  if (with_scopes) out["scopes"] = std::move(scopes);
  return out;
}

json exception_json(const store::ExceptionRecord& e, store::Time now) {
  json out = {{"id", e.id},
              {"sticky", e.sticky},
              {"reason", e.reason},
              {"requested_by", e.requested_by},
              {"granted_by", e.granted_by},
              {"ticket", e.ticket},
              {"created", vigil::format_time(e.created)},
              {"expires", vigil::format_time(e.expires)},
              {"active", !e.revoked && e.expires > now}};
  if (e.sticky) {
    out["policies"] = e.policy_ids;
    out["category"] = e.category;
    out["severity"] = e.severity;
    out["group"] = e.group;
    out["condition"] = e.condition;
  } else {
    out["policy"] = e.policy_id;
    out["asset"] = e.asset_id;
  }
  if (e.revoked) {
    out["revoked"] = vigil::format_time(*e.revoked);
    out["revoked_by"] = e.revoked_by;
    out["revoke_reason"] = e.revoke_reason;
  }
  return out;
}

// A newest-first list that takes only ?limit=: `read(store, limit)` gives
// the rows, `to_json` writes each.
template <typename Read, typename ToJson>
void send_newest(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                 Read read, ToJson to_json) {
  Query q(req);
  if (Status checked = q.check({"limit"}); !checked.ok()) return send_error(res, checked.error());
  auto limit = q.limit(kDefaultPage, kMaxPage);
  if (!limit.ok()) return send_error(res, limit.error());
  auto db = reader_or_error(context, res);
  if (!db) return;
  auto rows = read(**db, *limit);
  if (!rows.ok()) return send_error(res, rows.error());
  json items = json::array();
  for (const auto& row : *rows) items.push_back(to_json(row));
  send_json(res, {{"items", std::move(items)}});
}

}  // namespace

// The compliance scores of the latest scored day (or ?day=), overall and by
// account, group, category, severity and policy.
void get_summary(const httplib::Request& req, httplib::Response& res, ApiContext& context) {
  Query q(req);
  if (Status checked = q.check({"day"}); !checked.ok()) return send_error(res, checked.error());
  auto db = reader_or_error(context, res);
  if (!db) return;
  std::string day = q.text("day").value_or("");
  if (day.empty()) {
    auto overall = (*db)->scores("overall", "0000-00-00", "9999-99-99");
    if (!overall.ok()) return send_error(res, overall.error());
    if (overall->empty())
      return send_json(res, {{"day", nullptr}, {"overall", nullptr}});  // nothing scanned yet
    day = overall->back().day;
  }
  json out = {{"day", day}};
  for (const char* dimension : {"overall", "account", "group", "category", "severity", "policy"}) {
    auto rows = (*db)->scores(dimension, day, day);
    if (!rows.ok()) return send_error(res, rows.error());
    if (std::string_view(dimension) == "overall") {
      out["overall"] = rows->empty() ? json(nullptr) : score_json(rows->front());
      continue;
    }
    json list = json::array();
    for (const auto& r : *rows) list.push_back(score_json(r));
    out[dimension] = std::move(list);
  }
  send_json(res, out);
}

void list_scans(const httplib::Request& req, httplib::Response& res, ApiContext& context) {
  send_newest(
      req, res, context, [](store::Store& db, size_t limit) { return db.list_scans(limit); },
      [](const store::ScanRecord& s) { return scan_json(s, false); });
}

void get_scan(const httplib::Request& req, httplib::Response& res, ApiContext& context) {
  auto id = id_param(req, res);
  if (!id) return;
  if (Status checked = Query(req).check({}); !checked.ok()) return send_error(res, checked.error());
  auto db = reader_or_error(context, res);
  if (!db) return;
  auto scan = (*db)->get_scan(*id);
  if (!scan.ok()) return send_error(res, scan.error());
  if (!scan->has_value()) return send_error(res, 404, "not_found", fmt::format("no scan {}", *id));
  send_json(res, scan_json(**scan, true));
}

void list_exceptions(const httplib::Request& req, httplib::Response& res, ApiContext& context) {
  Query q(req);
  if (Status checked = q.check({"include_inactive"}); !checked.ok())
    return send_error(res, checked.error());
  auto inactive = q.flag("include_inactive", false);
  if (!inactive.ok()) return send_error(res, inactive.error());
  auto db = reader_or_error(context, res);
  if (!db) return;
  store::Time now = std::chrono::system_clock::now();
  auto exceptions = (*db)->exceptions(*inactive, now);
  if (!exceptions.ok()) return send_error(res, exceptions.error());
  json items = json::array();
  for (const auto& e : *exceptions) items.push_back(exception_json(e, now));
  send_json(res, {{"items", std::move(items)}});
}

void list_audit(const httplib::Request& req, httplib::Response& res, ApiContext& context) {
  send_newest(
      req, res, context, [](store::Store& db, size_t limit) { return db.audit_log(limit); },
      [](const store::AuditEntry& e) {
        return json{{"id", e.id},         {"at", vigil::format_time(e.at)},
                    {"actor", e.actor},   {"action", e.action},
                    {"object", e.object}, {"details", e.details}};
      });
}

}  // namespace vigil::api
