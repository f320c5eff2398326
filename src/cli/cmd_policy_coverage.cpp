// vigil policy test --coverage PATH... [--format text|json]: branch coverage
// of each policy's lets and condition by its tests (policy/branch_coverage.h).
// Text: one line per policy (outcomes covered of total), then each branch
// point missing an outcome as file:line:col, the part, the operand and what
// it never was, with its source line and a caret; then the totals. JSON: the
// same as data. Exit 1 when a policy's test fails or a policy cannot be
// instrumented; coverage itself never fails the run.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/policy_load.h"
#include "core/diagnostic.h"
#include "policy/branch_coverage.h"
#include "policy/test_runner.h"

namespace vigil::cli {

namespace {

using json = nlohmann::ordered_json;

// "never true", "never false", or "never reached".
std::string missing(const BranchOutcome& b) {
  if (!b.seen_true && !b.seen_false) return "never reached";
  return b.seen_true ? "never false" : "never true";
}

double percent(size_t covered, size_t total) {
  return total == 0 ? 100.0 : 100.0 * static_cast<double>(covered) / static_cast<double>(total);
}

void print_text(const std::vector<PolicyCoverageReport>& reports) {
  size_t covered = 0, total = 0, full = 0;
  for (const auto& r : reports) {
    if (!r.skipped.empty()) {
      std::cout << fmt::format("{}  not measured: {}\n", r.policy_id, r.skipped);
      continue;
    }
    covered += r.covered();
    total += r.total();
    full += r.covered() == r.total();
    std::cout << fmt::format("{}  {}/{} branch outcomes ({:.1f}%), {} branch points, {} tests\n",
                             r.policy_id, r.covered(), r.total(), percent(r.covered(), r.total()),
                             r.branches.size(), r.tests);
    for (const auto& b : r.branches) {
      if (b.seen_true && b.seen_false) continue;
      std::string line = read_source_line(b.pos.file, b.pos.line);
      std::cout << fmt::format("  {}:{}:{}: {}: `{}` ({} operand) {}\n      {}\n      {}\n",
                               b.pos.file, b.pos.line, b.pos.column, b.part, b.text, b.point.op,
                               missing(b), line, caret_under(line, b.pos.column));
    }
  }
  std::cout << fmt::format(
      "{}/{} branch outcomes covered ({:.1f}%) in {} policies; {} fully covered\n", covered, total,
      percent(covered, total), reports.size(), full);
}

json report_json(const PolicyCoverageReport& r) {
  json branches = json::array();
  for (const auto& b : r.branches) {
    branches.push_back({{"part", b.part},
                        {"operator", b.point.op},
                        {"text", b.text},
                        {"file", b.pos.file},
                        {"line", b.pos.line},
                        {"column", b.pos.column},
                        {"true", b.seen_true},
                        {"false", b.seen_false}});
  }
  json uncovered_lines = json::array();
  for (const auto& b : r.branches)
    if (!(b.seen_true && b.seen_false) &&
        (uncovered_lines.empty() || uncovered_lines.back() != b.pos.line))
      uncovered_lines.push_back(b.pos.line);
  return {{"id", r.policy_id},
          {"file", r.pos.file},
          {"tests", r.tests},
          {"covered", r.covered()},
          {"total", r.total()},
          {"percent", percent(r.covered(), r.total())},
          {"skipped", r.skipped.empty() ? json(nullptr) : json(r.skipped)},
          {"uncovered_lines", uncovered_lines},
          {"branches", branches}};
}

}  // namespace

int run_coverage_test(const std::vector<std::string>& paths, const std::string& format) {
  auto set = load_policies_or_report(paths);
  if (!set) return kExitError;
  size_t failed = 0;
  for (const PolicyTestResult& r : run_policy_tests(*set)) failed += !r.passed;
  std::vector<PolicyCoverageReport> reports;
  bool skipped = false;
  size_t covered = 0, total = 0;
  for (const auto& policy : set->policies()) {
    reports.push_back(branch_coverage(*policy));
    skipped = skipped || !reports.back().skipped.empty();
    covered += reports.back().covered();
    total += reports.back().total();
  }
  if (format == "json") {
    json out = json::array();
    for (const auto& r : reports) out.push_back(report_json(r));
    std::cout << json({{"policies", out},
                       {"covered", covered},
                       {"total", total},
                       {"percent", percent(covered, total)},
                       {"failed_tests", failed}})
                     .dump(2, ' ', false, json::error_handler_t::replace)
              << '\n';
  } else {
    print_text(reports);
    if (failed > 0)
      std::cout << fmt::format("{} test{} failed (run `vigil policy test` for details)\n", failed,
                               failed == 1 ? "" : "s");
  }
  return failed > 0 || skipped ? kExitError : kExitOk;
}

}  // namespace vigil::cli
