// vigil report summary [--group G] [--day YYYY-MM-DD] [--trend 30d] [--format table|json]
//                      (--db FILE | --config vigil.yaml)
// Compliance scores (PacBot's weighted formula, docs/scoring.md) and counts,
// overall and per group, account, category and severity, from the daily
// snapshot of the latest scanned day (or --day); plus the violations
// currently tracked, by status. --trend: the daily scores of the last N days
// up to that day instead (cli/score_trend.h).
#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <map>
#include <memory>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/score_trend.h"
#include "cli/tracker_common.h"

namespace vigil::cli {
namespace {

using json = nlohmann::ordered_json;
const char* kReportCommand = "report";

struct ReportCliOptions {
  StoreOptions store;
  std::string group, day;
  std::string trend;  // "30d": the daily scores of the last 30 days
  std::string format = "table";
};

json row_json(const store::ScoreRow& r) {
  return {{"key", r.key},           {"score", std::round(r.score * 10) / 10}, {"evaluated", r.evaluated},
          {"violations", r.violations}, {"compliant", r.compliant},         {"exempted", r.exempted},
          {"unknown", r.unknown}};
}

std::vector<std::string> row_cells(const std::string& label, const store::ScoreRow& r) {
  return {label,
          fmt::format("{:.1f}", r.score),
          std::to_string(r.evaluated),
          std::to_string(r.violations),
          std::to_string(r.compliant),
          std::to_string(r.exempted),
          std::to_string(r.unknown)};
}

// The day: `day`, else the latest with an overall snapshot.
Result<std::string> summary_day(store::Store& db, const std::string& day) {
  if (!day.empty()) return day;
  auto overall = db.scores("overall", "0000-00-00", "9999-99-99");
  if (!overall.ok()) return overall.error();
  if (overall->empty())
    return Error("no score yet: record a scan first (`vigil scan ... --db FILE` or `vigil serve`)");
  return overall->back().day;
}

Status check_group_exists(store::Store& db, const std::string& group) {
  auto groups = db.groups();
  if (!groups.ok()) return groups.error();
  bool known = false;
  for (const auto& g : *groups) known |= g.name == group;
  if (!known) return Error(fmt::format("no group named '{}'; see `vigil groups list`", group));
  return Status::Ok();
}

using ScoresByDimension = std::map<std::string, std::vector<store::ScoreRow>>;

// The day's score rows of each dimension (of the group only, when given).
Result<ScoresByDimension> day_scores(store::Store& db, const std::vector<std::string>& dimensions,
                                     const std::string& day, const std::string& group) {
  ScoresByDimension by_dimension;
  for (const std::string& d : dimensions) {
    auto rows = db.scores(d, day, day);
    if (!rows.ok()) return rows.error();
    for (auto& r : *rows)
      if (group.empty() || r.key == group) by_dimension[d].push_back(std::move(r));
  }
  return by_dimension;
}

// Current violations by status, and open ones by account, category, severity.
struct ViolationCounts {
  std::map<std::string, uint64_t> by_status;
  std::map<std::string, std::map<std::string, uint64_t>> open_by;  // dimension -> key -> open count
};

Result<ViolationCounts> count_violations(store::Store& db, const std::string& group) {
  store::ViolationFilter filter;
  if (!group.empty()) filter.group = group;
  ViolationCounts counts;
  Status visited = db.for_each_violation(filter, [&](const store::Violation& v) {
    ++counts.by_status[std::string(store::to_string(v.status))];
    if (v.status == store::ViolationStatus::Open) {
      ++counts.open_by["account"][v.asset.account];
      ++counts.open_by["category"][v.category];
      ++counts.open_by["severity"][v.severity];
    }
    return true;
  });
  if (!visited.ok()) return visited.error();
  return counts;
}

void print_summary_json(const ReportCliOptions& o, const std::string& day,
                        const ScoresByDimension& by_dimension, ViolationCounts& counts) {
  json out = {{"day", day}};
  if (!o.group.empty()) out["group"] = o.group;
  for (const auto& [dimension, rows] : by_dimension) {
    if (dimension == "overall" && !rows.empty()) {
      out["overall"] = row_json(rows.front());
      continue;
    }
    json list = json::array();
    for (const auto& r : rows) list.push_back(row_json(r));
    out[dimension] = std::move(list);
  }
  json statuses = json::object();
  for (const char* s : {"open", "exempted", "closed", "unknown"}) statuses[s] = counts.by_status[s];
  out["violations"] = statuses;
  json open = json::object();
  for (const auto& [dimension, n] : counts.open_by) open[dimension] = n;
  out["open_by"] = open;
  print_json(std::cout, out);
}

void print_summary_text(const ReportCliOptions& o, const std::string& day,
                        const std::vector<std::string>& dimensions, ScoresByDimension& by_dimension,
                        ViolationCounts& counts) {
  std::cout << fmt::format("Compliance on {}{}\n\n", day, o.group.empty() ? "" : " for group " + o.group);
  std::vector<std::vector<std::string>> rows{{"", "SCORE", "EVALUATED", "VIOLATIONS", "COMPLIANT", "EXEMPTED", "UNKNOWN"}};
  for (const std::string& d : dimensions) {
    for (const auto& r : by_dimension[d])
      rows.push_back(row_cells(d == "overall" ? "overall" : d + " " + r.key, r));
  }
  if (rows.size() == 1)
    std::cout << "(no score snapshot for this day" << (o.group.empty() ? "" : " and group") << ")\n";
  else
    print_table(std::cout, rows);
  std::map<std::string, uint64_t>& by_status = counts.by_status;
  std::cout << fmt::format("\nViolations tracked: {} open, {} exempted, {} unknown, {} closed\n", by_status["open"],
                           by_status["exempted"], by_status["unknown"], by_status["closed"]);
  for (const auto& [dimension, open] : counts.open_by) {
    std::string line;
    for (const auto& [key, n] : open)
      line += fmt::format("{}{} {}", line.empty() ? "" : ", ", key, n);
    std::cout << fmt::format("  open by {}: {}\n", dimension, line);
  }
}

int run_summary(const ReportCliOptions& o) {
  auto db = open_store_for(o.store, kReportCommand, StoreAccess::Read);
  if (!db) return kExitError;
  Result<std::string> day = summary_day(*db, o.day);
  if (!day.ok()) return command_error(kReportCommand, day.error().message);
  if (!o.group.empty())
    if (Status s = check_group_exists(*db, o.group); !s.ok())
      return command_error(kReportCommand, s.error().message);
  if (!o.trend.empty()) {
    Result<int> days = parse_trend_days(o.trend);
    if (!days.ok()) return command_error(kReportCommand, days.error().message);
    Status printed = print_trend(
        std::cout, *db,
        {.last_day = *day, .days = *days, .group = o.group, .json = o.format == "json"});
    return printed.ok() ? kExitOk : command_error(kReportCommand, printed.error().message);
  }
  const std::vector<std::string> dimensions =
      o.group.empty()
          ? std::vector<std::string>{"overall", "group", "account", "category", "severity"}
          : std::vector<std::string>{"group"};
  Result<ScoresByDimension> by_dimension = day_scores(*db, dimensions, *day, o.group);
  if (!by_dimension.ok()) return command_error(kReportCommand, by_dimension.error().message);
  Result<ViolationCounts> counts = count_violations(*db, o.group);
  if (!counts.ok()) return command_error(kReportCommand, counts.error().message);
  if (o.format == "json")
    print_summary_json(o, *day, *by_dimension, *counts);
  else
    print_summary_text(o, *day, dimensions, *by_dimension, *counts);
  return kExitOk;
}

}  // namespace

void add_report_command(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<ReportCliOptions>();
  auto* cmd = app.add_subcommand(
      "report", "Compliance reports: scores from the store, framework control results");
  cmd->require_subcommand(1);
  auto* summary = cmd->add_subcommand(
      "summary", "Scores (weighted by severity and category) and counts, overall and per group, account, "
                 "category and severity");
  add_store_options(*summary, o->store);
  summary->add_option("--group", o->group, "Only this asset group");
  summary->add_option("--day", o->day, "The day's snapshot, YYYY-MM-DD (default: the latest)");
  summary->add_option("--trend", o->trend,
                      "Instead: the daily score and counts of the last N days up to that day, "
                      "e.g. 30d");
  summary->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  summary->callback([=] { *exit_code = run_summary(*o); });
  add_report_framework_subcommand(*cmd, exit_code);
}

}  // namespace vigil::cli
