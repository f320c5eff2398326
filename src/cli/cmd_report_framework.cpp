// vigil report framework FRAMEWORK (--capture DIR | --aws-config PATH | --inventory FILE)
//     [--policies PATH...] [--catalogs DIR] [--account A] [--now TIME] [--threads N]
//     [--format table|json|csv]
//
// Every control of a framework catalogue with its status per account (pass,
// fail, unknown, manual, no-policy: engine/framework_results.h), the failing
// and unknown resources as evidence, the pass rate and the data's time.
// Exit 0 when it ran (whatever the controls' status), 1 on bad input.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/source_input.h"
#include "core/text_table.h"
#include "core/time_text.h"
#include "engine/framework_results.h"
#include "pipeline/run.h"

namespace vigil::cli {
namespace {

struct FrameworkReportOptions {
  std::string framework;
  std::string capture, aws_config, inventory;
  std::vector<std::string> policies;
  std::string catalogs;
  std::string account;
  std::string now;
  unsigned threads = 0;
  std::string format = "table";
};

int fail(const std::string& message) {
  std::cerr << "vigil report framework: " << message << '\n';
  return kExitError;
}

Result<pipeline::Source> source_of(const FrameworkReportOptions& o) {
  int given = !o.capture.empty() + !o.aws_config.empty() + !o.inventory.empty();
  if (given != 1)
    return error_message("give one of --capture DIR, --aws-config PATH or --inventory FILE");
  pipeline::Source source;
  source.kind = !o.capture.empty()      ? pipeline::SourceKind::Capture
                : !o.aws_config.empty() ? pipeline::SourceKind::AwsConfig
                                        : pipeline::SourceKind::Inventory;
  source.path = !o.capture.empty() ? o.capture : !o.aws_config.empty() ? o.aws_config : o.inventory;
  return source;
}

Result<FrameworkCatalog> catalog_of(const FrameworkReportOptions& o) {
  std::string dir = o.catalogs.empty() ? default_catalogs_dir() : o.catalogs;
  if (dir.empty())
    return error_message("no --catalogs given and no built-in frameworks/ folder found");
  auto catalogs = load_framework_catalogs(dir);
  if (!catalogs.ok()) return catalogs.error();
  std::string known;
  for (FrameworkCatalog& c : *catalogs) {
    if (c.id == o.framework) return std::move(c);
    known += (known.empty() ? "" : ", ") + c.id;
  }
  return error_message(fmt::format("no control catalogue for '{}' in {}; catalogues: {}",
                                   o.framework, dir, known.empty() ? "(none)" : known));
}

std::string evidence_line(const Finding& f) {
  return fmt::format("{} {} ({}): {}", to_string(f.status), f.asset->id, f.policy->policy.id,
                     f.message);
}

void print_json(const FrameworkResults& r, std::string_view data_time) {
  nlohmann::json controls = nlohmann::json::array();
  for (const ControlResult& c : r.results) {
    nlohmann::json evidence = nlohmann::json::array();
    for (const Finding& f : c.evidence)
      evidence.push_back({{"status", to_string(f.status)},
                          {"asset", f.asset->id},
                          {"type", f.asset->type},
                          {"region", f.asset->region},
                          {"policy", f.policy->policy.id},
                          {"message", f.message}});
    controls.push_back({{"id", c.control->id},
                        {"title", c.control->title},
                        {"level", c.control->level},
                        {"assessment", c.control->assessment},
                        {"account", c.account},
                        {"status", to_string(c.status)},
                        {"policies", c.policies},
                        {"compliant", c.compliant},
                        {"evidence", std::move(evidence)}});
  }
  nlohmann::json counts;
  for (ControlStatus s : {ControlStatus::Pass, ControlStatus::Fail, ControlStatus::Unknown,
                          ControlStatus::Manual, ControlStatus::NoPolicy})
    counts[std::string(to_string(s))] = r.count(s);
  nlohmann::json out = {{"framework", r.catalog->id},    {"name", r.catalog->name},
                        {"version", r.catalog->version}, {"data_time", data_time},
                        {"accounts", r.accounts},        {"pass_rate", r.pass_rate()},
                        {"counts", std::move(counts)},   {"controls", std::move(controls)}};
  std::cout << out.dump(2) << '\n';
}

TextRows rows_of(const FrameworkResults& r, bool with_evidence) {
  TextRows rows = {
      {"CONTROL", "ACCOUNT", "STATUS", "LEVEL", "TITLE", with_evidence ? "EVIDENCE" : "RESOURCES"}};
  for (const ControlResult& c : r.results) {
    std::string last;
    if (with_evidence) {
      for (const Finding& f : c.evidence) last += (last.empty() ? "" : "; ") + evidence_line(f);
    } else {
      last = c.status == ControlStatus::Manual || c.status == ControlStatus::NoPolicy
                 ? ""
                 : fmt::format("{} failing/unknown, {} compliant", c.evidence.size(), c.compliant);
    }
    rows.push_back({c.control->id, c.account, std::string(to_string(c.status)), c.control->level,
                    c.control->title, std::move(last)});
  }
  return rows;
}

void print_text(const FrameworkResults& r, std::string_view data_time) {
  std::cout << fmt::format("{} v{} ({}), data of {}, {} account(s)\n\n", r.catalog->name,
                           r.catalog->version, r.catalog->id, data_time, r.accounts.size());
  print_table(std::cout, rows_of(r, false));
  std::cout << '\n';
  for (const ControlResult& c : r.results) {
    if (c.evidence.empty()) continue;
    std::cout << fmt::format("{} in {} ({}):\n", c.control->id, c.account, to_string(c.status));
    for (const Finding& f : c.evidence) std::cout << "  " << evidence_line(f) << '\n';
  }
  std::cout << fmt::format(
      "\n{:.1f}% of judged controls pass: {} pass, {} fail, {} unknown; {} manual, {} without a "
      "policy\n",
      100.0 * r.pass_rate(), r.count(ControlStatus::Pass), r.count(ControlStatus::Fail),
      r.count(ControlStatus::Unknown), r.count(ControlStatus::Manual),
      r.count(ControlStatus::NoPolicy));
}

int run_framework_report(const FrameworkReportOptions& o) {
  auto source = source_of(o);
  if (!source.ok()) return fail(source.error().message);
  auto catalog = catalog_of(o);
  if (!catalog.ok()) return fail(catalog.error().message);
  store::Time now = std::chrono::system_clock::now();
  if (!o.now.empty()) {
    auto t = vigil::parse_time(o.now);
    if (!t.ok()) return fail("--now " + t.error().message);
    now = *t;
  }
  std::vector<std::string> paths = policy_paths_or_builtin(o.policies);
  if (paths.empty()) return fail("no --policies given and no built-in policies/ folder found");
  auto policies = PolicySet::load(paths);
  size_t errors = print_diagnostics(policies.diagnostics);
  if (errors > 0 || !policies.ok()) return fail(fmt::format("{} error(s) in policy files", errors));
  auto loaded = load_input(*source, {.threads = o.threads});
  if (!loaded.ok()) return fail(loaded.error().message);
  ScanResult scan = pipeline::assess(*loaded, policies.set, {.threads = o.threads, .now = now});
  FrameworkResults results =
      framework_results(*catalog, policies.set, loaded->inventory, scan, o.account);
  std::string data_time = vigil::format_time(now);
  if (o.format == "json")
    print_json(results, data_time);
  else if (o.format == "csv")
    print_csv(std::cout, rows_of(results, true));
  else
    print_text(results, data_time);
  return kExitOk;
}

}  // namespace

void add_report_framework_subcommand(CLI::App& report, int* exit_code) {
  auto o = std::make_shared<FrameworkReportOptions>();
  auto* cmd = report.add_subcommand("framework",
                                    "Every control of a framework (e.g. cis-aws-3.0) with its "
                                    "status per account and the evidence");
  cmd->add_option("framework", o->framework, "Framework id, e.g. cis-aws-3.0")->required();
  cmd->add_option("--capture", o->capture, "Capture directory")->check(CLI::ExistingDirectory);
  cmd->add_option("--aws-config", o->aws_config, "AWS Config snapshots or configuration items")
      ->check(CLI::ExistingPath);
  cmd->add_option("--inventory", o->inventory, "Asset inventory (JSON lines)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--policies", o->policies,
                  "Policy files or folders (default: the built-in pack)");
  cmd->add_option("--catalogs", o->catalogs,
                  "Folder of framework catalogues (default: frameworks/)");
  cmd->add_option("--account", o->account, "Only this account");
  cmd->add_option("--now", o->now,
                  "The time policies see as now: RFC 3339 or a date (default: now)");
  cmd->add_option("--threads", o->threads, "Worker threads (default: all cores)");
  cmd->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  cmd->callback([=] { *exit_code = run_framework_report(*o); });
}

}  // namespace vigil::cli
