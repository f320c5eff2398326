// vigil report framework FRAMEWORK
//     (--capture DIR | --aws-config PATH | --inventory FILE | --db FILE | --config vigil.yaml)
//     [--policies PATH...] [--catalogs DIR] [--account A] [--now TIME] [--threads N]
//     [--format table|json|csv|html] [--output FILE]
//
// Every control of a framework catalogue with its status per account (pass,
// fail, unknown, manual, no-policy: engine/framework_results.h), the failing,
// unknown and exempted resources as evidence, the pass rate and the data's
// time: assessed now from an input, or read from the store's tracked state
// (tracker/framework_tally.h). html: one self-contained page
// (engine/framework_html.h). Exit 0 when it ran (whatever the controls'
// status), 1 on bad input.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/source_input.h"
#include "cli/tracker_common.h"
#include "core/text_table.h"
#include "core/time_text.h"
#include "engine/framework_html.h"
#include "engine/framework_json.h"
#include "engine/framework_results.h"
#include "pipeline/run.h"
#include "tracker/framework_tally.h"

namespace vigil::cli {
namespace {

struct FrameworkReportOptions {
  std::string framework;
  std::string capture, aws_config, inventory;
  StoreOptions store;
  std::vector<std::string> policies;
  std::string catalogs;
  std::string account;
  std::string now;
  unsigned threads = 0;
  std::string format = "table";
  std::string output;  // empty: stdout
};

int fail_report_framework(const std::string& message) {
  std::cerr << "vigil report framework: " << message << '\n';
  return kExitError;
}

bool from_store(const FrameworkReportOptions& o) {
  return !o.store.db.empty() || !o.store.config.empty();
}

Result<pipeline::Source> source_of(const FrameworkReportOptions& o) {
  int given = !o.capture.empty() + !o.aws_config.empty() + !o.inventory.empty() + from_store(o);
  if (given != 1)
    return error_message(
        "give one of --capture DIR, --aws-config PATH, --inventory FILE, --db FILE or --config "
        "vigil.yaml");
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

std::string evidence_line(const ControlEvidence& e) {
  std::string exception = e.exception_id ? fmt::format(" (exception {})", e.exception_id) : "";
  return fmt::format("{} {} ({}){}: {}", to_string(e.status), e.asset, e.policy, exception,
                     e.message);
}

void print_framework_json(std::ostream& out, const FrameworkResults& r,
                          std::string_view data_time) {
  out << framework_results_json(r, data_time).dump(2) << '\n';
}

TextRows rows_of(const FrameworkResults& r, bool with_evidence) {
  TextRows rows = {
      {"CONTROL", "ACCOUNT", "STATUS", "LEVEL", "TITLE", with_evidence ? "EVIDENCE" : "RESOURCES"}};
  for (const ControlResult& c : r.results) {
    std::string last;
    if (with_evidence) {
      for (const ControlEvidence& e : c.evidence)
        last += (last.empty() ? "" : "; ") + evidence_line(e);
      if (!c.reason.empty()) last += (last.empty() ? "" : "; ") + c.reason;
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

void print_text(std::ostream& out, const FrameworkResults& r, std::string_view data_time) {
  out << fmt::format("{} v{} ({}), data of {}, {} account(s)\n\n", r.catalog->name,
                     r.catalog->version, r.catalog->id, data_time, r.accounts.size());
  print_table(out, rows_of(r, false));
  out << '\n';
  for (const ControlResult& c : r.results) {
    if (c.evidence.empty() && c.reason.empty()) continue;
    out << fmt::format("{} in {} ({}):\n", c.control->id, c.account, to_string(c.status));
    for (const ControlEvidence& e : c.evidence) out << "  " << evidence_line(e) << '\n';
    if (!c.reason.empty()) out << "  " << c.reason << '\n';
  }
  out << fmt::format(
      "\n{:.1f}% of judged controls pass: {} pass, {} fail, {} unknown; {} manual, {} without a "
      "policy\n",
      100.0 * r.pass_rate(), r.count(ControlStatus::Pass), r.count(ControlStatus::Fail),
      r.count(ControlStatus::Unknown), r.count(ControlStatus::Manual),
      r.count(ControlStatus::NoPolicy));
}

// What the report judges: the findings and the time of the data.
struct Judged {
  FindingsTally tally;
  store::Time data_time{};
};

Result<Judged> judge_input(const FrameworkReportOptions& o, const pipeline::Source& source,
                           const PolicySet& policies) {
  store::Time now = std::chrono::system_clock::now();
  if (!o.now.empty()) {
    auto t = vigil::parse_time(o.now);
    if (!t.ok()) return error_message("--now " + t.error().message);
    now = *t;
  }
  auto loaded = load_input(source, {.threads = o.threads});
  if (!loaded.ok()) return loaded.error();
  ScanResult scan = pipeline::assess(*loaded, policies, {.threads = o.threads, .now = now});
  return Judged{tally_scan(policies, loaded->inventory, scan, o.account), now};
}

Result<Judged> judge_store(const FrameworkReportOptions& o, const PolicySet& policies) {
  if (!o.now.empty()) return error_message("--now applies to an input, not to --db");
  auto db = open_store_for(o.store, "report framework", StoreAccess::Read);
  if (!db) return error_message("cannot open the store");
  auto tally = tracker::tally_store(*db, policies, o.account);
  if (!tally.ok()) return tally.error();
  return Judged{std::move(tally->tally), tally->data_time};
}

void write_results(std::ostream& out, const FrameworkReportOptions& o, const FrameworkResults& r,
                   store::Time data_time) {
  std::string time = vigil::format_time(data_time);
  if (o.format == "json")
    print_framework_json(out, r, time);
  else if (o.format == "csv")
    print_csv(out, rows_of(r, true));
  else if (o.format == "html")
    write_framework_html(out, r, {.data_time = time});
  else
    print_text(out, r, time);
}

int run_framework_report(const FrameworkReportOptions& o) {
  auto source = source_of(o);
  if (!source.ok()) return fail_report_framework(source.error().message);
  auto catalog = catalog_of(o);
  if (!catalog.ok()) return fail_report_framework(catalog.error().message);
  std::vector<std::string> paths = policy_paths_or_builtin(o.policies);
  if (paths.empty())
    return fail_report_framework("no --policies given and no built-in policies/ folder found");
  auto policies = PolicySet::load(paths);
  size_t errors = print_diagnostics(policies.diagnostics);
  if (errors > 0 || !policies.ok())
    return fail_report_framework(fmt::format("{} error(s) in policy files", errors));
  auto judged =
      from_store(o) ? judge_store(o, policies.set) : judge_input(o, *source, policies.set);
  if (!judged.ok()) return fail_report_framework(judged.error().message);
  FrameworkResults results = judge_framework(*catalog, policies.set, judged->tally);
  if (o.output.empty()) {
    write_results(std::cout, o, results, judged->data_time);
    return kExitOk;
  }
  std::ofstream file(o.output, std::ios::binary | std::ios::trunc);
  if (file) write_results(file, o, results, judged->data_time);
  if (!file.flush()) return fail_report_framework("cannot write " + o.output);
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
  add_store_options(*cmd, o->store);
  cmd->add_option("--policies", o->policies,
                  "Policy files or folders (default: the built-in pack)");
  cmd->add_option("--catalogs", o->catalogs,
                  "Folder of framework catalogues (default: frameworks/)");
  cmd->add_option("--account", o->account, "Only this account");
  cmd->add_option("--now", o->now,
                  "The time policies see as now: RFC 3339 or a date (default: now)");
  cmd->add_option("--threads", o->threads, "Worker threads (default: all cores)");
  cmd->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"table", "json", "csv", "html"}))
      ->capture_default_str();
  cmd->add_option("--output", o->output, "Write the report to this file (default: stdout)");
  cmd->callback([=] { *exit_code = run_framework_report(*o); });
}

}  // namespace vigil::cli
