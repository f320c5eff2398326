#include "cli/tracker_common.h"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "cli/cli_util.h"
#include "core/csv.h"
#include "core/time_text.h"

namespace vigil::cli {

void add_store_options(CLI::App& command, StoreOptions& options) {
  command.add_option(
      "--db", options.db,
      "The store: a SQLite file (as written by `vigil scan --db` / `vigil serve`) or a "
      "postgresql:// URL");
  command
      .add_option("--config", options.config,
                  "vigil.yaml: use the store it names (docs/configuration.md)")
      ->check(CLI::ExistingFile)
      ->excludes("--db");
}

int command_error(const std::string& command, const std::string& message) {
  std::cerr << "vigil " << command << ": " << message << '\n';
  return kExitError;
}

std::unique_ptr<daemon::Config> load_config_for(const StoreOptions& options,
                                                const std::string& command) {
  if (options.config.empty()) return std::make_unique<daemon::Config>();
  daemon::ConfigLoad load = daemon::load_config(options.config);
  size_t errors = print_diagnostics(load.diagnostics);
  if (errors > 0 || !load.ok()) {
    command_error(command,
                  fmt::format("{} error{} in {}", errors, errors == 1 ? "" : "s", options.config));
    return nullptr;
  }
  return std::make_unique<daemon::Config>(std::move(load.config));
}

std::unique_ptr<store::Store> open_store_for(const StoreOptions& options,
                                             const std::string& command, StoreAccess access) {
  const bool must_exist = access != StoreAccess::Create;
  std::string location = options.db;
  if (location.empty() && !options.config.empty()) {
    auto config = load_config_for(options, command);
    if (!config) return nullptr;
    location = config->store;
  }
  if (location.empty()) {
    command_error(command,
                  "no store given; pass --db FILE (a SQLite file), --db postgresql://... "
                  "or --config vigil.yaml");
    return nullptr;
  }
  std::string path = location.rfind("sqlite:", 0) == 0 ? location.substr(7) : location;
  if (must_exist && location.find("://") == std::string::npos && !std::filesystem::exists(path)) {
    command_error(command,
                  fmt::format("no store at {}; record a scan first with `vigil scan ... --db {}`",
                              path, path));
    return nullptr;
  }
  auto opened = store::open_store(
      location, access == StoreAccess::Read ? store::OpenMode::ReadOnly : store::OpenMode::ReadWrite);
  if (!opened.ok()) {
    command_error(command,
                  fmt::format("cannot open the store {}: {}", location, opened.error().message));
    return nullptr;
  }
  return std::move(opened.value());
}

void print_json(std::ostream& out, const nlohmann::ordered_json& value) {
  out << value.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

std::string time_text(store::Time t) { return vigil::format_time(t); }

Result<store::Time> parse_cli_time(const std::string& text, store::Time now, bool ahead) {
  if (text == "now") return now;
  if (!text.empty() && text[0] >= '0' && text[0] <= '9' && text.find('-') == std::string::npos) {
    auto d = parse_span(text);
    if (!d.ok()) return d.error();
    return ahead ? now + *d : now - *d;
  }
  return vigil::parse_time(text);
}

}  // namespace vigil::cli
