// Mutation testing of policies: how much of a policy's CEL its own tests
// check. Each let and the condition are mutated one slip at a time
// (cel/mutation.h); for each mutant the policy is compiled again and its
// `tests:` are rerun. A mutant is killed when a test fails, survives when all
// pass: a survivor is a change of meaning no test notices (or an equivalent
// mutant, which the policy may list under `equivalent_mutants:` with why).
//
// Contract
// - A policy whose tests fail unmutated is not mutated (`skipped` says so).
// - Mutants that do not compile are counted as Invalid, never as killed.
// - At most `max_mutants` mutants per policy are run, spread evenly over the
//   policy's mutants in source order; the rest are counted in `not_run`.
// - Each evaluation runs under `limits` (the CEL cost budget): a mutant that
//   exhausts it becomes unknown and is killed like any other change.
// - score() = killed / (killed + survived); equivalent mutants count in
//   neither; 1 when there is nothing to score.
// - An `equivalent_mutants:` entry that names no mutant, or names one a test
//   kills, is listed in `stale_equivalents` (the list must stay true).
#pragma once

#include <string>
#include <vector>

#include "cel/mutation.h"
#include "core/limits.h"
#include "policy/policy_set.h"

namespace vigil {

enum class MutantFate : uint8_t { Killed, Survived, Equivalent, Invalid };
std::string_view to_string(MutantFate f);

struct MutantOutcome {
  std::string part;  // "condition" or "let NAME"
  cel::Mutant mutant;
  SourcePos pos;  // the mutated spot in the policy file
  MutantFate fate = MutantFate::Survived;
  std::string detail;  // Killed: the first failing test; Equivalent: the reason; Invalid: why
};

struct PolicyMutationReport {
  std::string policy_id;
  SourcePos pos;
  std::vector<MutantOutcome> mutants;
  size_t not_run = 0;
  std::string skipped;                         // why the policy was not mutated, or empty
  std::vector<std::string> stale_equivalents;  // "file:line: why"

  size_t count(MutantFate fate) const;
  double score() const;
};

struct MutationOptions {
  size_t max_mutants = 150;
  Limits limits = {.evaluation_steps = 1'000'000, .evaluation_bytes = 16ull << 20};
};

PolicyMutationReport mutate_policy(const CompiledPolicy& policy,
                                   const MutationOptions& options = {});

}  // namespace vigil
