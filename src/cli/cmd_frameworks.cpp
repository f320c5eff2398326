// vigil frameworks list [--policies PATH...] [--format table|json]
// vigil frameworks coverage FRAMEWORK [--policies PATH...] [--format table|json]
//
// Which compliance frameworks the policy pack maps to, and for a framework
// with a control catalogue (frameworks/*.yaml) every control with the
// policies that implement it and the controls not covered.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/source_input.h"
#include "policy/frameworks.h"

namespace vigil::cli {
namespace {

struct FrameworksOptions {
  std::vector<std::string> policies;
  std::string catalogs;
  std::string format = "table";
  std::string framework;
};

int fail_frameworks(const std::string& message) {
  std::cerr << "vigil frameworks: " << message << '\n';
  return kExitError;
}

struct Loaded {
  PolicySet policies;
  std::vector<FrameworkCatalog> catalogs;
};

Result<Loaded> load(const FrameworksOptions& o) {
  std::vector<std::string> paths = policy_paths_or_builtin(o.policies);
  if (paths.empty())
    return error_message("no --policies given and no built-in policies/ folder found");
  auto loaded = PolicySet::load(paths);
  size_t errors = print_diagnostics(loaded.diagnostics);
  if (errors > 0 || !loaded.ok()) return error_message(fmt::format("{} error(s) in policy files", errors));
  std::string dir = o.catalogs.empty() ? default_catalogs_dir() : o.catalogs;
  Loaded out{std::move(loaded.set), {}};
  if (!dir.empty() && std::filesystem::is_directory(dir)) {
    auto catalogs = load_framework_catalogs(dir);
    if (!catalogs.ok()) return catalogs.error();
    out.catalogs = std::move(catalogs.value());
  } else if (!o.catalogs.empty()) {
    return error_message(fmt::format("--catalogs {}: not a directory", o.catalogs));
  }
  return out;
}

const FrameworkCatalog* find_catalog(const std::vector<FrameworkCatalog>& catalogs, std::string_view id) {
  for (const auto& c : catalogs)
    if (c.id == id) return &c;
  return nullptr;
}

int run_list(const FrameworksOptions& o) {
  auto loaded = load(o);
  if (!loaded.ok()) return fail_frameworks(loaded.error().message);
  auto usage = framework_usage(loaded->policies);
  for (const auto& catalog : loaded->catalogs)
    if (std::none_of(usage.begin(), usage.end(), [&](const auto& u) { return u.id == catalog.id; }))
      usage.push_back({catalog.id, 0, 0});
  std::sort(usage.begin(), usage.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  if (o.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& u : usage) {
      nlohmann::json row = {{"id", u.id}, {"policies", u.policies}, {"controls_mapped", u.controls}};
      if (const auto* catalog = find_catalog(loaded->catalogs, u.id)) {
        auto coverage = framework_coverage(*catalog, loaded->policies);
        row["name"] = catalog->name;
        row["version"] = catalog->version;
        row["controls"] = catalog->controls.size();
        row["controls_covered"] = coverage.covered();
      }
      out.push_back(std::move(row));
    }
    std::cout << out.dump(2) << '\n';
    return kExitOk;
  }
  std::cout << fmt::format("{:<20} {:>8} {:>16}  {}\n", "FRAMEWORK", "POLICIES", "CONTROLS", "CATALOGUE");
  for (const auto& u : usage) {
    const auto* catalog = find_catalog(loaded->catalogs, u.id);
    std::string controls = std::to_string(u.controls);
    std::string name = "(no catalogue: mapped controls only)";
    if (catalog) {
      auto coverage = framework_coverage(*catalog, loaded->policies);
      controls = fmt::format("{}/{} covered", coverage.covered(), catalog->controls.size());
      name = fmt::format("{} v{}", catalog->name, catalog->version);
    }
    std::cout << fmt::format("{:<20} {:>8} {:>16}  {}\n", u.id, u.policies, controls, name);
  }
  return kExitOk;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

int run_coverage(const FrameworksOptions& o) {
  auto loaded = load(o);
  if (!loaded.ok()) return fail_frameworks(loaded.error().message);
  const FrameworkCatalog* catalog = find_catalog(loaded->catalogs, o.framework);
  if (!catalog) {
    std::string known;
    for (const auto& c : loaded->catalogs) known += (known.empty() ? "" : ", ") + c.id;
    return fail_frameworks(fmt::format("no control catalogue for '{}'; catalogues: {}", o.framework,
                                       known.empty() ? "(none found)" : known));
  }
  FrameworkCoverage coverage = framework_coverage(*catalog, loaded->policies);
  if (o.format == "json") {
    nlohmann::json controls = nlohmann::json::array();
    for (const auto& c : coverage.controls)
      controls.push_back({{"id", c.control->id}, {"title", c.control->title}, {"level", c.control->level},
                          {"assessment", c.control->assessment}, {"policies", c.policies},
                          {"covered", !c.policies.empty()}});
    nlohmann::json unknown = nlohmann::json::array();
    for (const auto& [policy, control] : coverage.unknown_controls)
      unknown.push_back({{"policy", policy}, {"control", control}});
    nlohmann::json out = {{"framework", catalog->id},
                          {"name", catalog->name},
                          {"version", catalog->version},
                          {"controls", std::move(controls)},
                          {"summary",
                           {{"controls", catalog->controls.size()},
                            {"covered", coverage.covered()},
                            {"automated", coverage.total("automated")},
                            {"automated_covered", coverage.covered("automated")},
                            {"manual", coverage.total("manual")},
                            {"manual_covered", coverage.covered("manual")}}},
                          {"unknown_controls", std::move(unknown)}};
    std::cout << out.dump(2) << '\n';
  } else {
    std::cout << fmt::format("{} v{} ({})\n\n", catalog->name, catalog->version, catalog->id);
    std::cout << fmt::format("{:<8} {:<10} {:<5} {}\n", "CONTROL", "STATUS", "LEVEL", "TITLE / POLICIES");
    for (const auto& c : coverage.controls) {
      std::string status = c.policies.empty() ? "NOT COVERED" : "covered";
      std::cout << fmt::format("{:<8} {:<10} {:<5} {}{}\n", c.control->id, status, c.control->level,
                               c.control->title, c.control->assessment == "manual" ? " [manual]" : "");
      if (!c.policies.empty()) std::cout << fmt::format("{:<25} -> {}\n", "", join(c.policies));
    }
    std::cout << fmt::format("\n{}/{} controls covered; automated {}/{}, manual {}/{}\n", coverage.covered(),
                             catalog->controls.size(), coverage.covered("automated"),
                             coverage.total("automated"), coverage.covered("manual"), coverage.total("manual"));
    for (const auto& [policy, control] : coverage.unknown_controls)
      std::cout << fmt::format("warning: policy '{}' maps to control '{}', which {} does not have\n", policy,
                               control, catalog->id);
  }
  return kExitOk;
}

void add_common(CLI::App* cmd, FrameworksOptions& o) {
  cmd->add_option("--policies", o.policies, "Policy files or folders (default: the built-in pack)");
  cmd->add_option("--catalogs", o.catalogs, "Folder of framework catalogues (default: frameworks/)")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--format", o.format, "table or json")->check(CLI::IsMember({"table", "json"}));
}

}  // namespace

void add_frameworks_command(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<FrameworksOptions>();
  auto* cmd = app.add_subcommand("frameworks", "Compliance frameworks the policies map to, and their coverage");
  cmd->require_subcommand(1);
  auto* list = cmd->add_subcommand("list", "Frameworks named by the policies, with policy and control counts");
  add_common(list, *o);
  list->callback([o, exit_code] { *exit_code = run_list(*o); });
  auto* coverage = cmd->add_subcommand(
      "coverage", "Every control of a framework with the policies implementing it, and the controls not covered");
  coverage->add_option("framework", o->framework, "Framework id, e.g. cis-aws-3.0")->required();
  add_common(coverage, *o);
  coverage->callback([o, exit_code] { *exit_code = run_coverage(*o); });
}

}  // namespace vigil::cli
