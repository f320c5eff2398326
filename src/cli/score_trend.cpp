// See score_trend.h.
#include "cli/score_trend.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "cli/tracker_common.h"
#include "core/text_table.h"
#include "core/time_text.h"

namespace vigil::cli {
namespace {

using json = nlohmann::ordered_json;

constexpr int kMaxTrendDays = 3660;

// "2026-12-06" -> days since 1970-01-01, and back.
Result<int64_t> day_number(const std::string& day) {
  auto t = vigil::parse_time(day);
  if (!t.ok()) return t.error();
  return std::chrono::floor<std::chrono::days>(*t).time_since_epoch().count();
}
std::string day_text(int64_t days) {
  timeutil::CivilDate d = timeutil::civil_from_days(days);
  return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day);
}

// One character per day, the score on an absolute 0..100 scale in eight
// steps; "·" for a day without a snapshot.
std::string sparkline(const std::vector<std::string>& days,
                      const std::map<std::string, store::ScoreRow>& by_day) {
  static constexpr const char* kBars[] = {"\u2581", "\u2582", "\u2583", "\u2584",
                                          "\u2585", "\u2586", "\u2587", "\u2588"};
  std::string line;
  for (const std::string& day : days) {
    auto row = by_day.find(day);
    if (row == by_day.end()) {
      line += "\u00b7";
      continue;
    }
    int step = static_cast<int>(std::floor(std::clamp(row->second.score, 0.0, 100.0) * 8 / 100));
    line += kBars[std::min(step, 7)];
  }
  return line;
}

json row_json(const store::ScoreRow& r) {
  return {{"day", r.day},
          {"score", std::round(r.score * 10) / 10},
          {"evaluated", r.evaluated},
          {"violations", r.violations},
          {"compliant", r.compliant},
          {"exempted", r.exempted},
          {"unknown", r.unknown}};
}

}  // namespace

Result<int> parse_trend_days(const std::string& text) {
  auto span = vigil::parse_span(text);
  if (!span.ok()) return Error(fmt::format("--trend '{}': {}", text, span.error().message));
  auto days = std::chrono::duration_cast<std::chrono::days>(*span);
  if (days != *span || days.count() < 1 || days.count() > kMaxTrendDays)
    return Error(
        fmt::format("--trend '{}': give whole days, 1d to {}d, e.g. 30d", text, kMaxTrendDays));
  return static_cast<int>(days.count());
}

Status print_trend(std::ostream& out, store::Store& db, const TrendRequest& request) {
  auto last = day_number(request.last_day);
  if (!last.ok()) return last.error();
  std::vector<std::string> days;
  for (int64_t d = *last - request.days + 1; d <= *last; ++d) days.push_back(day_text(d));
  const std::string dimension = request.group.empty() ? "overall" : "group";
  auto rows = db.scores(dimension, days.front(), days.back());
  if (!rows.ok()) return rows.error();
  std::map<std::string, store::ScoreRow> by_day;
  for (auto& r : *rows)
    if (r.key == request.group) by_day[r.day] = std::move(r);

  if (request.json) {
    json list = json::array();
    for (const auto& [day, r] : by_day) list.push_back(row_json(r));
    json doc = {{"from", days.front()}, {"to", days.back()}, {"dimension", dimension}};
    if (!request.group.empty()) doc["group"] = request.group;
    doc["days_with_snapshot"] = by_day.size();
    doc["days"] = std::move(list);
    print_json(out, doc);
    return Status::Ok();
  }
  out << fmt::format("Compliance from {} to {} ({} days){}\n\n", days.front(), days.back(),
                     request.days, request.group.empty() ? "" : ", group " + request.group);
  if (by_day.empty()) {
    out << "(no score snapshot in these days: record a scan with `vigil scan ... --db FILE`)\n";
    return Status::Ok();
  }
  TextRows table{{"DAY", "SCORE", "EVALUATED", "VIOLATIONS", "COMPLIANT", "EXEMPTED", "UNKNOWN"}};
  for (const auto& [day, r] : by_day)
    table.push_back({day, fmt::format("{:.1f}", r.score), std::to_string(r.evaluated),
                     std::to_string(r.violations), std::to_string(r.compliant),
                     std::to_string(r.exempted), std::to_string(r.unknown)});
  print_table(out, table);
  out << fmt::format(
      "\nscore {}  (0 to 100; {} of {} days with a snapshot, \u00b7 a day without)\n",
      sparkline(days, by_day), by_day.size(), request.days);
  return Status::Ok();
}

}  // namespace vigil::cli
