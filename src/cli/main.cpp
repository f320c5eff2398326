// vigil: the command line. Each subcommand lives in its own cmd_*.cpp.
#include <CLI/CLI.hpp>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/source_input.h"

#ifndef VIGIL_VERSION
#define VIGIL_VERSION "0.0.0"
#endif

int main(int argc, char** argv) {
  CLI::App app{
      "Vigil: continuous cloud security compliance. Policies are YAML files with CEL conditions;\n"
      "vigil evaluates them over an inventory of cloud assets and reports every violation."};
  app.name("vigil");
  // The version and where the built-in pack was found (cli/source_input.h).
  std::string pack = vigil::cli::default_policies_dir();
  app.set_version_flag("--version",
                       std::string("vigil " VIGIL_VERSION "\nbuilt-in policies: ") +
                           (pack.empty() ? "none found (give --policies PATH)" : pack),
                       "Print the version and where the built-in policies are, and exit");
  app.require_subcommand(1);
  app.footer(
      "Exit codes:\n"
      "  0  success\n"
      "  1  error: bad input, policy load errors, failed policy tests, usage errors\n"
      "  2  scan: a violation at or above --fail-on was found\n"
      "  3  scan --capture: the capture was read partially (failed scopes, malformed files)\n"
      "\n"
      "Run 'vigil SUBCOMMAND --help' for the options of each subcommand.");

  int exit_code = vigil::cli::kExitOk;
  vigil::cli::add_policy_command(app, &exit_code);
  vigil::cli::add_expr_command(app, &exit_code);
  vigil::cli::add_scan_command(app, &exit_code);
  vigil::cli::add_inventory_command(app, &exit_code);
  vigil::cli::add_inventory_diff_command(*app.get_subcommand("inventory"), &exit_code);
  vigil::cli::add_violations_command(app, &exit_code);
  vigil::cli::add_exceptions_command(app, &exit_code);
  vigil::cli::add_audit_command(app, &exit_code);
  vigil::cli::add_users_command(app, &exit_code);
  vigil::cli::add_groups_command(app, &exit_code);
  vigil::cli::add_report_command(app, &exit_code);
  vigil::cli::add_scans_command(app, &exit_code);
  vigil::cli::add_serve_command(app, &exit_code);
  vigil::cli::add_worker_command(app, &exit_code);
  vigil::cli::add_collect_command(app, &exit_code);
  vigil::cli::add_frameworks_command(app, &exit_code);
  vigil::cli::add_access_command(app, &exit_code);
  vigil::cli::add_export_command(app, &exit_code);
  vigil::cli::add_fix_command(app, &exit_code);
  vigil::cli::add_config_command(app, &exit_code);
  vigil::cli::add_store_command(app, &exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with code 0; everything else is a
    // usage error, exit 1 (2 is reserved for scan violations).
    return app.exit(e) == 0 ? vigil::cli::kExitOk : vigil::cli::kExitError;
  }
  return exit_code;
}
