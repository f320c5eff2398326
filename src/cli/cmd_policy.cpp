// vigil policy validate | list | test
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/policy_fields.h"
#include "cli/policy_load.h"
#include "connectors/aws/catalog.h"
#include "core/text_table.h"
#include "fix/autofix_check.h"
#include "policy/policy_set.h"
#include "policy/test_runner.h"

namespace vigil::cli {
namespace {

using json = nlohmann::ordered_json;

// Errors, then the field-name warnings of policies that load
// (cli/policy_fields.h). Warnings fail validation only with --strict.
int run_validate(const std::vector<std::string>& paths, const std::string& format, bool strict) {
  LoadOptions options;
  options.include_disabled = true;
  options.known_types = aws::asset_types();
  auto loaded = PolicySet::load(paths, options);
  std::string note;
  if (loaded.ok()) {
    // `autofix:` names an action that serves the policy (the registry is fix/'s, not policy/'s).
    for (Diagnostic& d : fix::policy_problems(loaded.set))
      loaded.diagnostics.push_back(std::move(d));
  }
  if (loaded.ok()) {
    std::vector<Diagnostic> fields = policy_field_warnings(loaded.set, note);
    loaded.diagnostics.insert(loaded.diagnostics.end(), fields.begin(), fields.end());
  }
  size_t warnings =
      std::count_if(loaded.diagnostics.begin(), loaded.diagnostics.end(),
                    [](const Diagnostic& d) { return d.level == Diagnostic::Level::Warning; });
  bool ok = loaded.ok() && !(strict && warnings > 0);
  if (!note.empty()) std::cerr << "note: " << note << '\n';
  if (format == "json") {  // every diagnostic with its code, on stdout (core/diagnostic.h)
    std::cout << diagnostics_json(loaded.diagnostics) << '\n';
    return ok ? kExitOk : kExitError;
  }
  size_t errors = print_diagnostics(loaded.diagnostics);
  if (!loaded.ok()) {
    std::cerr << fmt::format("{} error{} in policy files\n", errors, errors == 1 ? "" : "s");
    return kExitError;
  }
  size_t n = loaded.set.policies().size();
  std::cout << fmt::format("{} polic{} OK", n, n == 1 ? "y" : "ies");
  if (warnings > 0)
    std::cout << fmt::format(", {} warning{}{}", warnings, warnings == 1 ? "" : "s",
                             strict ? " (--strict: failed)" : "");
  std::cout << '\n';
  return ok ? kExitOk : kExitError;
}

json value_json(const cel::Value& v) {
  std::string text = cel::to_json_text(v);
  json parsed = json::parse(text, nullptr, false);
  return parsed.is_discarded() ? json(v.debug_string()) : parsed;
}

json policy_json(const CompiledPolicy& compiled) {
  const Policy& p = compiled.policy;
  json frameworks = json::object();
  for (const auto& [framework, controls] : p.frameworks) frameworks[framework] = controls;
  json params = json::array();
  for (const Param& param : p.params) {
    params.push_back({{"name", param.name},
                      {"type", std::string(to_string(param.type))},
                      {"default", value_json(param.default_value)},
                      {"description", param.description}});
  }
  return {{"id", p.id},
          {"title", p.title},
          {"resource", p.resource},
          {"severity", std::string(to_string(p.severity))},
          {"category", std::string(to_string(p.category))},
          {"enabled", p.enabled},
          {"description", p.description},
          {"rationale", p.rationale},
          {"remediation", p.remediation},
          {"references", p.references},
          {"frameworks", frameworks},
          {"params", params},
          {"condition", p.condition.text},
          {"message", p.message ? json(p.message->text) : json(nullptr)},
          {"tests", p.tests.size()},
          {"file", p.pos.file},
          {"line", p.pos.line}};
}

void print_policy_table(const PolicySet& set) {
  TextRows rows;
  rows.push_back({"ID", "SEVERITY", "CATEGORY", "RESOURCE", "TITLE"});
  for (const auto& compiled : set.policies()) {
    const Policy& p = compiled->policy;
    rows.push_back({p.id, std::string(to_string(p.severity)), std::string(to_string(p.category)),
                    p.resource, p.enabled ? p.title : p.title + " (disabled)"});
  }
  print_table(std::cout, rows);
}

int run_list(const std::vector<std::string>& paths, const std::string& format) {
  auto set = load_policies_or_report(paths);
  if (!set) return kExitError;
  if (format == "json") {
    json out = json::array();
    for (const auto& compiled : set->policies()) out.push_back(policy_json(*compiled));
    std::cout << out.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
  } else {
    print_policy_table(*set);
  }
  return kExitOk;
}

int run_test(const std::vector<std::string>& paths) {
  auto set = load_policies_or_report(paths);
  if (!set) return kExitError;
  size_t passed = 0, failed = 0;
  for (const PolicyTestResult& r : run_policy_tests(*set)) {
    std::string name = fmt::format("{}: {}", r.policy_id, r.test_name);
    if (r.passed) {
      ++passed;
      std::cout << "PASS  " << name << '\n';
      continue;
    }
    ++failed;
    std::string where = fmt::format("{}:{}:{}", r.pos.file, r.pos.line, r.pos.column);
    std::string reason;
    if (!r.error.empty()) {
      reason = "broken test case: " + r.error;
    } else {
      reason = r.mismatch;
    }
    std::cout << "FAIL  " << name << "\n      " << where << ": " << reason << '\n';
  }
  std::cout << fmt::format("{} passed, {} failed\n", passed, failed);
  return failed == 0 ? kExitOk : kExitError;
}

}  // namespace

void add_policy_command(CLI::App& app, int* exit_code) {
  auto* policy = app.add_subcommand("policy", "Validate, list and test policy files");
  policy->require_subcommand(1);

  auto paths = std::make_shared<std::vector<std::string>>();
  auto format = std::make_shared<std::string>("table");

  auto* validate = policy->add_subcommand(
      "validate",
      "Load policy files and report every error and warning (file:line:col, with a caret), "
      "field names no asset of the resource type has included; exit 1 on errors");
  validate->add_option("paths", *paths, "Policy files or directories (*.yaml, *.yml, recursively)")
      ->required();
  auto validate_format = std::make_shared<std::string>("text");
  validate
      ->add_option("--format", *validate_format,
                   "text: diagnostics on stderr as file:line:col with a caret; json: "
                   "{ok, errors, warnings, diagnostics: [{level, code, file, line, column, "
                   "message, hint, source_line}]} on stdout")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  auto strict = std::make_shared<bool>(false);
  validate->add_flag("--strict", *strict,
                     "Fail (exit 1) on warnings too, e.g. a field name no asset of the "
                     "policy's resource type has");
  validate->callback([=] { *exit_code = run_validate(*paths, *validate_format, *strict); });

  auto* list = policy->add_subcommand("list", "List policies with their metadata");
  list->add_option("paths", *paths, "Policy files or directories")->required();
  list->add_option("--format", *format, "Output format (json includes frameworks and params)")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  list->callback([=] { *exit_code = run_list(*paths, *format); });

  auto* test = policy->add_subcommand(
      "test",
      "Run the test cases inside policy files; ends with 'N passed, M failed', exit 1 on failure");
  test->add_option("paths", *paths, "Policy files or directories")->required();
  auto mutate = std::make_shared<bool>(false);
  auto test_format = std::make_shared<std::string>("text");
  auto min_score = std::make_shared<double>(0);
  test->add_flag("--mutate", *mutate,
                 "Mutation testing: mutate each let and condition, rerun the policy's tests, "
                 "report survivors and a mutation score (docs/writing-policies.md)");
  auto coverage = std::make_shared<bool>(false);
  test->add_flag("--coverage", *coverage,
                 "Branch coverage: which operands of && and || and which ternary conditions of "
                 "each let and condition the tests made true and false, and where one never was "
                 "(docs/writing-policies.md)");
  test->add_option("--format", *test_format, "With --mutate or --coverage: text, or json for CI")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  test->add_option("--min-score", *min_score,
                   "With --mutate: exit 1 when the overall mutation score (percent) is below this")
      ->check(CLI::Range(0.0, 100.0));
  test->callback([=] {
    *exit_code = *mutate     ? run_mutation_test(*paths, *test_format, *min_score)
                 : *coverage ? run_coverage_test(*paths, *test_format)
                             : run_test(*paths);
  });

  add_policy_docs_subcommand(*policy, exit_code);
}

}  // namespace vigil::cli
