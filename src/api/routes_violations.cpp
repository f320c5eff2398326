// /api/v1/violations: the tracked findings, filtered and paged by key, and
// one with its history.
#include <fmt/format.h>

#include "api/http_json.h"
#include "api/query.h"
#include "api/routes.h"
#include "api/violation_query.h"
#include "core/json_text.h"

namespace vigil::api {

namespace {

constexpr size_t kDefaultPage = 100, kMaxPage = 1000;

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
                            "category", "group", "limit", "cursor", "order", "sort"});
  if (!checked.ok()) return send_error(res, checked.error());
  auto filter = violation_filter_of(q);
  if (!filter.ok()) return send_error(res, filter.error());
  auto limit = q.limit(kDefaultPage, kMaxPage);
  if (!limit.ok()) return send_error(res, limit.error());
  const store::ViolationSort sort = filter->sort;
  if (sort == store::ViolationSort::Id) {
    auto after = q.cursor();
    if (!after.ok()) return send_error(res, after.error());
    filter->after_id = *after;
  } else {
    auto after = q.sorted_cursor(store::to_string(sort));
    if (!after.ok()) return send_error(res, after.error());
    filter->after_id = after->id;
    filter->after_value = after->value;
  }
  auto db = store_or_error(context, res);
  if (!db) return;
  filter->limit = *limit + 1;  // one more: is there a next page?
  scope_filter(*filter, caller);
  // The page is written as text, finding by finding (tracker/finding_json.h
  // append_tracked_finding_json): the same bytes as the JSON tree's dump.
  std::string body = "{\"items\":[";
  size_t count = 0;
  std::string next;
  bool more = false;
  Status read = (*db)->for_each_violation(*filter, [&](const store::Violation& v) {
    if (count == *limit) {  // the extra row asked for: there is a next page
      more = true;
      return false;
    }
    if (count++ > 0) body += ',';
    tracker::append_tracked_finding_json(body, v, context.texts);
    next = sort == store::ViolationSort::Id
               ? cursor_after(v.id)
               : cursor_after(store::to_string(sort), store::violation_sort_value(v, sort), v.id);
    return true;
  });
  if (!read.ok()) return send_error(res, read.error());
  body += "],\"next_cursor\":";
  if (more)
    append_json_string(body, next);
  else
    body += "null";
  body += '}';
  send_json_text(res, std::move(body));
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
