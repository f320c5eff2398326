// vigil fix plan --violation ID [--action A] [--format text|json]  the dry-run plan; changes
// nothing vigil fix apply --violation ID [--action A] [--yes] [--digest D] checks, backup, execute,
// verify
// (--action: one of the actions that serve the violation's policy; default: the policy's own)
// vigil fix undo --run ID [--yes]                        the plan's undo calls, then re-read
// vigil fix list [--format table|json]                   scheduled fixes by due time, fix runs
// vigil fix due [--now RFC3339]                          one AutoFix tick (cron), notices sent
// vigil fix recover                                      resolve runs a dead process left in flight
// vigil fix actions                                      the registry (action, type, policies)
// vigil fix iam-policy                                   deploy/aws/vigil-fix-policy.json
// Every store command takes --db FILE or --config vigil.yaml; the `fixes:`
// section of the config (docs/autofix.md) is the switch, mode, accounts and
// AWS access; --profile/--role/--external-id/--endpoint-url override the access.
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <memory>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/source_input.h"
#include "cli/tracker_common.h"
#include "core/time_text.h"
#include "daemon/autofix_tick.h"
#include "daemon/notifications.h"
#include "daemon/source_scan.h"
#include "fix/autofix_check.h"
#include "fix/iam_permissions.h"
#include "fix/registry.h"
#include "fix/runner.h"
#include "tracker/fix_json.h"

