// The vigil subcommands. Each add_*_command() registers one subcommand on
// `app`; when the user runs it, its callback stores the subcommand's exit
// code (see cli_util.h) in *exit_code.
#pragma once

#include <CLI/CLI.hpp>

namespace vigil::cli {

void add_policy_command(CLI::App& app, int* exit_code);  // validate, list, test, docs
void add_policy_docs_subcommand(CLI::App& policy, int* exit_code);  // `policy docs` (cmd_policy_docs.cpp)
// `policy test --mutate` (cmd_policy_mutate.cpp): returns the exit code.
int run_mutation_test(const std::vector<std::string>& paths, const std::string& format,
                      double min_score);
// `policy test --coverage` (cmd_policy_coverage.cpp): returns the exit code.
int run_coverage_test(const std::vector<std::string>& paths, const std::string& format);
void add_expr_command(CLI::App& app, int* exit_code);
void add_scan_command(CLI::App& app, int* exit_code);
void add_inventory_command(CLI::App& app, int* exit_code);  // list, show (AWS capture directories)
// The store's subcommands (tracker_common.h: --db FILE | --config vigil.yaml).
void add_inventory_diff_command(CLI::App& inventory, int* exit_code);  // `inventory diff`, on the inventory subcommand
void add_violations_command(CLI::App& app, int* exit_code);            // list, show
void add_exceptions_command(CLI::App& app, int* exit_code);            // add, list, revoke
void add_audit_command(CLI::App& app, int* exit_code);                 // list (cmd_audit.cpp)
void add_users_command(CLI::App& app,
                       int* exit_code);  // add, list, reset-password, ... (cmd_users.cpp)
void add_groups_command(CLI::App& app, int* exit_code);                // add, list, show
void add_report_command(CLI::App& app, int* exit_code);                // summary, framework
void add_report_framework_subcommand(
    CLI::App& report, int* exit_code);  // `report framework` (cmd_report_framework.cpp)
void add_scans_command(CLI::App& app, int* exit_code);                 // list, show
void add_store_command(CLI::App& app, int* exit_code);                 // migrate (cmd_store.cpp)
void add_config_command(CLI::App& app, int* exit_code);  // validate (vigil.yaml and its policies)
void add_serve_command(CLI::App& app, int* exit_code);                 // continuous scanning (vigil.yaml)
void add_worker_command(CLI::App& app,
                        int* exit_code);  // jobs of the store's queue (daemon/worker.h)
void add_collect_command(CLI::App& app, int* exit_code);    // collect aws (live AWS -> capture directory)
void add_frameworks_command(CLI::App& app, int* exit_code);  // list, coverage
void add_access_command(CLI::App& app, int* exit_code);      // explain (iam/reach.h)
void add_export_command(CLI::App& app, int* exit_code);
void add_fix_command(CLI::App& app,
                     int* exit_code);  // plan, apply, undo, list, recover (cmd_fix.cpp)  //
                                       // securityhub (ASFF, BatchImportFindings)

}  // namespace vigil::cli
