// vigil groups add NAME [--description D] [--accounts A,..] [--regions R,..] [--types T,..]
//                       [--tag KEY=VALUE]... [--condition CEL]
// vigil groups list [--format table|json]
// vigil groups show NAME [--format table|json]
// Every command takes --db FILE or --config vigil.yaml. Membership is computed by each scan.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/tracker_common.h"
#include "daemon/config.h"
#include "tracker/groups.h"

namespace vigil::cli {
namespace {

using json = nlohmann::ordered_json;
const char* kGroupsCommand = "groups";

struct GroupsCliOptions {
  StoreOptions store;
  std::string name, description, condition, by;
  std::vector<std::string> accounts, regions, types, tags;
  std::string format = "table";
};

std::string join_json_list(const nlohmann::json& list) {
  std::string out;
  if (!list.is_array()) return out;
  for (const auto& item : list) out += (out.empty() ? "" : ",") + item.get<std::string>();
  return out;
}

std::string criteria_text(const nlohmann::json& c) {
  std::vector<std::string> parts;
  for (const char* key : {"accounts", "regions", "types"})
    if (c.contains(key) && !c[key].empty())
      parts.push_back(fmt::format("{} {}", key, join_json_list(c[key])));
  if (c.contains("tags") && c["tags"].is_object())
    for (auto it = c["tags"].begin(); it != c["tags"].end(); ++it)
      parts.push_back(fmt::format("tag {}={}", it.key(), it.value().get<std::string>()));
  if (c.contains("condition") && c["condition"].is_string() && !c["condition"].get<std::string>().empty())
    parts.push_back("condition " + c["condition"].get<std::string>());
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out.empty() ? "every asset" : out;
}

std::string actor(const std::string& by) {
  if (!by.empty()) return by;
  const char* user = std::getenv("USER");
  return user ? user : "cli";
}

int run_add(const GroupsCliOptions& o) {
  nlohmann::json criteria = nlohmann::json::object();
  if (!o.accounts.empty()) criteria["accounts"] = o.accounts;
  if (!o.regions.empty()) criteria["regions"] = o.regions;
  if (!o.types.empty()) criteria["types"] = o.types;
  if (!o.tags.empty()) {
    nlohmann::json tags = nlohmann::json::object();
    for (const std::string& t : o.tags) {
      size_t eq = t.find('=');
      if (eq == std::string::npos || eq == 0)
        return command_error(
            kGroupsCommand,
            fmt::format("--tag '{}': expected KEY=VALUE (VALUE * requires only the key)", t));
      tags[t.substr(0, eq)] = t.substr(eq + 1);
    }
    criteria["tags"] = tags;
  }
  if (!o.condition.empty()) criteria["condition"] = o.condition;
  if (!daemon::is_valid_name(o.name))
    return command_error(kGroupsCommand,
                         fmt::format("invalid group name '{}': use letters, digits and "
                                     "- _ . only, e.g. `prod-web` (as in vigil.yaml)",
                                     o.name));
  auto parsed = tracker::parse_group_criteria(o.name, criteria);
  if (!parsed.ok()) return command_error(kGroupsCommand, parsed.error().message);
  auto db = open_store_for(o.store, kGroupsCommand, StoreAccess::Create);
  if (!db) return kExitError;
  store::GroupRecord group{o.name, o.description, tracker::to_json(*parsed), "cli"};
  store::AuditEntry audit;
  audit.at = std::chrono::system_clock::now();
  audit.actor = actor(o.by);
  audit.action = "group.add";
  audit.object = "group:" + o.name;
  audit.details = {{"criteria", group.criteria}, {"description", o.description}};
  Status put = db->put_group(group, audit);
  if (!put.ok()) return command_error(kGroupsCommand, put.error().message);
  std::cout << fmt::format("group {} saved: {}\nits members are computed by the next scan\n", o.name,
                           criteria_text(group.criteria));
  return kExitOk;
}

int run_list(const GroupsCliOptions& o) {
  auto db = open_store_for(o.store, kGroupsCommand, StoreAccess::Read);
  if (!db) return kExitError;
  auto groups = db->groups();
  if (!groups.ok()) return command_error(kGroupsCommand, groups.error().message);
  json out = json::array();
  std::vector<std::vector<std::string>> rows{{"NAME", "ORIGIN", "MEMBERS", "CRITERIA", "DESCRIPTION"}};
  for (const auto& g : *groups) {
    auto members = db->group_members(g.name);
    if (!members.ok()) return command_error(kGroupsCommand, members.error().message);
    out.push_back({{"name", g.name},
                   {"origin", g.origin},
                   {"description", g.description},
                   {"criteria", g.criteria},
                   {"members", members->size()}});
    rows.push_back({g.name, g.origin, std::to_string(members->size()), criteria_text(g.criteria), g.description});
  }
  if (o.format == "json") {
    print_json(std::cout, out);
  } else {
    print_table(std::cout, rows);
    std::cout << fmt::format("{} group{}\n", groups->size(), groups->size() == 1 ? "" : "s");
  }
  return kExitOk;
}

int run_show(const GroupsCliOptions& o) {
  auto db = open_store_for(o.store, kGroupsCommand, StoreAccess::Read);
  if (!db) return kExitError;
  auto groups = db->groups();
  if (!groups.ok()) return command_error(kGroupsCommand, groups.error().message);
  const store::GroupRecord* group = nullptr;
  for (const auto& g : *groups)
    if (g.name == o.name) group = &g;
  if (!group)
    return command_error(kGroupsCommand,
                         fmt::format("no group named '{}'; see `vigil groups list`", o.name));
  auto members = db->group_members(o.name);
  if (!members.ok()) return command_error(kGroupsCommand, members.error().message);
  if (o.format == "json") {
    print_json(std::cout, {{"name", group->name},
                           {"origin", group->origin},
                           {"description", group->description},
                           {"criteria", group->criteria},
                           {"members", *members}});
    return kExitOk;
  }
  std::cout << fmt::format("group {} ({})\n", group->name, group->origin);
  if (!group->description.empty()) std::cout << "  " << group->description << '\n';
  std::cout << "  criteria: " << criteria_text(group->criteria) << '\n';
  std::cout << fmt::format("  {} member{} (as of the last scan):\n", members->size(), members->size() == 1 ? "" : "s");
  for (const std::string& m : *members) std::cout << "    " << m << '\n';
  return kExitOk;
}

}  // namespace

void add_groups_command(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<GroupsCliOptions>();
  auto* cmd = app.add_subcommand("groups", "Define and inspect asset groups (membership computed each scan)");
  cmd->require_subcommand(1);

  auto* add = cmd->add_subcommand("add", "Add or replace a group; every criterion given must hold");
  add_store_options(*add, o->store);
  add->add_option("name", o->name, "Group name")->required();
  add->add_option("--description", o->description, "What the group is");
  add->add_option("--accounts", o->accounts, "Any of these accounts (comma-separated)")->delimiter(',');
  add->add_option("--regions", o->regions, "Any of these regions")->delimiter(',');
  add->add_option("--types", o->types, "Any of these asset types")->delimiter(',');
  add->add_option("--tag", o->tags, "KEY=VALUE tag (repeatable; VALUE * requires only the key)");
  add->add_option("--condition", o->condition, "CEL condition over `resource`");
  add->add_option("--by", o->by, "Who adds it, for the audit log (default: $USER)");
  add->callback([=] { *exit_code = run_add(*o); });

  auto* list = cmd->add_subcommand("list", "List groups with their criteria and member counts");
  add_store_options(*list, o->store);
  list->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  list->callback([=] { *exit_code = run_list(*o); });

  auto* show = cmd->add_subcommand("show", "Show a group's criteria and members");
  add_store_options(*show, o->store);
  show->add_option("name", o->name, "Group name")->required();
  show->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  show->callback([=] { *exit_code = run_show(*o); });
}

}  // namespace vigil::cli
