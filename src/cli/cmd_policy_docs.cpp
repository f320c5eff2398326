// vigil policy docs [PATH...]: the Markdown catalogue of a policy set
// (docs/policies.md is this command's output for policies/).
#include <iostream>
#include <memory>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/policy_load.h"
#include "connectors/aws/catalog.h"
#include "policy/policy_docs.h"

namespace vigil::cli {

namespace {

int run_policy_docs(const std::vector<std::string>& paths) {
  auto set = load_policies_or_report(paths);
  if (!set) {
    std::cerr << "vigil policy docs: nothing written\n";
    return kExitError;
  }
  std::string source;
  for (const auto& p : paths) source += (source.empty() ? "" : " ") + p;
  std::cout << policy_docs_markdown(*set, source);
  return kExitOk;
}

}  // namespace

void add_policy_docs_subcommand(CLI::App& policy, int* exit_code) {
  auto paths = std::make_shared<std::vector<std::string>>();
  auto* docs = policy.add_subcommand("docs",
                                     "Print the Markdown catalogue of the policies "
                                     "(docs/policies.md is `vigil policy docs policies/`)");
  docs->add_option("paths", *paths, "Policy files or directories")->required();
  docs->callback([=] { *exit_code = run_policy_docs(*paths); });
}

}  // namespace vigil::cli
