// branch_coverage: instrument each let and the condition, run the tests,
// read back which outcome each branch point had.
#include "policy/branch_coverage.h"

#include <fmt/format.h>

#include <optional>

#include "policy/policy_compiler.h"
#include "policy/test_runner.h"
#include "policy/vigil_functions.h"

namespace vigil {

size_t PolicyCoverageReport::covered() const {
  size_t n = 0;
  for (const BranchOutcome& b : branches) n += size_t(b.seen_true) + size_t(b.seen_false);
  return n;
}

namespace {

constexpr std::string_view kRecorder = "vigil_branch_taken";

// The outcomes of the run in progress on this thread (the tests of one
// policy run on the caller's thread; nothing else calls the recorder).
thread_local std::vector<BranchOutcome>* tally = nullptr;

cel::Value record(std::span<const cel::Value> args, const cel::CallContext&) {
  if (tally && args[0].kind() == cel::Kind::Int && args[1].kind() == cel::Kind::Bool) {
    auto id = static_cast<size_t>(args[0].as_int());
    if (id < tally->size()) {
      BranchOutcome& b = (*tally)[id];
      (args[1].as_bool() ? b.seen_true : b.seen_false) = true;
    }
  }
  return args[1];
}

const cel::FunctionRegistry& recording_functions() {
  static const cel::FunctionRegistry registry = [] {
    cel::FunctionRegistry r = policy_functions();
    r.add(std::string(kRecorder), cel::CallStyle::Global, 2, record);
    return r;
  }();
  return registry;
}

std::string snippet(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// Instruments `text` as `part`, appending its points to `branches`.
// Empty optional: it did not parse.
std::optional<cel::ParsedExpr> instrumented(const SourceText& text, const std::string& part,
                                            std::vector<BranchOutcome>& branches) {
  std::vector<cel::BranchPoint> points = cel::branch_points_of(text.text);
  size_t first = branches.size();
  for (const cel::BranchPoint& p : points)
    branches.push_back({part, p, snippet(std::string_view(text.text).substr(p.offset, p.length)),
                        text.position_of(p.offset)});
  auto parsed = cel::parse(cel::instrument(text.text, points, kRecorder, first));
  if (!parsed.ok()) return std::nullopt;
  return std::move(parsed.value());
}

}  // namespace

PolicyCoverageReport branch_coverage(const CompiledPolicy& policy) {
  PolicyCoverageReport report;
  const Policy& p = policy.policy;
  report.policy_id = p.id;
  report.pos = p.pos;
  report.tests = p.tests.size();
  cel::Env env = policy_detail::policy_env();
  env.functions = &recording_functions();
  std::vector<cel::NamedExpr> lets;
  for (const auto& [name, text] : p.lets) {
    auto parsed = instrumented(text, "let " + name, report.branches);
    if (!parsed) {
      report.skipped = fmt::format("let '{}' does not parse once instrumented", name);
      return report;
    }
    lets.push_back({name, std::move(*parsed)});
  }
  auto condition = instrumented(p.condition, "condition", report.branches);
  if (!condition) {
    report.skipped = "the condition does not parse once instrumented";
    return report;
  }
  auto program = cel::Program::compile(*condition, env, lets);
  if (!program.ok()) {
    report.skipped = "the instrumented condition does not compile: " + program.error().message;
    return report;
  }
  // The message reads the instrumented lets too: lets only messages use
  // (the texts of a violation) are measured by the violation cases.
  MessageTemplate message = policy.message;
  if (p.message)
    if (auto m = MessageTemplate::compile(*p.message, env, lets); m.ok())
      message = std::move(m.value());
  CompiledPolicy copy{p, std::move(program.value()), std::move(message), policy.params,
                      policy.limits};
  tally = &report.branches;
  run_policy_tests(copy);
  tally = nullptr;
  return report;
}

}  // namespace vigil
