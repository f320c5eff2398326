// The vigil subcommands. Each add_*_command() registers one subcommand on
// `app`; when the user runs it, its callback stores the subcommand's exit
// code (see cli_util.h) in *exit_code.
#pragma once

#include <CLI/CLI.hpp>

namespace vigil::cli {

void add_policy_command(CLI::App& app, int* exit_code);  // validate, list, test
void add_expr_command(CLI::App& app, int* exit_code);
void add_scan_command(CLI::App& app, int* exit_code);
void add_inventory_command(CLI::App& app, int* exit_code);  // list, show (AWS capture directories)
void add_collect_command(CLI::App& app, int* exit_code);    // collect aws (live AWS -> capture directory)

}  // namespace vigil::cli
