// vigil export securityhub (--capture DIR | --aws-config PATH | --inventory FILE.jsonl
//                           | --db FILE | --config vigil.yaml) --region R
//                           [--policies PATH...] [--now TIME] [--status S]...
//                           [--profile P] [--endpoint-url URL] [--botocore-data DIR]
//
// Sends findings to AWS Security Hub as ASFF with BatchImportFindings
// (cli/securityhub_export.h): a scan's findings (every policy x asset, as
// `scan --format asff` writes them), or the store's tracked violations (as
// `violations list --format asff`). The importing account is asked of STS
// (GetCallerIdentity) first; every finding is filed in --region under that
// account's product. Each refused finding is printed on stderr with its
// error code; the exit status is 1 when any finding was not imported.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "aws_client/client_impl.h"
#include "aws_client/credentials/default_chain.h"
#include "aws_client/credentials/sts.h"
#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/securityhub_export.h"
#include "cli/source_input.h"
#include "cli/tracker_common.h"
#include "connectors/aws/catalog.h"
#include "core/time_text.h"
#include "engine/formats/standard.h"
#include "pipeline/run.h"
#include "tracker/violation_findings.h"

namespace vigil::cli {
namespace {

const char* kExportCommand = "export securityhub";

struct ExportOptions {
  std::string inventory, capture, aws_config;
  StoreOptions store;
  std::vector<std::string> policies;
  std::vector<std::string> statuses;
  std::string now;
  std::string region;
  std::string profile, endpoint_url, botocore_dir;
};

int fail_export(const std::string& message) { return command_error(kExportCommand, message); }

// The AWS side: a client and the default credentials chain (or --profile).
struct Aws {
  std::shared_ptr<aws::AwsClient> client;
  aws::CallScope scope;
};

Result<Aws> connect(const ExportOptions& o) {
  aws::AwsClientOptions options;
  if (!o.botocore_dir.empty()) options.botocore_data_dir = o.botocore_dir;
  options.endpoint_url = o.endpoint_url;
  auto made = aws::make_aws_client(options);
  if (!made.ok()) return made.error();
  Aws out;
  out.client = std::move(made).value();
  aws::ChainOptions chain;
  chain.profile = o.profile;
  chain.context.http = aws::make_curl_http_client();
  aws::StsOptions sts;
  sts.region = o.region;
  sts.endpoint_url = o.endpoint_url;
  chain.context.sts = aws::make_sts_api(out.client, chain.context.http, sts);
  auto credentials = aws::make_default_credentials(chain);
  if (!credentials.ok()) return credentials.error();
  out.scope = {
      .service = "securityhub", .region = o.region, .credentials = std::move(credentials).value()};
  return out;
}

// The account the credentials belong to (the importing account).
Result<std::string> caller_account(Aws& aws) {
  aws::CallScope sts = aws.scope;
  sts.service = "sts";
  auto answer = aws.client->call(sts, "GetCallerIdentity", nlohmann::json::object());
  if (const auto* error = std::get_if<aws::AwsCallError>(&answer))
    return Error(
        fmt::format("sts GetCallerIdentity in {}: {}: {} (the importing account must be known)",
                    aws.scope.region, error->code, error->message));
  std::string account = std::get<nlohmann::json>(answer).value("Account", std::string());
  if (account.empty()) return Error("sts GetCallerIdentity answered no Account");
  return account;
}

int report(const SecurityHubImport& result, const std::string& region) {
  for (const FailedImport& f : result.failed)
    std::cerr << fmt::format("vigil export securityhub: not imported: {}: {}: {}\n", f.id, f.code,
                             f.message);
  std::cout << fmt::format(
      "{} finding{} sent to Security Hub in {} ({} call{}): {} imported, {} failed\n", result.sent,
      result.sent == 1 ? "" : "s", region, result.calls, result.calls == 1 ? "" : "s",
      result.imported, result.sent - result.imported);
  return result.failed.empty() ? kExitOk : kExitError;
}

int export_store(const ExportOptions& o, Aws& aws, const formats::ReportMeta& meta) {
  store::ViolationFilter filter;
  for (const std::string& s : o.statuses)
    filter.statuses.push_back(*store::violation_status_from(s));
  auto db = open_store_for(o.store, kExportCommand, StoreAccess::Read);
  if (!db) return kExitError;
  auto violations = db->violations(filter);
  if (!violations.ok()) return fail_export(violations.error().message);
  std::vector<std::string> paths;
  if (!o.store.config.empty())
    if (auto config = daemon::load_config(o.store.config); config.ok())
      paths = config.config.policies.paths;
  paths = policy_paths_or_builtin(std::move(paths));
  PolicySet pack;
  if (!paths.empty()) {
    LoadOptions options;
    options.include_disabled = true;
    pack = std::move(PolicySet::load(paths, options).set);
  }
  return report(import_to_securityhub(*aws.client, aws.scope,
                                      tracker::ViolationFindings(*violations, pack), meta),
                o.region);
}

int export_scan(const ExportOptions& o, Aws& aws, formats::ReportMeta meta) {
  std::vector<std::string> paths = policy_paths_or_builtin(o.policies);
  if (paths.empty())
    return fail_export(
        "no --policies given and no built-in policies/ folder found; pass --policies PATH");
  LoadOptions options;
  options.known_types = aws::asset_types();
  auto loaded_policies = PolicySet::load(paths, options);
  size_t errors = print_diagnostics(loaded_policies.diagnostics);
  if (errors > 0 || !loaded_policies.ok())
    return fail_export(fmt::format("{} error{} in policy files; nothing was exported", errors,
                                   errors == 1 ? "" : "s"));
  pipeline::Source source;
  source.kind = !o.capture.empty()      ? pipeline::SourceKind::Capture
                : !o.aws_config.empty() ? pipeline::SourceKind::AwsConfig
                                        : pipeline::SourceKind::Inventory;
  source.path = !o.capture.empty() ? o.capture : !o.aws_config.empty() ? o.aws_config : o.inventory;
  auto loaded = load_input(source, {});
  if (!loaded.ok()) return fail_export(loaded.error().message);
  pipeline::AssessSettings settings;
  settings.now = meta.generated_at;
  ScanResult result = pipeline::assess(*loaded, loaded_policies.set, settings);
  meta.partial = loaded->partial;
  return report(import_to_securityhub(*aws.client, aws.scope, formats::ScanFindings(result), meta),
                o.region);
}

int run_export(const ExportOptions& o) {
  int sources = int(!o.inventory.empty()) + int(!o.capture.empty()) + int(!o.aws_config.empty()) +
                int(!o.store.db.empty() || !o.store.config.empty());
  if (sources != 1)
    return fail_export(
        "give exactly one of --capture DIR, --aws-config PATH, --inventory FILE and the store "
        "(--db FILE "
        "or --config vigil.yaml)");
  formats::ReportMeta meta;
  meta.generated_at = std::chrono::system_clock::now();
  if (!o.now.empty()) {
    auto t = parse_time(o.now);
    if (!t.ok()) return fail_export("--now " + t.error().message);
    meta.generated_at = *t;
  }
  auto aws = connect(o);
  if (!aws.ok()) return fail_export(aws.error().message);
  auto account = caller_account(*aws);
  if (!account.ok()) return fail_export(account.error().message);
  meta.home_region = o.region;
  meta.import_account = *account;
  bool from_store = !o.store.db.empty() || !o.store.config.empty();
  return from_store ? export_store(o, *aws, meta) : export_scan(o, *aws, meta);
}

}  // namespace

void add_export_command(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<ExportOptions>();
  auto* cmd = app.add_subcommand("export", "Send findings to another system");
  cmd->require_subcommand(1);
  auto* hub = cmd->add_subcommand("securityhub",
                                  "Send findings to AWS Security Hub as ASFF (BatchImportFindings, "
                                  "100 per call): a scan's findings or the "
                                  "store's violations (docs/formats.md)");
  hub->add_option("--capture", o->capture, "Scan this AWS capture directory and send its findings")
      ->check(CLI::ExistingDirectory);
  hub->add_option("--aws-config", o->aws_config,
                  "Scan these AWS Config snapshots and send the findings")
      ->check(CLI::ExistingPath);
  hub->add_option("--inventory", o->inventory,
                  "Scan this inventory (JSON lines) and send the findings")
      ->check(CLI::ExistingFile);
  add_store_options(*hub, o->store);
  hub->add_option("--status", o->statuses,
                  "With the store: only violations in this state (repeatable)")
      ->check(CLI::IsMember({"open", "exempted", "closed", "unknown"}));
  hub->add_option("--policies", o->policies,
                  "With a scan: policy files or directories (default: built-in)");
  hub->add_option("--now", o->now, "With a scan: the scan time (RFC 3339 or a date; default: now)");
  hub->add_option("--region", o->region, "The Security Hub region every finding is filed in")
      ->required();
  hub->add_option("--profile", o->profile, "AWS profile (default: the standard credentials chain)");
  hub->add_option("--endpoint-url", o->endpoint_url,
                  "Send every call there (an AWS-compatible endpoint)");
  hub->add_option("--botocore-data", o->botocore_dir, "botocore data folder (service models)");
  hub->footer(
      "Exit codes: 0 every finding imported, 1 an error or any finding not imported (each printed "
      "on "
      "stderr with its error code)");
  hub->callback([=] { *exit_code = run_export(*o); });
}

}  // namespace vigil::cli
