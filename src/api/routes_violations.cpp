// /api/v1/violations: the tracked findings, filtered and paged by key, and
// one with its history.
#include <fmt/format.h>

#include "api/http_json.h"
#include "api/query.h"
#include "api/routes.h"

namespace vigil::api {

namespace {

constexpr size_t kDefaultPage = 100, kMaxPage = 1000;

Result<store::ViolationFilter> filter_of(const Query& q) {
  store::ViolationFilter f;
  if (auto status = q.text("status")) {
    for (size_t start = 0; start <= status->size();) {
      size_t comma = status->find(',', start);
      std::string word = status->substr(start, comma == std::string::npos ? comma : comma - start);
      auto s = store::violation_status_from(word);
      if (!s) {
        return Error(
                   fmt::format("unknown status '{}': use open, exempted, closed or unknown", word))
            .with_kind(Error::Kind::InvalidInput)
            .with_subject("status");
      }
      f.statuses.push_back(*s);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  f.policy_id = q.text("policy");
  f.asset_id = q.text("asset");
  f.account = q.text("account");
  f.region = q.text("region");
  f.type = q.text("type");
  f.severity = q.text("severity");
  f.category = q.text("category");
  f.group = q.text("group");
  return f;
}

}  // namespace

Result<std::optional<store::Violation>> visible_violation(store::Store& db, int64_t id,
                                                          const Caller& caller) {
  std::optional<store::Violation> v;
  store::ViolationFilter only;
  only.after_id = id - 1;
  only.limit = 1;
  scope_filter(only, caller);
  Status read = db.for_each_violation(only, [&](const store::Violation& found) {
    if (found.id == id) v = found;
    return false;
  });
  if (!read.ok()) return read.error();
  return v;
}

void list_violations(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                     const Caller& caller) {
  Query q(req);
  Status checked = q.check({"status", "policy", "asset", "account", "region", "type", "severity",
                            "category", "group", "limit", "cursor", "order"});
  if (!checked.ok()) return send_error(res, checked.error());
  auto filter = filter_of(q);
  if (!filter.ok()) return send_error(res, filter.error());
  auto limit = q.limit(kDefaultPage, kMaxPage);
  if (!limit.ok()) return send_error(res, limit.error());
  auto after = q.cursor();
  if (!after.ok()) return send_error(res, after.error());
  auto descending = q.descending();
  if (!descending.ok()) return send_error(res, descending.error());
  auto db = store_or_error(context, res);
  if (!db) return;
  filter->after_id = *after;
  filter->descending = *descending;
  filter->limit = *limit + 1;  // one more: is there a next page?
  scope_filter(*filter, caller);
  json items = json::array();
  int64_t last = 0;
  bool more = false;
  Status read = (*db)->for_each_violation(*filter, [&](const store::Violation& v) {
    if (items.size() == *limit) {
      more = true;
      return false;
    }
    items.push_back(tracker::tracked_finding_json(v, context.texts));
    last = v.id;
    return true;
  });
  if (!read.ok()) return send_error(res, read.error());
  send_json(res, {{"items", std::move(items)},
                  {"next_cursor", more ? json(cursor_after(last)) : json(nullptr)}});
}

void get_violation(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                   const Caller& caller) {
  auto id = id_param(req, res);
  if (!id) return;
  if (Status checked = Query(req).check({}); !checked.ok()) return send_error(res, checked.error());
  auto db = store_or_error(context, res);
  if (!db) return;
  auto v = visible_violation(**db, *id, caller);
  if (!v.ok()) return send_error(res, v.error());
  if (!*v) return send_error(res, 404, "not_found", fmt::format("no violation with id {}", *id));
  auto events = (*db)->violation_events(*id);
  if (!events.ok()) return send_error(res, events.error());
  json out = tracker::tracked_finding_json(**v, context.texts);
  out["history"] = tracker::violation_history_json(*events);
  send_json(res, out);
}

}  // namespace vigil::api
