// vigil users add NAME [--role viewer|operator|admin] [--groups G,...] [--password-stdin]
// vigil users list [--format table|json]
// vigil users reset-password NAME
// vigil users disable NAME | enable NAME | remove NAME
// Every command takes --db FILE or --config vigil.yaml. The users are those
// of the HTTP API (`vigil serve`, docs/api.md "Access control"). Without
// --password-stdin a one-time password is made and printed: the user must
// change it at first sign-in. Every change is in the audit log, with the
// operating-system user who ran the command.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <iostream>
#include <memory>

#include "auth/accounts.h"
#include "auth/password.h"
#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/tracker_common.h"

namespace vigil::cli {
namespace {

using json = nlohmann::ordered_json;
const char* kUsersCommand = "users";

struct UsersCliOptions {
  StoreOptions store;
  std::string name;
  std::string role = "viewer";
  std::vector<std::string> groups;
  bool password_stdin = false;
  std::string format = "table";
};

std::string actor() {
  const char* login = ::getlogin();
  const char* user = login ? login : std::getenv("USER");
  return fmt::format("cli:{}", user ? user : std::to_string(::getuid()));
}

store::AuditEntry entry(std::string action, const std::string& name, nlohmann::json details) {
  store::AuditEntry e;
  e.at = std::chrono::system_clock::now();
  e.actor = actor();
  e.action = std::move(action);
  e.object = "user:" + name;
  e.details = std::move(details);
  return e;
}

int run_add(const UsersCliOptions& o) {
  auto role = auth::parse_role(o.role);
  if (!role)
    return command_error(kUsersCommand,
                         fmt::format("--role {}: use viewer, operator or admin", o.role));
  auth::NewUser user;
  user.name = o.name;
  user.role = *role;
  user.groups = o.groups;
  if (o.password_stdin) {
    if (!std::getline(std::cin, user.password))
      return command_error(kUsersCommand, "--password-stdin: no password on standard input");
  } else {
    user.password = auth::one_time_password();
    user.must_change_password = true;
  }
  auto db = open_store_for(o.store, kUsersCommand, StoreAccess::Create);
  if (!db) return kExitError;
  auto added = auth::add_user(*db, user, actor(), std::chrono::system_clock::now());
  if (!added.ok()) return command_error(kUsersCommand, added.error().message);
  std::cout << fmt::format(
      "user {} added ({}{})\n", user.name, o.role,
      user.groups.empty() ? "" : ", groups " + fmt::format("{}", fmt::join(user.groups, ",")));
  if (user.must_change_password)
    std::cout << fmt::format("one-time password: {}\n(to be changed at first sign-in)\n",
                             user.password);
  return kExitOk;
}

int run_list(const UsersCliOptions& o) {
  auto db = open_store_for(o.store, kUsersCommand, StoreAccess::Read);
  if (!db) return kExitError;
  auto users = db->users();
  if (!users.ok()) return command_error(kUsersCommand, users.error().message);
  if (o.format == "json") {
    json out = json::array();
    for (const auto& u : *users)
      out.push_back({{"name", u.name},
                     {"role", u.role},
                     {"groups", u.groups},
                     {"disabled", u.disabled},
                     {"must_change_password", u.must_change_password},
                     {"created", time_text(u.created)}});
    print_json(std::cout, out);
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows{{"NAME", "ROLE", "GROUPS", "STATE", "CREATED"}};
  for (const auto& u : *users)
    rows.push_back({u.name, u.role,
                    u.groups.empty() ? "(all)" : fmt::format("{}", fmt::join(u.groups, ",")),
                    u.disabled               ? "disabled"
                    : u.must_change_password ? "one-time password"
                                             : "active",
                    time_text(u.created)});
  print_table(std::cout, rows);
  std::cout << fmt::format("{} user{}\n", users->size(), users->size() == 1 ? "" : "s");
  return kExitOk;
}

// reset-password, disable, enable: a change to one stored user.
int run_change(const UsersCliOptions& o, const std::string& what) {
  auto db = open_store_for(o.store, kUsersCommand, StoreAccess::Write);
  if (!db) return kExitError;
  auto found = db->user(o.name);
  if (!found.ok()) return command_error(kUsersCommand, found.error().message);
  if (!*found)
    return command_error(kUsersCommand,
                         fmt::format("no user named {}; see `vigil users list`", o.name));
  store::UserRecord user = **found;
  std::string password;
  if (what == "reset-password") {
    password = auth::one_time_password();
    auto hash = auth::hash_password(password);
    if (!hash.ok()) return command_error(kUsersCommand, hash.error().message);
    user.password_hash = *hash;
    user.must_change_password = true;
  } else {
    user.disabled = what == "disable";
  }
  bool end_sessions = what != "enable";
  if (Status s = db->update_user(user, end_sessions,
                                 entry("user." + what, o.name, nlohmann::json::object()));
      !s.ok())
    return command_error(kUsersCommand, s.error().message);
  if (!password.empty())
    std::cout << fmt::format(
        "one-time password for {}: {}\n(to be changed at first sign-in; their sessions "
        "have ended)\n",
        o.name, password);
  else
    std::cout << fmt::format("user {} {}d\n", o.name, what);
  return kExitOk;
}

int run_remove(const UsersCliOptions& o) {
  auto db = open_store_for(o.store, kUsersCommand, StoreAccess::Write);
  if (!db) return kExitError;
  if (Status s = db->delete_user(o.name, entry("user.delete", o.name, nlohmann::json::object()));
      !s.ok())
    return command_error(kUsersCommand, s.error().message);
  std::cout << fmt::format("user {} removed, with their sessions and API tokens\n", o.name);
  return kExitOk;
}

}  // namespace

void add_users_command(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<UsersCliOptions>();
  auto* cmd = app.add_subcommand(
      "users", "Users of the HTTP API: add, list, reset a password, disable, remove");
  cmd->require_subcommand(1);

  auto* add =
      cmd->add_subcommand("add", "Add a user (prints a one-time password unless --password-stdin)");
  add->add_option("name", o->name, "User name (letters, digits, . _ @ -)")->required();
  add->add_option("--role", o->role, "viewer, operator or admin")->capture_default_str();
  add->add_option("--groups", o->groups, "Limit the user to these asset groups (comma-separated)")
      ->delimiter(',');
  add->add_flag("--password-stdin", o->password_stdin,
                "Read the password from the first line of standard input");
  add_store_options(*add, o->store);
  add->callback([=] { *exit_code = run_add(*o); });

  auto* list = cmd->add_subcommand("list", "List users");
  list->add_option("--format", o->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  add_store_options(*list, o->store);
  list->callback([=] { *exit_code = run_list(*o); });

  for (const char* what : {"reset-password", "disable", "enable"}) {
    auto* change = cmd->add_subcommand(
        what, std::string(what) == "reset-password"
                  ? "Give a user a new one-time password and end their sessions"
              : std::string(what) == "disable" ? "Stop a user from signing in (ends their sessions)"
                                               : "Let a disabled user sign in again");
    change->add_option("name", o->name, "User name")->required();
    add_store_options(*change, o->store);
    change->callback([=, what = std::string(what)] { *exit_code = run_change(*o, what); });
  }

  auto* remove = cmd->add_subcommand("remove", "Remove a user, their sessions and API tokens");
  remove->add_option("name", o->name, "User name")->required();
  add_store_options(*remove, o->store);
  remove->callback([=] { *exit_code = run_remove(*o); });
}

}  // namespace vigil::cli
