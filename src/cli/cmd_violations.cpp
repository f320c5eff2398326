// vigil violations list [--status S]... [--policy P] [--asset ID] [--account A] [--group G]
//                       [--severity S] [--format table|json|csv|sarif|ocsf|asff|junit]
//                       [--limit N] [--policies PATH]... (--db FILE | --config vigil.yaml)
// vigil violations show ID [--format table|json] [--policies PATH]... (--db FILE | --config
// vigil.yaml)
#include <fmt/format.h>

#include <iostream>
#include <map>
#include <memory>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/source_input.h"
#include "cli/tracker_common.h"
#include "engine/formats/standard.h"
#include "tracker/finding_json.h"
#include "tracker/violation_csv.h"
#include "tracker/violation_findings.h"

namespace vigil::cli {
namespace {

using json = nlohmann::ordered_json;
const char* kViolationsCommand = "violations";

struct ViolationsCliOptions {
  StoreOptions store;
  std::vector<std::string> statuses;
  std::string policy, asset, account, group, severity, region, type, category;
  std::vector<std::string> policies;  // the pack for titles and remediation (default: built in)
  std::string format = "table";
  std::string sort = "id";
  bool descending = false;
  size_t limit = 0;
  int64_t id = 0;
};

// The pack (--policies, else vigil.yaml's policies.paths, else the built-in
// pack, disabled policies included), for the policy texts of the findings
// and `show`. A pack that does not load leaves them out: the findings stay
// readable without.
PolicySet load_pack(const ViolationsCliOptions& o) {
  std::vector<std::string> paths = o.policies;
  if (paths.empty() && !o.store.config.empty()) {
    auto config = daemon::load_config(o.store.config);
    if (config.ok()) paths = config.config.policies.paths;
  }
  paths = policy_paths_or_builtin(std::move(paths));
  if (paths.empty()) return PolicySet();
  LoadOptions options;
  options.include_disabled = true;
  return std::move(PolicySet::load(paths, options).set);
}

// Title, rationale and remediation of each policy of the pack.
tracker::PolicyTexts policy_texts(const ViolationsCliOptions& o) {
  tracker::PolicyTexts out;
  PolicySet pack = load_pack(o);
  for (const auto& p : pack.policies())
    out[p->policy.id] = {p->policy.title, p->policy.rationale, p->policy.remediation};
  return out;
}

int run_list(const ViolationsCliOptions& o) {
  store::ViolationFilter filter;
  for (const std::string& s : o.statuses) {
    auto status = store::violation_status_from(s);
    if (!status)
      return command_error(kViolationsCommand,
                           fmt::format("--status {}: use open, exempted, closed or unknown", s));
    filter.statuses.push_back(*status);
  }
  if (!o.policy.empty()) filter.policy_id = o.policy;
  if (!o.asset.empty()) filter.asset_id = o.asset;
  if (!o.account.empty()) filter.account = o.account;
  if (!o.region.empty()) filter.region = o.region;
  if (!o.type.empty()) filter.type = o.type;
  if (!o.severity.empty()) filter.severity = o.severity;
  if (!o.category.empty()) filter.category = o.category;
  if (!o.group.empty()) filter.group = o.group;
  filter.limit = o.limit;
  filter.sort = store::violation_sort_from(o.sort).value_or(store::ViolationSort::Id);
  filter.descending = o.descending;
  auto db = open_store_for(o.store, kViolationsCommand, StoreAccess::Read);
  if (!db) return kExitError;
  if (!o.group.empty()) {
    auto groups = db->groups();
    if (!groups.ok()) return command_error(kViolationsCommand, groups.error().message);
    bool known = false;
    for (const auto& g : *groups) known |= g.name == o.group;
    if (!known)
      return command_error(kViolationsCommand,
                           fmt::format("no group named '{}'; see `vigil groups list`", o.group));
  }
  auto violations = db->violations(filter);
  if (!violations.ok()) return command_error(kViolationsCommand, violations.error().message);
  if (auto standard = formats::parse_standard_format(o.format)) {
    PolicySet pack = load_pack(o);
    formats::ReportMeta meta;
    meta.generated_at = std::chrono::system_clock::now();
    formats::write_standard(std::cout, *standard, tracker::ViolationFindings(*violations, pack),
                            meta);
    return kExitOk;
  }
  if (o.format == "json") {
    json out = json::array();
    auto texts = policy_texts(o);
    for (const auto& v : *violations) out.push_back(tracker::tracked_finding_json(v, texts));
    print_json(std::cout, out);
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows;
  if (o.format == "csv") {
    rows.push_back(tracker::violation_csv_header());
    for (const auto& v : *violations) rows.push_back(tracker::violation_csv_row(v));
    print_csv(std::cout, rows);
    return kExitOk;
  }
  rows.push_back({"ID", "STATUS", "SEVERITY", "POLICY", "ACCOUNT", "REGION", "FIRST SEEN", "ASSET"});
  for (const auto& v : *violations) {
    std::string status(store::to_string(v.status));
    if (v.status == store::ViolationStatus::Closed && !v.close_reason.empty()) status += " (" + v.close_reason + ")";
    if (v.exception_id) status += fmt::format(" (exception {})", *v.exception_id);
    rows.push_back({std::to_string(v.id), status, v.severity, v.policy_id, v.asset.account, v.asset.region,
                    time_text(v.first_seen), v.asset.name.empty() ? v.asset.id : v.asset.name});
  }
  print_table(std::cout, rows);
  std::cout << fmt::format("{} violation{}\n", violations->size(), violations->size() == 1 ? "" : "s");
  return kExitOk;
}

// Every line of `text` indented by two spaces, ending in a newline.
std::string indented(std::string_view text) {
  while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  std::string out = "  ";
  for (char c : text) {
    out += c;
    if (c == '\n') out += "  ";
  }
  return out + "\n";
}

int run_show(const ViolationsCliOptions& o) {
  auto db = open_store_for(o.store, kViolationsCommand, StoreAccess::Read);
  if (!db) return kExitError;
  auto v = db->violation(o.id);
  if (!v.ok()) return command_error(kViolationsCommand, v.error().message);
  if (!v->has_value())
    return command_error(
        kViolationsCommand,
        fmt::format("no violation with id {}; list them with `vigil violations list`", o.id));
  auto events = db->violation_events(o.id);
  if (!events.ok()) return command_error(kViolationsCommand, events.error().message);
  const store::Violation& viol = **v;
  if (o.format == "json") {
    auto texts = policy_texts(o);
    json out = tracker::tracked_finding_json(viol, texts);
    if (auto text = texts.find(viol.policy_id); text != texts.end())
      out["policy"]["rationale"] = text->second.rationale;
    out["history"] = tracker::violation_history_json(*events);
    print_json(std::cout, out);
    return kExitOk;
  }
  auto texts = policy_texts(o);
  auto text = texts.find(viol.policy_id);
  std::cout << fmt::format("violation {}: {} on {}\n", viol.id, viol.policy_id, viol.asset.id);
  std::cout << fmt::format("  policy     {}\n",
                           text != texts.end()
                               ? text->second.title
                               : "(not in the policy pack any more: its title and remediation "
                                 "are unknown; give the pack that has it with --policies)");
  std::cout << fmt::format("  status     {}{}{}\n", store::to_string(viol.status),
                           viol.close_reason.empty() ? "" : " (" + viol.close_reason + ")",
                           viol.exception_id ? fmt::format(" (exception {})", *viol.exception_id) : "");
  std::cout << fmt::format("  severity   {} ({})\n", viol.severity, viol.category);
  std::cout << fmt::format("  asset      {} {} in {}/{}\n", viol.asset.type, viol.asset.name, viol.asset.account,
                           viol.asset.region);
  std::cout << fmt::format("  message    {}\n", viol.message);
  std::cout << fmt::format("  first seen {}\n  last change {}\n", time_text(viol.first_seen),
                           time_text(viol.last_change));
  if (text != texts.end()) {
    if (!text->second.rationale.empty())
      std::cout << "\nrationale:\n" << indented(text->second.rationale);
    if (!text->second.remediation.empty())
      std::cout << "\nremediation:\n" << indented(text->second.remediation);
  }
  std::cout << "\nhistory:\n";
  std::vector<std::vector<std::string>> rows{{"AT", "SCAN", "FROM", "TO", "REASON"}};
  for (const auto& e : *events)
    rows.push_back({time_text(e.at), e.scan_id ? std::to_string(e.scan_id) : "-",
                    e.from ? std::string(store::to_string(*e.from)) : "-", std::string(store::to_string(e.to)),
                    e.reason});
  print_table(std::cout, rows);
  return kExitOk;
}

void add_pack_option(CLI::App& command, std::vector<std::string>& policies) {
  command.add_option("--policies", policies,
                     "The policy pack for titles, rationale and remediation (files or "
                     "directories; default: vigil.yaml's policies with --config, else the "
                     "built-in pack)");
}

}  // namespace

void add_violations_command(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<ViolationsCliOptions>();
  auto* cmd = app.add_subcommand("violations", "List and show tracked violations (the store of `scan --db`/`serve`)");
  cmd->require_subcommand(1);

  auto* list = cmd->add_subcommand("list", "List violations (ordered by id, or --sort)");
  add_store_options(*list, o->store);
  list->add_option("--status", o->statuses, "open, exempted, closed or unknown (repeatable; default: all)")
      ->check(CLI::IsMember({"open", "exempted", "closed", "unknown"}));
  list->add_option("--policy", o->policy, "Only this policy id");
  list->add_option("--asset", o->asset, "Only this asset (its id, e.g. an ARN)");
  list->add_option("--account", o->account, "Only this account");
  list->add_option("--region", o->region, "Only this region");
  list->add_option("--type", o->type, "Only this asset type");
  list->add_option("--group", o->group, "Only assets of this group (as of its last computation)");
  list->add_option("--severity", o->severity, "Only this severity")
      ->check(CLI::IsMember({"critical", "high", "medium", "low", "info"}));
  list->add_option("--category", o->category, "Only this category");
  list->add_option("--limit", o->limit, "At most N violations (0: all)");
  list->add_option("--sort", o->sort,
                   "Order by id, severity (info first; --desc for critical first), first_seen or "
                   "last_change; ties by id")
      ->check(CLI::IsMember({"id", "severity", "first_seen", "last_change"}))
      ->capture_default_str();
  list->add_flag("--desc", o->descending,
                 "The reverse order (newest, latest or most severe first)");
  list->add_option("--format", o->format,
                   "Output format: table, json, csv, or a standard one: sarif, ocsf, asff, junit "
                   "(docs/formats.md; each violation is one finding)")
      ->check(CLI::IsMember({"table", "json", "csv", "sarif", "ocsf", "asff", "junit"}))
      ->capture_default_str();
  add_pack_option(*list, o->policies);
  list->callback([=] { *exit_code = run_list(*o); });

  auto* show = cmd->add_subcommand("show", "Show one violation and its full history");
  add_store_options(*show, o->store);
  show->add_option("id", o->id, "Violation id (see `violations list`)")->required();
  show->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  add_pack_option(*show, o->policies);
  show->callback([=] { *exit_code = run_show(*o); });
}

}  // namespace vigil::cli
