// vigil exceptions add (--policy P --asset A | (--policies IDS | --category C | --severity S)
//                       × (--group G | --condition CEL)) --reason R --granted-by WHO
//                       [--requested-by WHO] [--ticket T] --expires TIME
// vigil exceptions list [--all] [--format table|json]
// vigil exceptions revoke ID --reason R [--by WHO]
// Every command takes --db FILE or --config vigil.yaml (its store and exceptions.max_duration).
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/source_input.h"
#include "cli/tracker_common.h"
#include "daemon/config.h"
#include "policy/policy_set.h"
#include "tracker/exception_targets.h"
#include "tracker/exceptions.h"

namespace vigil::cli {
namespace {

using json = nlohmann::ordered_json;
const char* kExceptionsCommand = "exceptions";

struct ExceptionsCliOptions {
  StoreOptions store;
  std::string policy, asset;
  bool allow_unseen_asset = false;
  std::vector<std::string> policies;
  std::string category, severity, group, condition;
  std::string reason, requested_by, granted_by, ticket, expires;
  bool all = false;
  std::string format = "table";
  int64_t id = 0;
  std::string by;
};

// The policy ids and group names of the deployment (vigil.yaml's
// `policies: paths`, else the built-in policies/ folder; its groups).
Result<tracker::KnownTargets> deployment_targets(const daemon::Config& config) {
  std::vector<std::string> paths = policy_paths_or_builtin(config.policies.paths);
  if (paths.empty())
    return Error(
        "no `policies: paths:` in the config and no built-in policies/ folder found: "
        "cannot check the policy ids");
  auto loaded = PolicySet::load(paths);
  if (!loaded.ok())
    return Error(
        fmt::format("the policies in {} do not load (`vigil policy validate`): cannot "
                    "check the policy ids",
                    paths.front()));
  tracker::KnownTargets known;
  for (const auto& p : loaded.set.policies()) known.policy_ids.push_back(p->policy.id);
  for (const daemon::GroupConfig& g : config.groups) known.group_names.push_back(g.name);
  return known;
}

std::string describe(const store::ExceptionRecord& e) {
  if (!e.sticky) return fmt::format("{} on {}", e.policy_id, e.asset_id);
  std::vector<std::string> policies, assets;
  if (!e.policy_ids.empty()) {
    std::string ids;
    for (const auto& id : e.policy_ids) ids += (ids.empty() ? "" : ",") + id;
    policies.push_back("policies " + ids);
  }
  if (!e.category.empty()) policies.push_back("category " + e.category);
  if (!e.severity.empty()) policies.push_back("severity " + e.severity);
  if (!e.group.empty()) assets.push_back("group " + e.group);
  if (!e.condition.empty()) assets.push_back("condition " + e.condition);
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : " and ") + x;
    return s;
  };
  return fmt::format("sticky: {} x {}", join(policies), join(assets));
}

std::string state_of(const store::ExceptionRecord& e, store::Time now) {
  if (e.revoked) return "revoked";
  if (e.expires <= now) return "expired";
  return "active";
}

int run_add(const ExceptionsCliOptions& o) {
  bool per_resource = !o.policy.empty() || !o.asset.empty();
  bool sticky = !o.policies.empty() || !o.category.empty() || !o.severity.empty() || !o.group.empty() ||
                !o.condition.empty();
  if (per_resource == sticky)
    return command_error(
        kExceptionsCommand,
        "give either --policy P --asset A (one resource) or a sticky selector: --policies, "
        "--category or --severity, with --group or --condition");
  if (per_resource && (o.policy.empty() || o.asset.empty()))
    return command_error(kExceptionsCommand,
                         "a per-resource exception needs both --policy and --asset");
  auto config = load_config_for(o.store, kExceptionsCommand);
  if (!config) return kExitError;
  store::Time now = std::chrono::system_clock::now();
  auto expires = parse_cli_time(o.expires, now, true);
  if (!expires.ok())
    return command_error(kExceptionsCommand, "--expires " + expires.error().message);

  store::ExceptionRecord e;
  e.sticky = sticky;
  e.policy_id = o.policy;
  e.asset_id = o.asset;
  e.policy_ids = o.policies;
  e.category = o.category;
  e.severity = o.severity;
  e.group = o.group;
  e.condition = o.condition;
  e.reason = o.reason;
  e.requested_by = o.requested_by;
  e.granted_by = o.granted_by;
  e.ticket = o.ticket;
  e.expires = *expires;
  tracker::ExceptionOptions options;
  options.max_duration = config->exception_max_duration;
  auto db = open_store_for(o.store, kExceptionsCommand, StoreAccess::Create);
  if (!db) return kExitError;
  auto known = deployment_targets(*config);
  if (!known.ok()) return command_error(kExceptionsCommand, known.error().message);
  known->allow_unseen_asset = o.allow_unseen_asset;
  known->allow_unseen_hint = "pass --allow-unseen-asset to grant it before its first scan";
  if (Status checked = tracker::check_exception_targets(e, *db, *known); !checked.ok())
    return command_error(kExceptionsCommand, checked.error().message);
  auto id = tracker::grant_exception(*db, e, now, o.granted_by, options);
  if (!id.ok()) return command_error(kExceptionsCommand, id.error().message);
  std::cout << fmt::format("exception {} granted: {}, expires {}\n", *id, describe(e), time_text(e.expires));
  std::cout << "the next scan exempts the violations it covers\n";
  return kExitOk;
}

