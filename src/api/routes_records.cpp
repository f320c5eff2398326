// /api/v1/summary, scans and the audit log: what the store recorded.
#include <fmt/format.h>

#include <algorithm>

#include "api/body.h"
#include "api/http_json.h"
#include "api/query.h"
#include "api/routes.h"
#include "core/json_text_writer.h"
#include "core/time_text.h"

namespace vigil::api {

namespace {

constexpr size_t kDefaultPage = 100, kMaxPage = 1000;

// A score row; `with_day` adds its day last (the trend's items).
void write_score(JsonTextWriter& out, const store::ScoreRow& r, bool with_day = false) {
  out.begin_object()
      .member("key", r.key)
      .member("score", r.score)
      .member("evaluated", r.evaluated)
      .member("violations", r.violations)
      .member("compliant", r.compliant)
      .member("exempted", r.exempted)
      .member("unknown", r.unknown);
  if (with_day) out.member("day", r.day);
  out.end_object();
}

// The summary's JSON. A caller limited to groups (`groups` not null) sees
// those groups' scores only: the overall and the other dimensions cover the
// whole estate, so they are null and empty.
std::string summary_answer(const SummarySnapshot& snapshot,
                           const std::vector<std::string>* groups) {
  std::string body;
  JsonTextWriter out(body);
  out.begin_object().key("day");
  if (snapshot.day.empty()) {  // nothing scanned yet
    out.null().key("overall").null().end_object();
    return body;
  }
  out.value(snapshot.day);
  for (size_t i = 0; i < kSummaryDimensions.size(); ++i) {
    std::string_view name = kSummaryDimensions[i];
    const auto& rows = snapshot.rows[i];
    out.key(name);
    if (name == "overall") {
      if (rows.empty() || groups)
        out.null();
      else
        write_score(out, rows.front());
      continue;
    }
    out.begin_array();
    if (!groups || name == "group")
      for (const auto& r : rows)
        if (!groups || std::find(groups->begin(), groups->end(), r.key) != groups->end())
          write_score(out, r);
    out.end_array();
  }
  if (groups) {
    out.key("scope").begin_array();
    for (const auto& group : *groups) out.value(group);
    out.end_array();
  }
  out.end_object();
  return body;
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

// A newest-first list paged by key: ?limit= and ?cursor= (the next_cursor
// of the page before). `read(store, page)` gives the rows, `to_json` writes
// each; rows have an `id`.
template <typename Read, typename ToJson>
void send_newest(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                 Read read, ToJson to_json) {
  Query q(req);
  if (Status checked = q.check({"limit", "cursor"}); !checked.ok())
    return send_error(res, checked.error());
  auto limit = q.limit(kDefaultPage, kMaxPage);
  if (!limit.ok()) return send_error(res, limit.error());
  auto before = q.cursor();
  if (!before.ok()) return send_error(res, before.error());
  auto db = store_or_error(context, res);
  if (!db) return;
  auto rows = read(**db, store::RecordPage{*limit + 1, *before});  // one more: a next page?
  if (!rows.ok()) return send_error(res, rows.error());
  bool more = rows->size() > *limit;
  if (more) rows->resize(*limit);
  json items = json::array();
  for (const auto& row : *rows) items.push_back(to_json(row));
  send_json(res, {{"items", std::move(items)},
                  {"next_cursor", more ? json(cursor_after(rows->back().id)) : json(nullptr)}});
}

}  // namespace

namespace {

// The summary's rows of ?day= (`day_parameter`; "" = the latest scored
// day), and the answer an unrestricted caller gets, written as text.
Result<std::shared_ptr<const SummarySnapshot>> read_summary(store::Store& db,
                                                            const std::string& day_parameter) {
  auto snapshot = std::make_shared<SummarySnapshot>();
  snapshot->day = day_parameter;
  if (snapshot->day.empty()) {
    auto overall = db.scores("overall", "0000-00-00", "9999-99-99");
    if (!overall.ok()) return overall.error();
    if (!overall->empty()) snapshot->day = overall->back().day;
  }
  if (!snapshot->day.empty())
    for (size_t i = 0; i < kSummaryDimensions.size(); ++i) {
      auto rows = db.scores(kSummaryDimensions[i], snapshot->day, snapshot->day);
      if (!rows.ok()) return rows.error();
      snapshot->rows[i] = std::move(*rows);
    }
  snapshot->whole_estate_answer = summary_answer(*snapshot, nullptr);
  return std::shared_ptr<const SummarySnapshot>(std::move(snapshot));
}

}  // namespace

// The compliance scores of the latest scored day (or ?day=), overall and by
// account, group, category, severity and policy. Kept between requests
// until a scan is begun or recorded (api/summary_cache.h).
void get_summary(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                 const Caller& caller) {
  Query q(req);
  if (Status checked = q.check({"day"}); !checked.ok()) return send_error(res, checked.error());
  auto db = store_or_error(context, res);
  if (!db) return;
  std::string day = q.text("day").value_or("");
  auto stamp = (*db)->newest_scan_stamp();
  if (!stamp.ok()) return send_error(res, stamp.error());
  std::shared_ptr<const SummarySnapshot> snapshot;
  if (context.summaries) snapshot = context.summaries->find(day, *stamp);
  if (!snapshot) {
    auto read = read_summary(**db, day);
    if (!read.ok()) return send_error(res, read.error());
    snapshot = std::move(*read);
    if (context.summaries) context.summaries->keep(day, *stamp, snapshot);
  }
  if (caller.principal.unrestricted()) return send_json_text(res, snapshot->whole_estate_answer);
  send_json_text(res, summary_answer(*snapshot, &caller.principal.groups));
}

// Daily scores over the last ?days= days (UTC), oldest first: one dimension
// (?dimension=, default overall), optionally one key of it (?key=). A caller
// limited to groups may read the group dimension, for its groups only.
void get_trend(const httplib::Request& req, httplib::Response& res, ApiContext& context,
               const Caller& caller) {
  Query q(req);
  if (Status checked = q.check({"dimension", "key", "days"}); !checked.ok())
    return send_error(res, checked.error());
  std::string dimension = q.text("dimension").value_or("overall");
  constexpr std::string_view kDimensions[] = {"overall",  "account",  "group",
                                              "category", "severity", "policy"};
  if (std::find(std::begin(kDimensions), std::end(kDimensions), dimension) == std::end(kDimensions))
    return send_error(res, 400, "invalid_input",
                      fmt::format("unknown dimension '{}': use overall, account, group, "
                                  "category, severity or policy",
                                  dimension),
                      "dimension");
  auto days = q.number("days", 30, 1, 3660);
  if (!days.ok()) return send_error(res, days.error());
  auto key = q.text("key");
  const auto& mine = caller.principal.groups;
  if (!caller.principal.unrestricted()) {
    if (dimension != "group")
      return send_error(res, 403, "out_of_scope",
                        "only the group dimension is within your asset groups", "dimension");
    if (key && std::find(mine.begin(), mine.end(), *key) == mine.end())
      return send_error(res, 404, "not_found", fmt::format("no group '{}'", *key), "key");
  }
  auto db = store_or_error(context, res);
  if (!db) return;
  auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  std::string from = vigil::format_time(today - std::chrono::days(*days - 1)).substr(0, 10);
  auto rows = (*db)->scores(dimension, from, "9999-99-99");
  if (!rows.ok()) return send_error(res, rows.error());
  std::string body;
  JsonTextWriter out(body);
  out.begin_object().member("dimension", dimension).member("from", from).key("items").begin_array();
  for (const auto& r : *rows) {
    if (key && r.key != *key) continue;
    if (!caller.principal.unrestricted() &&
        std::find(mine.begin(), mine.end(), r.key) == mine.end())
      continue;
    write_score(out, r, true);
  }
  out.end_array().end_object();
  send_json_text(res, std::move(body));
}

void list_scans(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                const Caller& caller) {
  if (!require_unrestricted(caller, res)) return;
  send_newest(
      req, res, context,
      [](store::Store& db, const store::RecordPage& page) { return db.list_scans(page); },
      [](const store::ScanRecord& s) { return scan_json(s, false); });
}

void get_scan(const httplib::Request& req, httplib::Response& res, ApiContext& context,
              const Caller& caller) {
  if (!require_unrestricted(caller, res)) return;
  auto id = id_param(req, res);
  if (!id) return;
  if (Status checked = Query(req).check({}); !checked.ok()) return send_error(res, checked.error());
  auto db = store_or_error(context, res);
  if (!db) return;
  auto scan = (*db)->get_scan(*id);
  if (!scan.ok()) return send_error(res, scan.error());
  if (!scan->has_value()) return send_error(res, 404, "not_found", fmt::format("no scan {}", *id));
  send_json(res, scan_json(**scan, true));
}

// Scan a source now: queued behind the scan in progress, if any (202).
void request_scan(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                  const Caller& caller) {
  if (!require_unrestricted(caller, res)) return;
  auto body = Body::read(req, res, {"source"});
  if (!body) return;
  auto source = body->required_text("source");
  if (!source.ok()) return send_error(res, source.error());
  if (!context.request_scan)
    return send_error(res, 503, "unavailable", "no scheduler runs in this process");
  if (Status queued = context.request_scan(*source); !queued.ok())
    return send_error(res, queued.error());
  auto db = store_or_error(context, res);
  if (!db) return;
  (void)(*db)->record_audit(
      audit_entry(caller.principal.user, caller.address, "scan.request", "source:" + *source));
  send_json(res, {{"source", *source}, {"queued", true}}, 202);
}

void list_audit(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                const Caller& caller) {
  if (!require_unrestricted(caller, res)) return;
  send_newest(
      req, res, context,
      [](store::Store& db, const store::RecordPage& page) { return db.audit_log(page); },
      [](const store::AuditEntry& e) {
        return json{{"id", e.id},         {"at", vigil::format_time(e.at)},
                    {"actor", e.actor},   {"action", e.action},
                    {"object", e.object}, {"details", e.details}};
      });
}

}  // namespace vigil::api
