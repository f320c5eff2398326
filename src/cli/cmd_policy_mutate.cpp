// vigil policy test --mutate PATH... [--format text|json] [--min-score PCT]:
// mutation testing of the policies (policy/mutation_testing.h). Prints each
// policy's score and every survivor with its source line and a caret under
// the mutated spot, then the overall score. Exit 1 when the overall score is
// below --min-score, when a policy's tests fail unmutated, or when an
// `equivalent_mutants:` entry is stale.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/policy_load.h"
#include "connectors/aws/catalog.h"
#include "core/diagnostic.h"
#include "policy/mutation_testing.h"

namespace vigil::cli {

namespace {

using json = nlohmann::ordered_json;

struct Totals {
  size_t killed = 0, survived = 0, equivalent = 0, invalid = 0, not_run = 0;
  double score() const {
    return killed + survived == 0 ? 1.0 : static_cast<double>(killed) / (killed + survived);
  }
};

void print_text(const std::vector<PolicyMutationReport>& reports, const Totals& totals) {
  for (const auto& r : reports) {
    if (!r.skipped.empty()) {
      std::cout << fmt::format("{}  not mutated: {}\n", r.policy_id, r.skipped);
      continue;
    }
    size_t killed = r.count(MutantFate::Killed), survived = r.count(MutantFate::Survived);
    std::cout << fmt::format("{}  {}/{} killed ({:.1f}%)", r.policy_id, killed, killed + survived,
                             100 * r.score());
    if (size_t e = r.count(MutantFate::Equivalent)) std::cout << fmt::format(", {} equivalent", e);
    if (size_t i = r.count(MutantFate::Invalid)) std::cout << fmt::format(", {} invalid", i);
    if (r.not_run) std::cout << fmt::format(", {} not run (cap)", r.not_run);
    std::cout << '\n';
    for (const auto& m : r.mutants) {
      if (m.fate != MutantFate::Survived) continue;
      std::string line = read_source_line(m.pos.file, m.pos.line);
      std::cout << fmt::format("  SURVIVED {}: {}\n    {}:{}:{}\n      {}\n      {}\n", m.part,
                               m.mutant.description, m.pos.file, m.pos.line, m.pos.column, line,
                               caret_under(line, m.pos.column));
    }
    for (const auto& stale : r.stale_equivalents) std::cout << "  STALE " << stale << '\n';
  }
  std::cout << fmt::format(
      "{}/{} mutants killed ({:.1f}%) in {} policies; {} equivalent, {} invalid, {} not run\n",
      totals.killed, totals.killed + totals.survived, 100 * totals.score(), reports.size(),
      totals.equivalent, totals.invalid, totals.not_run);
}

json report_json(const PolicyMutationReport& r) {
  json survivors = json::array();
  for (const auto& m : r.mutants) {
    if (m.fate != MutantFate::Survived) continue;
    survivors.push_back({{"part", m.part},
                         {"operator", m.mutant.operator_name},
                         {"mutant", m.mutant.description},
                         {"file", m.pos.file},
                         {"line", m.pos.line},
                         {"column", m.pos.column},
                         {"source_line", read_source_line(m.pos.file, m.pos.line)}});
  }
  return {{"id", r.policy_id},
          {"file", r.pos.file},
          {"killed", r.count(MutantFate::Killed)},
          {"survived", r.count(MutantFate::Survived)},
          {"equivalent", r.count(MutantFate::Equivalent)},
          {"invalid", r.count(MutantFate::Invalid)},
          {"not_run", r.not_run},
          {"score", r.score()},
          {"skipped", r.skipped.empty() ? json(nullptr) : json(r.skipped)},
          {"survivors", survivors},
          {"stale_equivalents", r.stale_equivalents}};
}

}  // namespace

int run_mutation_test(const std::vector<std::string>& paths, const std::string& format,
                      double min_score) {
  auto set = load_policies_or_report(paths);
  if (!set) return kExitError;
  std::vector<PolicyMutationReport> reports;
  Totals totals;
  bool broken = false;
  for (const auto& policy : set->policies()) {
    reports.push_back(mutate_policy(*policy));
    const auto& r = reports.back();
    totals.killed += r.count(MutantFate::Killed);
    totals.survived += r.count(MutantFate::Survived);
    totals.equivalent += r.count(MutantFate::Equivalent);
    totals.invalid += r.count(MutantFate::Invalid);
    totals.not_run += r.not_run;
    broken = broken || !r.skipped.empty() || !r.stale_equivalents.empty();
  }
  if (format == "json") {
    json out = json::array();
    for (const auto& r : reports) out.push_back(report_json(r));
    std::cout << json({{"policies", out},
                       {"killed", totals.killed},
                       {"survived", totals.survived},
                       {"equivalent", totals.equivalent},
                       {"invalid", totals.invalid},
                       {"not_run", totals.not_run},
                       {"score", totals.score()}})
                     .dump(2, ' ', false, json::error_handler_t::replace)
              << '\n';
  } else {
    print_text(reports, totals);
  }
  if (100 * totals.score() < min_score) {
    std::cerr << fmt::format("mutation score {:.1f}% is below --min-score {:.1f}%\n",
                             100 * totals.score(), min_score);
    return kExitError;
  }
  return broken ? kExitError : kExitOk;
}

}  // namespace vigil::cli