int run_list(const ExceptionsCliOptions& o) {
  auto db = open_store_for(o.store, kExceptionsCommand, StoreAccess::Read);
  if (!db) return kExitError;
  store::Time now = std::chrono::system_clock::now();
  auto list = db->exceptions(o.all, now);
  if (!list.ok()) return command_error(kExceptionsCommand, list.error().message);
  if (o.format == "json") {
    json out = json::array();
    for (const auto& e : *list) {
      json j = {{"id", e.id},          {"state", state_of(e, now)}, {"sticky", e.sticky},
                {"covers", describe(e)}, {"reason", e.reason},     {"requested_by", e.requested_by},
                {"granted_by", e.granted_by}, {"ticket", e.ticket}, {"created", time_text(e.created)},
                {"expires", time_text(e.expires)}};
      if (!e.sticky) {
        j["policy"] = e.policy_id;
        j["asset"] = e.asset_id;
      } else {
        j["policies"] = e.policy_ids;
        j["category"] = e.category;
        j["severity"] = e.severity;
        j["group"] = e.group;
        j["condition"] = e.condition;
      }
      if (e.revoked) {
        j["revoked"] = time_text(*e.revoked);
        j["revoked_by"] = e.revoked_by;
        j["revoke_reason"] = e.revoke_reason;
      }
      out.push_back(std::move(j));
    }
    print_json(std::cout, out);
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows{{"ID", "STATE", "EXPIRES", "GRANTED BY", "TICKET", "COVERS", "REASON"}};
  for (const auto& e : *list)
    rows.push_back({std::to_string(e.id), state_of(e, now), time_text(e.expires), e.granted_by,
                    e.ticket.empty() ? "-" : e.ticket, describe(e), e.reason});
  print_table(std::cout, rows);
  std::cout << fmt::format("{} exception{}{}\n", list->size(), list->size() == 1 ? "" : "s",
                           o.all ? "" : " active (--all for expired and revoked ones)");
  return kExitOk;
}

int run_revoke(const ExceptionsCliOptions& o) {
  auto db = open_store_for(o.store, kExceptionsCommand, StoreAccess::Write);
  if (!db) return kExitError;
  auto existing = db->exception(o.id);
  if (!existing.ok()) return command_error(kExceptionsCommand, existing.error().message);
  if (!existing->has_value())
    return command_error(
        kExceptionsCommand,
        fmt::format("no exception with id {}; see `vigil exceptions list --all`", o.id));
  if ((*existing)->revoked)
    return command_error(kExceptionsCommand,
                         fmt::format("exception {} was already revoked at {} by {}", o.id,
                                     time_text(*(*existing)->revoked), (*existing)->revoked_by));
  std::string by = o.by.empty() ? (std::getenv("USER") ? std::getenv("USER") : "cli") : o.by;
  auto revoked = tracker::revoke_exception(*db, o.id, std::chrono::system_clock::now(), by, o.reason);
  if (!revoked.ok()) return command_error(kExceptionsCommand, revoked.error().message);
  std::cout << fmt::format("exception {} revoked; {} violation{} re-opened", o.id, revoked->reopened,
                           revoked->reopened == 1 ? "" : "s");
  if (revoked->moved > 0) std::cout << fmt::format(", {} still exempted by another exception", revoked->moved);
  std::cout << '\n';
  return kExitOk;
}

}  // namespace

void add_exceptions_command(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<ExceptionsCliOptions>();
  auto* cmd = app.add_subcommand("exceptions", "Grant, list and revoke exceptions (accepted risks), with an audit log");
  cmd->require_subcommand(1);

  auto* add = cmd->add_subcommand("add", "Grant an exception: per resource, or sticky (policies x assets)");
  add_store_options(*add, o->store);
  add->add_option("--policy", o->policy, "Per resource: the policy id");
  add->add_option("--asset", o->asset, "Per resource: the asset id");
  add->add_flag("--allow-unseen-asset", o->allow_unseen_asset,
                "Per resource: grant it for an asset no scan in this store has seen yet");
  add->add_option("--policies", o->policies, "Sticky: policy ids (comma-separated or repeated)")->delimiter(',');
  add->add_option("--category", o->category, "Sticky: every policy of this category");
  add->add_option("--severity", o->severity, "Sticky: every policy of this severity")
      ->check(CLI::IsMember({"critical", "high", "medium", "low", "info"}));
  add->add_option("--group", o->group, "Sticky: assets of this group (see `vigil groups list`)");
  add->add_option("--condition", o->condition, "Sticky: assets for which this CEL condition over `resource` holds");
  add->add_option("--reason", o->reason, "Why the risk is accepted")->required();
  add->add_option("--granted-by", o->granted_by, "Who accepts the risk")->required();
  add->add_option("--requested-by", o->requested_by, "Who asked for it");
  add->add_option("--ticket", o->ticket, "Ticket reference");
  add->add_option("--expires", o->expires,
                  "Expiry (required): RFC 3339, a date, or a duration from now (30d); at most "
                  "exceptions.max_duration (default 90d)")
      ->required();
  add->callback([=] { *exit_code = run_add(*o); });

  auto* list = cmd->add_subcommand("list", "List active exceptions (--all: expired and revoked ones too)");
  add_store_options(*list, o->store);
  list->add_flag("--all", o->all, "Include expired and revoked exceptions");
  list->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  list->callback([=] { *exit_code = run_list(*o); });

  auto* revoke = cmd->add_subcommand("revoke", "Revoke an exception; the violations it exempted re-open at once");
  add_store_options(*revoke, o->store);
  revoke->add_option("id", o->id, "Exception id (see `exceptions list`)")->required();
  revoke->add_option("--reason", o->reason, "Why it is revoked")->required();
  revoke->add_option("--by", o->by, "Who revokes it (default: $USER)");
  revoke->callback([=] { *exit_code = run_revoke(*o); });
}

}  // namespace vigil::cli
