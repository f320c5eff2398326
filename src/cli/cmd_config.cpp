// vigil config validate --config vigil.yaml [--format text|json]
//
// Loads the configuration and the policy set it selects, as `vigil serve`
// does, and reports every diagnostic (core/diagnostic.h): as file:line:col
// with a caret on stderr, or as JSON with codes on stdout. Exit 1 on errors.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/deployment.h"

namespace vigil::cli {
namespace {

struct ConfigCliOptions {
  std::string config;
  std::string format = "text";
};

int run_validate(const ConfigCliOptions& o) {
  DeploymentLoad deployment = load_deployment(o.config);
  if (o.format == "json") {
    std::cout << diagnostics_json(deployment.diagnostics) << '\n';
    return deployment.ok() ? kExitOk : kExitError;
  }
  size_t errors = print_diagnostics(deployment.diagnostics);
  if (errors > 0 || !deployment.ok()) {
    std::cerr << fmt::format("{} error{} in {} or its policies\n", errors, errors == 1 ? "" : "s",
                             o.config);
    return kExitError;
  }
  const daemon::Config& c = deployment.config;
  std::cout << fmt::format("{} OK: {} source{}, {} policies, {} group{}, store {}\n", o.config,
                           c.sources.size(), c.sources.size() == 1 ? "" : "s",
                           deployment.policies->policies().size(), c.groups.size(),
                           c.groups.size() == 1 ? "" : "s", c.store);
  return kExitOk;
}

}  // namespace

void add_config_command(CLI::App& app, int* exit_code) {
  auto* config = app.add_subcommand("config", "Check a deployment's vigil.yaml");
  config->require_subcommand(1);
  auto o = std::make_shared<ConfigCliOptions>();
  auto* validate = config->add_subcommand(
      "validate",
      "Load vigil.yaml and the policies it selects, as `vigil serve` would, and report every "
      "error and warning; exit 1 on errors");
  validate->add_option("--config", o->config, "vigil.yaml (docs/configuration.md)")
      ->required()
      ->check(CLI::ExistingFile);
  validate
      ->add_option("--format", o->format,
                   "text: file:line:col with a caret on stderr; json: {ok, errors, warnings, "
                   "diagnostics: [{level, code, file, line, column, message, hint, "
                   "source_line}]} on stdout")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  validate->callback([=] { *exit_code = run_validate(*o); });
}

}  // namespace vigil::cli