namespace vigil::cli {
namespace {

using json = nlohmann::ordered_json;
const char* kFixCommand = "fix";

struct FixCliOptions {
  StoreOptions store;
  int64_t violation = 0, run = 0;
  bool yes = false;
  std::string digest, format = "text", now, action;
  fix::AwsAccess access;
};

// The deployment's policies (config paths or the built-in pack, with its overrides).
std::unique_ptr<PolicySet> load_deployment_policies(const daemon::Config& config) {
  auto options = daemon::policy_load_options(config.policies, config.limits);
  if (!options.ok()) {
    command_error(kFixCommand, options.error().message);
    return nullptr;
  }
  auto loaded = PolicySet::load(policy_paths_or_builtin(config.policies.paths), *options);
  if (!loaded.ok()) {
    command_error(kFixCommand, "the policies do not load (`vigil config validate`)");
    return nullptr;
  }
  return std::make_unique<PolicySet>(std::move(loaded.set));
}

fix::Settings settings_of(const daemon::Config& config, const fix::AwsAccess& given) {
  fix::Settings s = daemon::fix_settings(config.fixes);
  if (!given.profile.empty()) s.access.profile = given.profile;
  if (!given.role.empty()) s.access.role = given.role;
  if (!given.external_id.empty()) s.access.external_id = given.external_id;
  if (!given.endpoint_url.empty()) s.access.endpoint_url = given.endpoint_url;
  return s;
}

std::string actor() {
  const char* user = std::getenv("USER");
  return user && *user ? user : "cli";
}

// Runs `body` with the store, the deployment's policies and the fix context.
template <typename F>
int with_context(const FixCliOptions& o, StoreAccess access, F&& body) {
  auto config = load_config_for(o.store, kFixCommand);
  if (!config) return kExitError;
  auto db = open_store_for(o.store, kFixCommand, access);
  if (!db) return kExitError;
  auto policies = load_deployment_policies(*config);
  if (!policies) return kExitError;
  fix::Context ctx{.store = *db,
                   .policies = *policies,
                   .settings = settings_of(*config, o.access),
                   .actor = actor()};
  return body(ctx);
}

bool confirmed(const std::string& question) {
  if (::isatty(STDIN_FILENO) != 1) return false;
  std::cout << question << " [y/N] " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "y" || answer == "yes";
}

void print_run(const store::FixRun& r) {
  std::cout << fmt::format("fix run {}: {}{}\n", r.id, to_string(r.state),
                           r.error.empty() ? "" : " (" + r.error + ")");
}

int exit_for(const store::FixRun& r) {
  using store::FixState;
  return r.state == FixState::Verified || r.state == FixState::Undone ||
                 r.state == FixState::Planned
             ? kExitOk
             : kExitError;
}

int run_plan(const FixCliOptions& o) {
  return with_context(o, StoreAccess::Read, [&](fix::Context& ctx) {
    auto p = fix::plan_violation(ctx, o.violation, o.action);
    if (!p.ok()) return command_error(kFixCommand, p.error().message);
    if (o.format == "json")
      print_json(std::cout, json::parse(fix::to_json(p->plan).dump()));
    else
      std::cout << fix::plan_text(p->plan, p->action);
    return kExitOk;
  });
}

int run_apply(const FixCliOptions& o) {
  return with_context(o, StoreAccess::Write, [&](fix::Context& ctx) {
    std::string digest = o.digest;
    if (!o.yes) {
      auto p = fix::plan_violation(ctx, o.violation, o.action);
      if (!p.ok()) return command_error(kFixCommand, p.error().message);
      std::cout << fix::plan_text(p->plan, p->action);
      if (!confirmed(ctx.settings.dry_run ? "record this plan (dry-run mode: nothing is sent)?"
                                          : "apply these calls now?"))
        return command_error(kFixCommand, "not confirmed (pass --yes to apply without asking)");
      digest = p->plan.digest;
    }
    auto run = fix::apply(ctx, o.violation, digest, o.action);
    if (!run.ok()) return command_error(kFixCommand, run.error().message);
    print_run(*run);
    if (run->state == store::FixState::Planned)
      std::cout << "dry-run mode (vigil.yaml fixes.mode): the plan is recorded, nothing was sent\n";
    return exit_for(*run);
  });
}

int run_undo(const FixCliOptions& o) {
  return with_context(o, StoreAccess::Write, [&](fix::Context& ctx) {
    if (!o.yes) {
      auto found = ctx.store.fix_run(o.run);
      if (!found.ok() || !*found)
        return command_error(kFixCommand, fmt::format("no fix run {}", o.run));
      auto plan = fix::plan_from_json((*found)->plan);
      if (!plan.ok()) return command_error(kFixCommand, plan.error().message);
      for (const auto& c : plan->undo) std::cout << "  " << fix::describe(c) << "\n";
      if (!confirmed("send these undo calls now?"))
        return command_error(kFixCommand, "not confirmed (pass --yes to undo without asking)");
    }
    auto run = fix::undo(ctx, o.run);
    if (!run.ok()) return command_error(kFixCommand, run.error().message);
    print_run(*run);
    return exit_for(*run);
  });
}

int run_recover(const FixCliOptions& o) {
  return with_context(o, StoreAccess::Write, [&](fix::Context& ctx) {
    auto runs = fix::recover(ctx);
    if (!runs.ok()) return command_error(kFixCommand, runs.error().message);
    for (const auto& r : *runs) print_run(r);
    std::cout << fmt::format("{} interrupted fix run(s) resolved\n", runs->size());
    return kExitOk;
  });
}

int run_list(const FixCliOptions& o) {
  auto db = open_store_for(o.store, kFixCommand, StoreAccess::Read);
  if (!db) return kExitError;
  auto plans = db->scheduled_fixes({});
  if (!plans.ok()) return command_error(kFixCommand, plans.error().message);
  auto runs = db->fix_runs({});
  if (!runs.ok()) return command_error(kFixCommand, runs.error().message);
  if (o.format == "json") {
    json out = {{"scheduled", json::array()}, {"runs", json::array()}};
    for (const auto& p : *plans) out["scheduled"].push_back(tracker::scheduled_fix_json(p));
    for (const auto& r : *runs) out["runs"].push_back(tracker::fix_run_json(r));
    print_json(std::cout, out);
    return kExitOk;
  }
  if (!plans->empty()) {
    std::cout << "Scheduled fixes (AutoFix), by due time:\n";
    TextRows rows = {
        {"PLAN", "VIOLATION", "ACTION", "ASSET", "MODE", "STATE", "DUE", "RUN", "REASON"}};
    for (const auto& p : *plans)
      rows.push_back({std::to_string(p.id), std::to_string(p.violation_id), p.action, p.asset_id,
                      p.mode, std::string(to_string(p.state)), time_text(p.due),
                      p.run_id ? std::to_string(*p.run_id) : "", p.reason});
    print_table(std::cout, rows);
    std::cout << "\nFix runs, newest first:\n";
  }
  TextRows rows = {{"ID", "VIOLATION", "ACTION", "ASSET", "STATE", "BY", "UPDATED", "ERROR"}};
  for (const auto& r : *runs)
    rows.push_back({std::to_string(r.id), std::to_string(r.violation_id), r.action, r.asset_id,
                    std::string(to_string(r.state)), r.actor, time_text(r.updated), r.error});
  print_table(std::cout, rows);
  return kExitOk;
}

// One AutoFix tick at --now (default: the clock), then the notices delivered.
int run_due(const FixCliOptions& o) {
  store::Time now = std::chrono::system_clock::now();
  if (!o.now.empty()) {
    auto t = vigil::parse_time(o.now);
    if (!t.ok()) return command_error(kFixCommand, "--now " + t.error().message);
    now = *t;
  }
  auto config = load_config_for(o.store, kFixCommand);
  if (!config) return kExitError;
  auto db = open_store_for(o.store, kFixCommand, StoreAccess::Write);
  if (!db) return kExitError;
  auto policies = load_deployment_policies(*config);
  if (!policies) return kExitError;
  for (const std::string& problem : fix::settings_problems(config->fixes.autofix, *policies))
    std::cerr << "warning: " << problem << "\n";
  if (!daemon::autofix_configured(*config))
    return command_error(kFixCommand,
                         "no policy is listed in vigil.yaml `fixes: autofix: policies:` "
                         "(docs/autofix.md)");
  auto report = daemon::run_autofix(
      *config, *policies, *db, [now] { return now; }, actor());
  if (!report.ok()) return command_error(kFixCommand, report.error().message);
  for (const std::string& line : report->log) std::cout << line << "\n";
  std::string summary = report->summary();
  std::cout << (summary.empty() ? "autofix: nothing to do" : summary) << "\n";
  if (config->notifications.enabled) {
    daemon::Notifier notifier(config->notifications, *db);
    for (const std::string& line : notifier.tick(now)) std::cout << line << "\n";
  }
  return kExitOk;
}

int run_actions() {
  TextRows rows = {{"ACTION", "TYPE", "POLICIES", "WHAT"}};
  for (const fix::FixAction* a : fix::fix_actions()) {
    std::string policies;
    for (auto p : a->policies) policies += (policies.empty() ? "" : ",") + std::string(p);
    rows.push_back(
        {std::string(a->id), std::string(a->resource_type), policies, std::string(a->summary)});
  }
  print_table(std::cout, rows);
  return kExitOk;
}

void add_access_options(CLI::App& cmd, FixCliOptions& o) {
  cmd.add_option("--profile", o.access.profile, "AWS profile (overrides fixes.profile)");
  cmd.add_option("--role", o.access.role, "Role assumed in the account (overrides fixes.role)");
  cmd.add_option("--external-id", o.access.external_id, "External id of the role");
  cmd.add_option("--endpoint-url", o.access.endpoint_url,
                 "Send every AWS call there (local endpoints)");
}

}  // namespace

void add_fix_command(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<FixCliOptions>();
  auto* cmd =
      app.add_subcommand("fix", "Plan, apply and undo fixes of violations (docs/autofix.md)");
  cmd->require_subcommand(1);

  auto* plan = cmd->add_subcommand(
      "plan", "Show the exact AWS calls that would fix a violation; changes nothing");
  add_store_options(*plan, o->store);
  plan->add_option("--violation", o->violation, "Violation id (vigil violations list)")->required();
  plan->add_option("--action", o->action,
                   "Fix action, one of those serving the policy (default: the policy's own)");
  plan->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  plan->callback([=] { *exit_code = run_plan(*o); });

  auto* apply =
      cmd->add_subcommand("apply", "Check, back up, execute, verify and close a violation");
  add_store_options(*apply, o->store);
  add_access_options(*apply, *o);
  apply->add_option("--violation", o->violation, "Violation id")->required();
  apply->add_option("--action", o->action,
                    "Fix action, one of those serving the policy (default: the policy's own)");
  apply->add_flag("--yes", o->yes, "Do not ask for confirmation");
  apply->add_option("--digest", o->digest,
                    "Apply only if the plan still has this digest (from `fix plan`)");
  apply->callback([=] { *exit_code = run_apply(*o); });

  auto* undo = cmd->add_subcommand("undo", "Restore the backup of a fix run");
  add_store_options(*undo, o->store);
  add_access_options(*undo, *o);
  undo->add_option("--run", o->run, "Fix run id (vigil fix list)")->required();
  undo->add_flag("--yes", o->yes, "Do not ask for confirmation");
  undo->callback([=] { *exit_code = run_undo(*o); });

  auto* due = cmd->add_subcommand(
      "due", "Run AutoFix once: schedule, remind, and apply the plans due (cron; docs/autofix.md)");
  add_store_options(*due, o->store);
  due->add_option("--now", o->now, "The time to act at (RFC 3339; default: now)");
  due->callback([=] { *exit_code = run_due(*o); });

  auto* list = cmd->add_subcommand("list", "List scheduled fixes by due time, fix runs");
  add_store_options(*list, o->store);
  list->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  list->callback([=] { *exit_code = run_list(*o); });

  auto* recover = cmd->add_subcommand("recover", "Resolve fix runs a dead process left executing");
  add_store_options(*recover, o->store);
  add_access_options(*recover, *o);
  recover->callback([=] { *exit_code = run_recover(*o); });

  auto* actions =
      cmd->add_subcommand("actions", "List the fix actions and the policies they serve");
  actions->callback([=] { *exit_code = run_actions(); });

  auto* iam = cmd->add_subcommand("iam-policy", "Print the IAM policy of the opt-in fix role");
  iam->callback([=] {
    auto text = fix::fix_policy_json();
    *exit_code = text.ok() ? (std::cout << *text, kExitOk)
                           : command_error(kFixCommand, text.error().message);
  });
}

}  // namespace vigil::cli
