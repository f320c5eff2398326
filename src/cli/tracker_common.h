// Helpers shared by the subcommands that read or change the store
// (violations, exceptions, groups, report, scans, inventory diff, scan --db):
// where the store is, opening it, rendering tables, JSON and CSV.
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "core/result.h"
#include "core/text_table.h"
#include "daemon/config.h"
#include "store/store.h"

namespace vigil::cli {

// --db FILE and --config FILE (the store named in vigil.yaml), shared by
// every store subcommand.
struct StoreOptions {
  std::string db;
  std::string config;
};
void add_store_options(CLI::App& command, StoreOptions& options);

// The configuration when --config is given (errors printed as diagnostics),
// else the defaults. nullptr after printing errors.
std::unique_ptr<daemon::Config> load_config_for(const StoreOptions& options, const std::string& command);

// Opens the store of --db, else of --config's `store:`; prints the error
// prefixed with `command` and returns nullptr on failure. Reading commands
// refuse to create an empty store by mistake.
// How a command uses the store: Read (must exist; opened read-only, so a
// file the user may only read works), Write (must exist), Create (created
// if missing).
enum class StoreAccess { Read, Write, Create };
std::unique_ptr<store::Store> open_store_for(const StoreOptions& options, const std::string& command,
                                             StoreAccess access);

// Tables and CSV: print_table, print_csv (core/text_table.h).
void print_json(std::ostream& out, const nlohmann::ordered_json& value);

// "vigil COMMAND: message" on stderr; returns kExitError.
int command_error(const std::string& command, const std::string& message);

// "2026-11-26T10:00:00Z"
std::string time_text(store::Time t);
// RFC 3339, a date, "now", or a duration relative to now ("30d" ahead for
// `ahead`, ago otherwise: `--from 7d`).
Result<store::Time> parse_cli_time(const std::string& text, store::Time now, bool ahead);

}  // namespace vigil::cli
