// vigil scan (--inventory FILE.jsonl | --capture DIR | --aws-config PATH) [--policies PATH...]
//            [--format table|json|csv|sarif|ocsf|asff|junit] [--all] [--by policy|asset]
//            [--color auto|always|never]
//            [--fail-on SEVERITY] [--now RFC3339] [--threads N] [--param POLICY.PARAM=JSON]...
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/aws_live_scan.h"
#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/limit_option.h"
#include "cli/signal_watch.h"
#include "cli/source_input.h"
#include "cli/terminal.h"
#include "cli/tracker_scan.h"
#include "connectors/aws/catalog.h"
#include "connectors/aws_live/accounts.h"
#include "core/time_text.h"
#include "daemon/config.h"
#include "engine/report.h"
#include "engine/report_table.h"
#include "engine/scan.h"
#include "pipeline/run.h"

namespace vigil::cli {
namespace {

struct ScanCliOptions {
  std::string inventory;
  std::string capture;     // an AWS capture directory instead of --inventory
  std::string aws_config;  // AWS Config snapshots / configuration items instead of --inventory
  std::vector<std::string> policies;
  std::string format = "table";
  bool all = false;           // --all: the table lists compliant policies (assets) too
  std::string by = "policy";  // --by policy|asset: how the table groups findings
  std::string color = "auto";
  std::string fail_on;
  std::string now;
  unsigned threads = 0;
  std::vector<std::string> params;
  ScanAwsOptions aws;  // --aws: collect live first (cli/aws_live_scan.h)
  std::string db;      // --db: record the scan in this store (cli/tracker_scan.h)
  unsigned wait_s = 30;  // --wait: for another process's scan to finish
  std::string source = "cli";  // --source: who owns what this scan records
  Company company;             // --organization, --company-accounts
  Limits limits;               // --limit NAME=VALUE
};

int fail_scan(const std::string& message) {
  std::cerr << "vigil scan: " << message << '\n';
  return kExitError;
}

// --param POLICY_ID.PARAM=JSON and the limits, as loader options.
Result<LoadOptions> policy_options(const ScanCliOptions& o) {
  LoadOptions options;
  options.known_types = aws::asset_types();
  options.limits = o.limits;
  for (const std::string& text : o.params) {
    auto assignment = parse_assignment(text, "--param");
    if (!assignment.ok()) return assignment.error();
    const std::string& key = assignment->name;
    size_t dot = key.rfind('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == key.size())
      return Error(
          fmt::format("--param '{}': expected POLICY_ID.PARAM=JSON, e.g. "
                      "aws-iam-access-key-age.max_age_days=60",
                      text));
    options.param_overrides[key.substr(0, dot)][key.substr(dot + 1)] = std::move(assignment->value);
  }
  return options;
}

// The options that must agree with each other, before any work.
Status check_options(const ScanCliOptions& o) {
  if (int(!o.inventory.empty()) + int(!o.capture.empty()) + int(!o.aws_config.empty()) +
          int(o.aws.enabled) !=
      1)
    return Error(
        "give exactly one of --inventory FILE, --capture DIR, --aws-config PATH and --aws");
  if (!o.company.organization.empty() && !daemon::is_organization_id(o.company.organization))
    return Error(fmt::format("--organization '{}': an AWS Organizations id looks like o-a1b2c3d4e5",
                             o.company.organization));
  for (const std::string& id : o.company.accounts)
    if (!aws::is_account_id(id))
      return Error(fmt::format("--company-accounts: '{}' is not a 12-digit account id", id));
  if (!daemon::is_valid_name(o.source))
    return Error(fmt::format("--source '{}': use letters, digits and - _ . only", o.source));
  return {};
}

// --inventory, --capture, --aws-config or --aws as the pipeline's source.
pipeline::Source source_of(const ScanCliOptions& o) {
  pipeline::Source source;
  source.name = o.source;
  if (o.aws.enabled) {
    source.kind = pipeline::SourceKind::Aws;
    source.live = o.aws.live;
    source.keep_capture = o.aws.out;
  } else if (!o.capture.empty()) {
    source.kind = pipeline::SourceKind::Capture;
    source.path = o.capture;
  } else if (!o.aws_config.empty()) {
    source.kind = pipeline::SourceKind::AwsConfig;
    source.path = o.aws_config;
  } else {
    source.kind = pipeline::SourceKind::Inventory;
    source.path = o.inventory;
  }
  return source;
}

ReportFormat report_format(const std::string& name) {
  return name == "json"    ? ReportFormat::Json
         : name == "csv"   ? ReportFormat::Csv
         : name == "sarif" ? ReportFormat::Sarif
         : name == "ocsf"  ? ReportFormat::Ocsf
         : name == "asff"  ? ReportFormat::Asff
         : name == "junit" ? ReportFormat::Junit
                           : ReportFormat::Table;
}

// The table as the terminal wants it (cli/terminal.h); other formats as they are.
void write_scan_report(const ScanCliOptions& o, const ScanResult& result, ReportFormat format,
                       const ReportScan& scan) {
  if (format != ReportFormat::Table) {
    write_report(std::cout, result, format, scan);
    return;
  }
  TableLayout layout;
  layout.view = o.by == "asset" ? TableView::ByAsset : TableView::ByPolicy;
  layout.all = o.all;
  layout.color = use_color(color_mode_from(o.color).value_or(ColorMode::Auto), STDOUT_FILENO);
  layout.columns = output_columns(STDOUT_FILENO);
  write_table(std::cout, result, scan, layout);
}

// options -> source -> load -> assess -> report -> record.
int run_scan(const ScanCliOptions& o) {
  const auto run_started = std::chrono::system_clock::now();  // --db: the scan's real start
  // --aws: the first SIGTERM/SIGINT cancels the collection, a second removes
  // the temporary capture and exits (before any thread starts).
  static std::atomic<bool> cancelled{false};
  std::optional<SignalWatch> signals;
  if (o.aws.enabled) signals.emplace([] { cancelled = true; });

  if (Status checked = check_options(o); !checked.ok()) return fail_scan(checked.error().message);
  auto load_options = policy_options(o);
  if (!load_options.ok()) return fail_scan(load_options.error().message);
  std::optional<store::Time> observed;  // --now: one time for the policies and the store
  if (!o.now.empty()) {
    auto t = vigil::parse_time(o.now);
    if (!t.ok()) return fail_scan("--now " + t.error().message);
    observed = *t;
  }
  std::optional<Severity> fail_on;
  if (!o.fail_on.empty()) fail_on = parse_severity(o.fail_on);
  std::vector<std::string> paths = policy_paths_or_builtin(o.policies);
  if (paths.empty())
    return fail_scan(
        "no --policies given and no built-in policies/ folder found; pass --policies PATH");
  const pipeline::Source source = source_of(o);

  // The store first: a bad path or a busy store fails before any work.
  std::unique_ptr<store::Store> db;
  if (!o.db.empty()) {
    db = open_store_to_record(o.db, std::chrono::seconds(o.wait_s));
    if (!db) return kExitError;
  }
  auto loaded_policies = PolicySet::load(paths, *load_options);
  size_t errors = print_diagnostics(loaded_policies.diagnostics);
  if (errors > 0 || !loaded_policies.ok())
    return fail_scan(fmt::format("{} error{} in policy files; nothing was scanned", errors,
                                 errors == 1 ? "" : "s"));
  const PolicySet& policies = loaded_policies.set;

  PersistRequest persist;
  persist.db = o.db;
  persist.record.source = o.source;
  persist.record.run_started = run_started;
  auto loaded =
      load_input(source, {.threads = o.threads, .limits = o.limits, .cancel = &cancelled});
  if (!loaded.ok()) {
    if (db) {
      persist.record.scope = pipeline::configured_scope(source);
      persist.record.started = observed.value_or(std::chrono::system_clock::now());
      (void)tracker::record_failed_scan(*db, persist.record, loaded.error().message);
    }
    if (source.kind != pipeline::SourceKind::Inventory) return fail_scan(loaded.error().message);
    std::cerr << loaded.error().message << '\n';
    return fail_scan("the inventory has errors; nothing was scanned");
  }

  // One time for the policies, the report and the store.
  const store::Time scanned_at = observed.value_or(std::chrono::system_clock::now());
  ScanResult result = pipeline::assess(
      *loaded, policies, {.threads = o.threads, .now = scanned_at, .company = o.company});
  ReportFormat format = report_format(o.format);
  write_scan_report(o, result, format, ReportScan{scanned_at, loaded->partial});
  std::cout.flush();

  if (db) {
    persist.summary_to_stdout = format == ReportFormat::Table;
    persist.record.started = scanned_at;  // what the policies saw as `now`
    if (!o.policies.empty()) {  // an ad-hoc subset: only these policies' violations change
      persist.record.whole_policy_set = false;
      persist.record.scope = loaded->scope;
      persist.record.scope["policies"] = o.policies;
    }
    if (int rc = persist_scan(*db, persist, *loaded, policies, result); rc != kExitOk) return rc;
  }
  if (fail_on && has_violation_at_or_above(result, *fail_on)) return kExitViolation;
  if (loaded->partial) return kExitPartial;
  return kExitOk;
}

}  // namespace

void add_scan_command(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<ScanCliOptions>();
  auto* scan_cmd = app.add_subcommand(
      "scan", "Evaluate policies over an inventory of assets and report findings");
  scan_cmd
      ->add_option("--inventory", o->inventory, "Inventory file: JSON lines, one asset per line")
      ->check(CLI::ExistingFile);
  scan_cmd
      ->add_option("--capture", o->capture,
                   "AWS capture directory <account>/<region>/<service>/<Operation>.json "
                   "(docs/capture-format.md)")
      ->check(CLI::ExistingDirectory)
      ->excludes("--inventory");
  scan_cmd
      ->add_option("--aws-config", o->aws_config,
                   "AWS Config snapshots (*.json, *.json.gz; a file or a directory tree as "
                   "delivered to S3) or "
                   "configuration items (docs/aws-config.md)")
      ->check(CLI::ExistingPath)
      ->excludes("--inventory")
      ->excludes("--capture");
  add_scan_aws_options(*scan_cmd, o->aws);
  scan_cmd->add_option(
      "--policies", o->policies,
      "Policy files or directories (*.yaml, *.yml); default: the built-in policies/ folder. "
      "With --db they are an ad-hoc subset: only their violations change, no score is written");
  scan_cmd
      ->add_option("--format", o->format,
                   "Report format: table, json, csv, or a standard one: sarif (SARIF 2.1.0), ocsf "
                   "(OCSF Detection Finding), asff (AWS Security Hub), junit (JUnit XML); "
                   "docs/formats.md")
      ->check(CLI::IsMember({"table", "json", "csv", "sarif", "ocsf", "asff", "junit"}))
      ->capture_default_str();
  scan_cmd->add_flag("--all", o->all,
                     "Table: list the compliant policies (or assets) too; by default only those "
                     "with violations or unknowns are listed and the rest are counted");
  scan_cmd->add_option("--by", o->by, "Table: group findings by policy or by asset (worst first)")
      ->check(CLI::IsMember({"policy", "asset"}))
      ->capture_default_str();
  scan_cmd
      ->add_option("--color", o->color,
                   "Table colours: auto (when stdout is a terminal and NO_COLOR is unset), "
                   "always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  scan_cmd
      ->add_option("--fail-on", o->fail_on,
                   "Exit 2 when a violation of this severity or higher exists")
      ->check(CLI::IsMember({"critical", "high", "medium", "low", "info"}));
  scan_cmd->add_option("--now", o->now,
                       "Scan time: RFC 3339 or a date, e.g. 2026-01-31T12:00:00Z or 2026-01-31 "
                       "(default: the current time)");
  scan_cmd->add_option("--threads", o->threads, "Worker threads (default 0: all cores)")
      ->check(CLI::Range(0u, 1024u));
  scan_cmd->add_option("--param", o->params,
                       "Override a policy parameter (repeatable): POLICY_ID.PARAM=JSON, e.g. "
                       "aws-iam-access-key-age.max_age_days=60");
  scan_cmd->add_option(
      "--db", o->db,
      "Record the scan in this store (a SQLite file, created if missing, or a postgresql:// URL): "
      "violations open, close "
      "and keep their history; see `vigil violations list --db FILE`");
  scan_cmd
      ->add_option("--source", o->source,
                   "With --db: the source this scan records for. Each asset belongs to the source "
                   "that recorded it; a scan changes only its own source's (docs/store.md)")
      ->capture_default_str();
  scan_cmd->add_option("--organization", o->company.organization,
                       "The company's AWS Organizations id: callers in it are not outside "
                       "(docs/access-analysis.md)");
  scan_cmd
      ->add_option("--company-accounts", o->company.accounts,
                   "More of the company's account ids (comma-separated) besides the scanned ones")
      ->delimiter(',');
  add_limit_option(*scan_cmd, o->limits);
  scan_cmd
      ->add_option("--wait", o->wait_s,
                   "With --db: seconds to wait for another process recording a scan in the same "
                   "store before giving up")
      ->capture_default_str();
  scan_cmd->footer(
      "Exit codes: 0 scan done (no violation at or above --fail-on), 1 error (policy load errors "
      "are\n"
      "printed as file:line:col, inventory errors as path:line:col), 2 a violation at or above "
      "--fail-on,\n"
      "3 (--capture, --aws-config) the input was read partially (failed scopes or malformed files; "
      "their findings are\n"
      "unknown)\n"
      "and no violation reached --fail-on.");
  scan_cmd->callback([=] { *exit_code = run_scan(*o); });
}

}  // namespace vigil::cli
