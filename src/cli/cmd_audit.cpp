// vigil audit list [--limit N] [--actor A] [--action X] [--format table|json]
//                  (--db FILE | --config vigil.yaml)
// The store's audit log, newest first: who granted, revoked or saw expire
// an exception, who added or removed a group (store.h AuditEntry).
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/tracker_common.h"

namespace vigil::cli {
namespace {

using json = nlohmann::ordered_json;
const char* kAuditCommand = "audit";

struct AuditCliOptions {
  StoreOptions store;
  size_t limit = 100;
  std::string actor, action;
  std::string format = "table";
};

// --action X matches the action X and, when X has no dot, its family:
// "exception" matches "exception.grant" and "exception.revoke".
bool action_matches(const std::string& action, const std::string& wanted) {
  if (wanted.empty() || action == wanted) return true;
  return wanted.find('.') == std::string::npos && action.size() > wanted.size() &&
         action.compare(0, wanted.size(), wanted) == 0 && action[wanted.size()] == '.';
}

// The newest `limit` entries (0: all) that pass the filters.
Result<std::vector<store::AuditEntry>> audit_entries(store::Store& db, const AuditCliOptions& o) {
  bool filtered = !o.actor.empty() || !o.action.empty();
  auto entries = db.audit_log({filtered ? 0 : o.limit});
  if (!entries.ok() || !filtered) return entries;
  std::vector<store::AuditEntry> kept;
  for (auto& e : *entries) {
    if (o.limit != 0 && kept.size() == o.limit) break;
    if ((o.actor.empty() || e.actor == o.actor) && action_matches(e.action, o.action))
      kept.push_back(std::move(e));
  }
  return kept;
}

void print_entries_json(const std::vector<store::AuditEntry>& entries) {
  json out = json::array();
  for (const auto& e : entries)
    out.push_back({{"id", e.id},
                   {"at", time_text(e.at)},
                   {"actor", e.actor},
                   {"action", e.action},
                   {"object", e.object},
                   {"details", e.details}});
  print_json(std::cout, out);
}

void print_entries_table(const std::vector<store::AuditEntry>& entries) {
  TextRows rows{{"ID", "AT", "ACTOR", "ACTION", "OBJECT", "DETAILS"}};
  for (const auto& e : entries)
    rows.push_back({std::to_string(e.id), time_text(e.at), e.actor, e.action, e.object,
                    e.details.is_null()
                        ? ""
                        : e.details.dump(-1, ' ', false, json::error_handler_t::replace)});
  print_table(std::cout, rows);
  std::cout << fmt::format("{} entr{} (newest first)\n", entries.size(),
                           entries.size() == 1 ? "y" : "ies");
}

int run_list(const AuditCliOptions& o) {
  auto db = open_store_for(o.store, kAuditCommand, StoreAccess::Read);
  if (!db) return kExitError;
  auto entries = audit_entries(*db, o);
  if (!entries.ok()) return command_error(kAuditCommand, entries.error().message);
  if (o.format == "json")
    print_entries_json(*entries);
  else
    print_entries_table(*entries);
  return kExitOk;
}

}  // namespace

void add_audit_command(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<AuditCliOptions>();
  auto* cmd = app.add_subcommand(
      "audit", "The audit log: exception grants, revocations and expiries, group changes");
  cmd->require_subcommand(1);
  auto* list = cmd->add_subcommand("list", "List audit entries, newest first");
  add_store_options(*list, o->store);
  list->add_option("--limit", o->limit, "At most N entries (0: all)")->capture_default_str();
  list->add_option("--actor", o->actor, "Only entries by this actor (as recorded, e.g. alice)");
  list->add_option("--action", o->action,
                   "Only this action (e.g. exception.grant), or a family without a dot "
                   "(exception, group)");
  list->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  list->callback([=] { *exit_code = run_list(*o); });
}

}  // namespace vigil::cli
