// /api/v1/groups and /api/v1/sources: how the estate is divided (asset
// groups) and collected (the configured sources and their schedules).
#include <algorithm>

#include "api/http_json.h"
#include "api/query.h"
#include "api/routes.h"
#include "core/time_text.h"

namespace vigil::api {

// The asset groups; a caller limited to groups sees those groups only.
void list_groups(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                 const Caller& caller) {
  if (Status checked = Query(req).check({}); !checked.ok()) return send_error(res, checked.error());
  auto db = store_or_error(context, res);
  if (!db) return;
  auto groups = (*db)->groups();
  if (!groups.ok()) return send_error(res, groups.error());
  const auto& mine = caller.principal.groups;
  json items = json::array();
  for (const store::GroupRecord& g : *groups) {
    if (!caller.principal.unrestricted() &&
        std::find(mine.begin(), mine.end(), g.name) == mine.end())
      continue;
    items.push_back({{"name", g.name},
                     {"description", g.description},
                     {"criteria", g.criteria},
                     {"origin", g.origin}});
  }
  send_json(res, {{"items", std::move(items)}});
}

// The sources the scheduler runs: when each ran, how, and when it runs next.
void list_sources(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                  const Caller& caller) {
  if (!require_unrestricted(caller, res)) return;
  if (Status checked = Query(req).check({}); !checked.ok()) return send_error(res, checked.error());
  auto db = store_or_error(context, res);
  if (!db) return;
  auto schedules = (*db)->schedules();
  if (!schedules.ok()) return send_error(res, schedules.error());
  auto time_or_null = [](const std::optional<store::Time>& t) {
    return t ? json(vigil::format_time(*t)) : json(nullptr);
  };
  json items = json::array();
  for (const store::ScheduleState& s : *schedules)
    items.push_back({{"source", s.source},
                     {"last_run", time_or_null(s.last_run)},
                     {"next_run", time_or_null(s.next_run)},
                     {"last_status", s.last_status}});
  send_json(res, {{"items", std::move(items)}});
}

}  // namespace vigil::api
