// /api/v1/exceptions: list (viewer), grant (operator) and revoke
// (operator), through the caller's group scope; the same checks and audit
// entries as `vigil exceptions` (tracker/exceptions.h, exception_targets.h).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "api/body.h"
#include "api/http_json.h"
#include "api/query.h"
#include "api/routes.h"
#include "core/invalid_input.h"
#include "core/time_text.h"
#include "tracker/exception_targets.h"
#include "tracker/exceptions.h"

namespace vigil::api {

namespace {

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

// Whether a caller limited to groups may see an exception: a sticky one
// that names one of their groups, or a per-resource one on an asset of
// theirs (one with a tracked finding of that policy in their scope).
Result<bool> exception_in_scope(store::Store& db, const store::ExceptionRecord& e,
                                const Caller& caller) {
  const auto& mine = caller.principal.groups;
  if (mine.empty()) return true;
  if (e.sticky) return std::find(mine.begin(), mine.end(), e.group) != mine.end();
  store::ViolationFilter f;
  f.asset_id = e.asset_id;
  f.policy_id = e.policy_id;
  f.limit = 1;
  scope_filter(f, caller);
  bool found = false;
  Status read = db.for_each_violation(f, [&](const store::Violation&) {
    found = true;
    return false;
  });
  if (!read.ok()) return read.error();
  return found;
}

// The terms every grant states: why, who asked, a ticket, and when it ends
// (`expires` or `expires_in_days`); the error names the member at fault.
Status read_terms(const Body& body, store::Time now, store::ExceptionRecord& e) {
  for (auto [name, into] : std::initializer_list<std::pair<const char*, std::string*>>{
           {"ticket", &e.ticket}, {"requested_by", &e.requested_by}}) {
    auto t = body.text(name);
    if (!t.ok()) return t.error();
    *into = t->value_or("");
  }
  auto reason = body.required_text("reason");
  if (!reason.ok()) return reason.error();
  e.reason = *reason;
  auto expires = body.text("expires");
  if (!expires.ok()) return expires.error();
  auto days = body.whole("expires_in_days", 1, 3650);
  if (!days.ok()) return days.error();
  if (expires->has_value() == days->has_value())
    return invalid_input(
        "give the end of the exception as `expires` (RFC 3339) or `expires_in_days`", "expires");
  if (*days) {
    e.expires = now + std::chrono::hours(24 * **days);
  } else {
    auto parsed = vigil::parse_time(**expires);
    if (!parsed.ok())
      return invalid_input(
          fmt::format("`expires` {}: use RFC 3339, e.g. 2027-01-31T00:00:00Z", **expires),
          "expires");
    e.expires = *parsed;
  }
  return {};
}

// The exception a POST body describes; the error names the member at fault.
Result<store::ExceptionRecord> exception_of(const Body& body, store::Time now) {
  store::ExceptionRecord e;
  for (auto [name, into] :
       std::initializer_list<std::pair<const char*, std::string*>>{{"policy", &e.policy_id},
                                                                   {"asset", &e.asset_id},
                                                                   {"category", &e.category},
                                                                   {"severity", &e.severity},
                                                                   {"group", &e.group},
                                                                   {"condition", &e.condition}}) {
    auto t = body.text(name);
    if (!t.ok()) return t.error();
    *into = t->value_or("");
  }
  auto policies = body.texts("policies");
  if (!policies.ok()) return policies.error();
  e.policy_ids = policies->value_or(std::vector<std::string>{});
  bool per_resource = !e.policy_id.empty() || !e.asset_id.empty();
  e.sticky = !e.policy_ids.empty() || !e.category.empty() || !e.severity.empty() ||
             !e.group.empty() || !e.condition.empty();
  if (per_resource == e.sticky)
    return invalid_input(
        "give either `policy` and `asset` (one resource) or sticky selectors (`policies`, "
        "`category`, `severity` with `group` or `condition`)",
        per_resource ? "policy" : "asset");
  if (per_resource && (e.policy_id.empty() || e.asset_id.empty()))
    return invalid_input("a per-resource exception needs both `policy` and `asset`",
                         e.policy_id.empty() ? "policy" : "asset");
  if (Status terms = read_terms(body, now, e); !terms.ok()) return terms.error();
  return e;
}

tracker::KnownTargets known_targets(const ApiContext& context) {
  tracker::KnownTargets known;
  for (const auto& p : context.policies->policies()) known.policy_ids.push_back(p->policy.id);
  return known;
}

}  // namespace

// Exceptions are few (hundreds), so the caller's visible ones are read
// whole and paged here: by id, or by expiry (`sort=expires`: soonest first,
// the order of "expiring soon").
void list_exceptions(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                     const Caller& caller) {
  Query q(req);
  if (Status checked = q.check({"include_inactive", "limit", "cursor", "sort", "order"});
      !checked.ok())
    return send_error(res, checked.error());
  auto inactive = q.flag("include_inactive", false);
  if (!inactive.ok()) return send_error(res, inactive.error());
  auto limit = q.limit(100, 1000);
  if (!limit.ok()) return send_error(res, limit.error());
  auto descending = q.descending();
  if (!descending.ok()) return send_error(res, descending.error());
  std::string sort = q.text("sort").value_or("id");
  if (sort != "id" && sort != "expires")
    return send_error(res, Error(fmt::format("unknown sort '{}': use id or expires", sort))
                               .with_kind(Error::Kind::InvalidInput)
                               .with_subject("sort"));
  SortedPosition after;
  if (sort == "id") {
    auto key = q.cursor();
    if (!key.ok()) return send_error(res, key.error());
    after.id = *key;
  } else {
    auto position = q.sorted_cursor(sort);
    if (!position.ok()) return send_error(res, position.error());
    after = *position;
  }
  auto db = store_or_error(context, res);
  if (!db) return;
  store::Time now = std::chrono::system_clock::now();
  auto exceptions = (*db)->exceptions(*inactive, now);
  if (!exceptions.ok()) return send_error(res, exceptions.error());
  // (value, id) of each visible exception in the order asked for.
  auto value_of = [&](const store::ExceptionRecord& e) {
    return sort == "id"
               ? e.id
               : std::chrono::duration_cast<std::chrono::milliseconds>(e.expires.time_since_epoch())
                     .count();
  };
  std::vector<std::pair<std::pair<int64_t, int64_t>, const store::ExceptionRecord*>> rows;
  for (const auto& e : *exceptions) {
    auto visible = exception_in_scope(**db, e, caller);
    if (!visible.ok()) return send_error(res, visible.error());
    if (*visible) rows.push_back({{value_of(e), e.id}, &e});
  }
  if (*descending)
    std::sort(rows.begin(), rows.end(),
              [](const auto& a, const auto& b) { return a.first > b.first; });
  else
    std::sort(rows.begin(), rows.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
  std::pair<int64_t, int64_t> from{sort == "id" ? after.id : after.value, after.id};
  json items = json::array();
  std::string next;
  std::pair<int64_t, int64_t> last{};
  for (const auto& [key, e] : rows) {
    if (after.id != 0 && (*descending ? !(key < from) : !(from < key))) continue;
    if (items.size() == *limit) {
      next = sort == "id" ? cursor_after(last.second) : cursor_after(sort, last.first, last.second);
      break;
    }
    items.push_back(exception_json(*e, now));
    last = key;
  }
  send_json(res, {{"items", std::move(items)},
                  {"next_cursor", next.empty() ? json(nullptr) : json(next)}});
}

void grant_exception(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                     const Caller& caller) {
  auto body =
      Body::read(req, res,
                 {"policy", "asset", "policies", "category", "severity", "group", "condition",
                  "reason", "ticket", "requested_by", "expires", "expires_in_days"});
  if (!body) return;
  store::Time now = std::chrono::system_clock::now();
  auto e = exception_of(*body, now);
  if (!e.ok()) return send_error(res, e.error());
  if (e->requested_by.empty()) e->requested_by = caller.principal.user;
  auto db = store_or_error(context, res);
  if (!db) return;
  // A caller limited to groups grants within them only.
  const auto& mine = caller.principal.groups;
  if (!mine.empty()) {
    if (e->sticky && std::find(mine.begin(), mine.end(), e->group) == mine.end())
      return send_error(
          res, 403, "out_of_scope",
          fmt::format("a sticky exception you grant must name one of your groups ({})",
                      fmt::join(mine, ", ")),
          "group");
    if (!e->sticky) {
      auto visible = exception_in_scope(**db, *e, caller);
      if (!visible.ok()) return send_error(res, visible.error());
      if (!*visible)
        return send_error(res, 403, "out_of_scope", "that asset is outside your asset groups",
                          "asset");
    }
  }
  if (Status checked = tracker::check_exception_targets(*e, **db, known_targets(context));
      !checked.ok())
    return send_error(res, checked.error());
  tracker::ExceptionOptions options;
  options.max_duration = context.exception_max_duration;
  e->granted_by = caller.principal.user;
  auto id = tracker::grant_exception(**db, *e, now, caller.principal.user, options);
  if (!id.ok()) return send_error(res, id.error());
  auto stored = (*db)->exception(*id);
  if (!stored.ok() || !*stored)
    return send_error(res, 500, "internal", "the new exception cannot be read back");
  send_json(res, exception_json(**stored, now), 201);
}

// One exception per listed violation (the dashboard's "grant exception" on
// selected rows), all with the same terms. Every violation is read through
// the caller's scope and every exception checked before any is granted: a
// request with one bad id grants nothing.
void grant_exceptions_for_violations(const httplib::Request& req, httplib::Response& res,
                                     ApiContext& context, const Caller& caller) {
  constexpr size_t kMaxViolations = 1000;
  auto body = Body::read(
      req, res, {"violations", "reason", "ticket", "requested_by", "expires", "expires_in_days"});
  if (!body) return;
  auto ids = body->wholes("violations", 1, INT64_MAX, kMaxViolations);
  if (!ids.ok()) return send_error(res, ids.error());
  if (!*ids) return send_error(res, 400, "invalid_input", "`violations` is required", "violations");
  store::Time now = std::chrono::system_clock::now();
  store::ExceptionRecord terms;
  if (Status read = read_terms(*body, now, terms); !read.ok()) return send_error(res, read.error());
  if (terms.requested_by.empty()) terms.requested_by = caller.principal.user;
  terms.granted_by = caller.principal.user;
  auto db = store_or_error(context, res);
  if (!db) return;
  tracker::ExceptionOptions options;
  options.max_duration = context.exception_max_duration;
  std::vector<store::ExceptionRecord> grants;
  tracker::KnownTargets known = known_targets(context);
  for (int64_t id : **ids) {
    auto found = visible_violation(**db, id, caller);
    if (!found.ok()) return send_error(res, found.error());
    if (!*found)
      return send_error(res, 404, "not_found",
                        fmt::format("no violation with id {}; nothing was granted", id),
                        "violations");
    store::ExceptionRecord e = terms;
    e.policy_id = (*found)->policy_id;
    e.asset_id = (*found)->asset.id;
    if (Status checked = tracker::check_exception_targets(e, **db, known); !checked.ok())
      return send_error(res, checked.error());
    if (Status valid = tracker::validate_exception(e, now, options); !valid.ok())
      return send_error(res, valid.error());
    grants.push_back(std::move(e));
  }
  json items = json::array();
  for (const store::ExceptionRecord& e : grants) {
    auto granted = tracker::grant_exception(**db, e, now, caller.principal.user, options);
    if (!granted.ok())
      return send_error(res, 500, "internal",
                        fmt::format("{} of {} exceptions were granted, then: {}", items.size(),
                                    grants.size(), granted.error().message));
    auto stored = (*db)->exception(*granted);
    if (!stored.ok() || !*stored)
      return send_error(res, 500, "internal", "a new exception cannot be read back");
    items.push_back(exception_json(**stored, now));
  }
  send_json(res, {{"items", std::move(items)}}, 201);
}

void revoke_exception(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                      const Caller& caller) {
  auto id = id_param(req, res);
  if (!id) return;
  auto body = Body::read(req, res, {"reason"});
  if (!body) return;
  auto reason = body->required_text("reason");
  if (!reason.ok()) return send_error(res, reason.error());
  auto db = store_or_error(context, res);
  if (!db) return;
  auto existing = (*db)->exception(*id);
  if (!existing.ok()) return send_error(res, existing.error());
  auto visible = *existing ? exception_in_scope(**db, **existing, caller) : Result<bool>(false);
  if (!visible.ok()) return send_error(res, visible.error());
  if (!*existing || !*visible)
    return send_error(res, 404, "not_found", fmt::format("no exception with id {}", *id));
  if ((*existing)->revoked)
    return send_error(
        res, 409, "conflict",
        fmt::format("exception {} was already revoked by {}", *id, (*existing)->revoked_by));
  store::Time now = std::chrono::system_clock::now();
  auto revoked = tracker::revoke_exception(**db, *id, now, caller.principal.user, *reason);
  if (!revoked.ok()) return send_error(res, revoked.error());
  send_json(
      res, {{"revoked", *id}, {"reopened", revoked->reopened}, {"still_exempted", revoked->moved}});
}

}  // namespace vigil::api
