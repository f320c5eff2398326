// mutate_policy: mutants of each let and the condition, each compiled and
// run against the policy's own tests.
#include "policy/mutation_testing.h"

#include <fmt/format.h>

#include "policy/policy_compiler.h"
#include "policy/test_runner.h"

namespace vigil {

std::string_view to_string(MutantFate f) {
  switch (f) {
    case MutantFate::Killed:
      return "killed";
    case MutantFate::Survived:
      return "survived";
    case MutantFate::Equivalent:
      return "equivalent";
    case MutantFate::Invalid:
      return "invalid";
  }
  return "invalid";
}

size_t PolicyMutationReport::count(MutantFate fate) const {
  size_t n = 0;
  for (const auto& m : mutants) n += m.fate == fate;
  return n;
}

double PolicyMutationReport::score() const {
  size_t killed = count(MutantFate::Killed), scored = killed + count(MutantFate::Survived);
  return scored == 0 ? 1.0 : static_cast<double>(killed) / static_cast<double>(scored);
}

namespace {

// A mutable part of a policy: a let's text or the condition.
struct Part {
  std::string name;
  SourceText Policy::*text = nullptr;  // the condition
  size_t let = 0;                      // else lets[let].second
};

SourceText& text_of(Policy& p, const Part& part) {
  return part.text ? p.*part.text : p.lets[part.let].second;
}

const SourceText& text_of(const Policy& p, const Part& part) {
  return part.text ? p.*part.text : p.lets[part.let].second;
}

std::vector<Part> parts_of(const Policy& p) {
  std::vector<Part> parts;
  for (size_t i = 0; i < p.lets.size(); ++i)
    parts.push_back({"let " + p.lets[i].first, nullptr, i});
  parts.push_back({"condition", &Policy::condition, 0});
  return parts;
}

// The first failing test of `policy`, or empty when all pass.
std::string first_failure(const CompiledPolicy& policy) {
  for (const PolicyTestResult& r : run_policy_tests(policy))
    if (!r.passed) return r.test_name;
  return "";
}

struct Candidate {
  Part part;
  cel::Mutant mutant;
};

std::vector<Candidate> candidates_of(const Policy& p) {
  std::vector<Candidate> out;
  for (const Part& part : parts_of(p)) {
    const SourceText& text = text_of(p, part);
    for (cel::Mutant& m : cel::mutants_of(text.text, part.name == "condition"))
      out.push_back({part, std::move(m)});
  }
  return out;
}

// At most `cap` of `all`, spread evenly.
std::vector<Candidate> spread(std::vector<Candidate> all, size_t cap) {
  if (all.size() <= cap) return all;
  std::vector<Candidate> out;
  for (size_t j = 0; j < cap; ++j) out.push_back(std::move(all[j * all.size() / cap]));
  return out;
}

MutantOutcome run_mutant(const CompiledPolicy& original, const Candidate& c,
                         const MutationOptions& options) {
  Policy policy = original.policy;
  SourceText& text = text_of(policy, c.part);
  MutantOutcome out;
  out.part = c.part.name;
  out.mutant = c.mutant;
  out.pos = text.position_of(c.mutant.offset);
  text.text = c.mutant.apply(text.text);
  std::vector<Diagnostic> diagnostics;
  auto compiled = policy_detail::compile_policy(std::move(policy), nullptr, diagnostics, nullptr,
                                                options.limits);
  if (!compiled) {
    out.fate = MutantFate::Invalid;
    for (const auto& d : diagnostics)
      if (d.level == Diagnostic::Level::Error) {
        out.detail = d.message;
        break;
      }
    return out;
  }
  out.detail = first_failure(*compiled);
  out.fate = out.detail.empty() ? MutantFate::Survived : MutantFate::Killed;
  return out;
}

// Marks survivors listed under `equivalent_mutants:`; lists the entries
// that match no survivor.
void apply_equivalents(const Policy& p, PolicyMutationReport& report) {
  for (const EquivalentMutant& e : p.equivalent_mutants) {
    bool matched = false;
    for (MutantOutcome& m : report.mutants) {
      if (m.part != e.part || m.mutant.description != e.mutant) continue;
      matched = true;
      if (m.fate == MutantFate::Survived) {
        m.fate = MutantFate::Equivalent;
        m.detail = e.reason;
      } else if (m.fate == MutantFate::Killed) {
        report.stale_equivalents.push_back(
            fmt::format("{}:{}: {} {} is listed as equivalent, but test '{}' kills it", e.pos.file,
                        e.pos.line, e.part, e.mutant, m.detail));
      }
    }
    if (!matched)
      report.stale_equivalents.push_back(
          fmt::format("{}:{}: no mutant of {} is {}", e.pos.file, e.pos.line, e.part, e.mutant));
  }
}

}  // namespace

PolicyMutationReport mutate_policy(const CompiledPolicy& policy, const MutationOptions& options) {
  PolicyMutationReport report;
  report.policy_id = policy.policy.id;
  report.pos = policy.policy.pos;
  if (std::string failing = first_failure(policy); !failing.empty()) {
    report.skipped = fmt::format("its test '{}' fails without any mutation", failing);
    return report;
  }
  std::vector<Candidate> all = candidates_of(policy.policy);
  const size_t total = all.size();
  std::vector<Candidate> chosen = spread(std::move(all), options.max_mutants);
  report.not_run = total - chosen.size();
  for (const Candidate& c : chosen) report.mutants.push_back(run_mutant(policy, c, options));
  apply_equivalents(policy.policy, report);
  return report;
}

}  // namespace vigil
