// vigil scans list [--limit N] [--format table|json] (--db FILE | --config vigil.yaml)
// vigil scans show ID [--format table|json]
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/tracker_common.h"

namespace vigil::cli {
namespace {

using json = nlohmann::ordered_json;
const char* kScansCommand = "scans";

struct ScansCliOptions {
  StoreOptions store;
  size_t limit = 20;
  int64_t id = 0;
  std::string format = "table";
};

// The wall clock when the run began (timings.run_started_ms, written by
// the tracker); older scans only have the observation time.
store::Time run_started(const store::ScanRecord& s) {
  if (s.timings.is_object() && s.timings.contains("run_started_ms") &&
      s.timings["run_started_ms"].is_number_integer())
    return store::Time(std::chrono::milliseconds(s.timings["run_started_ms"].get<int64_t>()));
  return s.started;
}

// From the run's real start to when its writes committed.
std::string duration_text(const store::ScanRecord& s) {
  if (!s.finished) return "-";
  double secs = std::chrono::duration<double>(*s.finished - run_started(s)).count();
  return fmt::format("{:.1f}s", secs);
}

// The timings, steps in pipeline order: "collect 1.20s, assess 0.30s, ...",
// then what the steps leave out of the total (e.g. printing the report of
// `vigil scan`) as "other".
std::string timings_text(const nlohmann::json& t) {
  std::string out;
  double steps = 0;
  for (const char* step : {"collect", "assess", "reconcile", "write", "total"}) {
    std::string key = std::string(step) + "_s";
    if (!t.is_object() || !t.contains(key) || !t[key].is_number()) continue;
    double secs = t[key].get<double>();
    if (std::string_view(step) == "total" && secs - steps >= 0.005)
      out += fmt::format(", other {:.2f}s", secs - steps);
    steps += secs;
    out += fmt::format("{}{} {:.2f}s", out.empty() ? "" : ", ", step, secs);
  }
  return out;
}

json scan_json(const store::ScanRecord& s, bool scopes) {
  json j = {{"id", s.id},
            {"source", s.source},
            {"state", std::string(store::to_string(s.state))},
            {"started", time_text(run_started(s))},
            {"observed", time_text(s.started)},
            {"finished", s.finished ? json(time_text(*s.finished)) : json(nullptr)},
            {"duration_s", s.finished ? json(std::chrono::duration<double>(*s.finished - run_started(s)).count())
                                      : json(nullptr)},
            {"assets", s.assets},
            {"evaluations", s.evaluations},
            {"violations", s.violations},
            {"compliant", s.compliant},
            {"unknown", s.unknown},
            {"exempted", s.exempted},
            {"scope", json::parse(s.scope.dump())},
            {"timings", json::parse(s.timings.dump())}};
  if (!s.error.empty()) j["error"] = s.error;
  if (scopes) {
    json list = json::array();
    for (const auto& sc : s.scopes) {
      json x = {{"account", sc.key.account}, {"region", sc.key.region}, {"type", sc.key.type},
                {"ok", sc.ok},               {"assets", sc.assets}};
      if (!sc.ok) x["error"] = sc.error;
      list.push_back(std::move(x));
    }
    j["scopes"] = std::move(list);
  }
  return j;
}

int run_list(const ScansCliOptions& o) {
  auto db = open_store_for(o.store, kScansCommand, StoreAccess::Read);
  if (!db) return kExitError;
  auto scans = db->list_scans({o.limit});
  if (!scans.ok()) return command_error(kScansCommand, scans.error().message);
  if (o.format == "json") {
    json out = json::array();
    for (const auto& s : *scans) out.push_back(scan_json(s, false));
    print_json(std::cout, out);
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows{
      {"ID", "SOURCE", "STATE", "STARTED", "DURATION", "ASSETS", "VIOLATIONS", "UNKNOWN", "EXEMPTED"}};
  for (const auto& s : *scans)
    rows.push_back({std::to_string(s.id), s.source, std::string(store::to_string(s.state)), time_text(run_started(s)),
                    duration_text(s), std::to_string(s.assets), std::to_string(s.violations),
                    std::to_string(s.unknown), std::to_string(s.exempted)});
  print_table(std::cout, rows);
  return kExitOk;
}

int run_show(const ScansCliOptions& o) {
  auto db = open_store_for(o.store, kScansCommand, StoreAccess::Read);
  if (!db) return kExitError;
  auto scan = db->get_scan(o.id);
  if (!scan.ok()) return command_error(kScansCommand, scan.error().message);
  if (!scan->has_value())
    return command_error(kScansCommand,
                         fmt::format("no scan with id {}; see `vigil scans list`", o.id));
  const store::ScanRecord& s = **scan;
  if (o.format == "json") {
    print_json(std::cout, scan_json(s, true));
    return kExitOk;
  }
  std::cout << fmt::format("scan {} of {}: {}{}\n", s.id, s.source, store::to_string(s.state),
                           s.error.empty() ? "" : " (" + s.error + ")");
  std::cout << fmt::format("  started  {}\n  finished {} ({})\n", time_text(run_started(s)),
                           s.finished ? time_text(*s.finished) : "-", duration_text(s));
  std::cout << fmt::format("  observed {} (the time policies saw as now)\n", time_text(s.started));
  std::cout << fmt::format("  scope    {}\n", s.scope.dump());
  std::cout << fmt::format("  assets {}, evaluations {}: {} violations, {} compliant, {} unknown, {} exempted\n",
                           s.assets, s.evaluations, s.violations, s.compliant, s.unknown, s.exempted);
  if (std::string steps = timings_text(s.timings); !steps.empty())
    std::cout << fmt::format("  timings  {}\n", steps);
  size_t failed = 0;
  for (const auto& sc : s.scopes) failed += sc.ok ? 0 : 1;
  std::cout << fmt::format("\n{} scopes collected, {} failed:\n", s.scopes.size(), failed);
  std::vector<std::vector<std::string>> rows{{"ACCOUNT", "REGION", "TYPE", "STATUS", "ASSETS"}};
  for (const auto& sc : s.scopes)
    rows.push_back({sc.key.account, sc.key.region, sc.key.type, sc.ok ? "ok" : "failed: " + sc.error,
                    std::to_string(sc.assets)});
  print_table(std::cout, rows);
  return kExitOk;
}

}  // namespace

void add_scans_command(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<ScansCliOptions>();
  auto* cmd = app.add_subcommand("scans", "Recorded scans: when, what, how they went");
  cmd->require_subcommand(1);
  auto* list = cmd->add_subcommand("list", "Recent scans, newest first");
  add_store_options(*list, o->store);
  list->add_option("--limit", o->limit, "At most N scans")->capture_default_str();
  list->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  list->callback([=] { *exit_code = run_list(*o); });

  auto* show = cmd->add_subcommand("show", "One scan: scope, counts, timings, collection status per scope");
  add_store_options(*show, o->store);
  show->add_option("id", o->id, "Scan id (see `scans list`)")->required();
  show->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  show->callback([=] { *exit_code = run_show(*o); });
}

}  // namespace vigil::cli
