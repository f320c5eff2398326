// Branch coverage of a policy by its own tests: for every operand of `&&`
// and `||` and every ternary's condition in the lets and the condition
// (cel/branch_points.h), whether some test case made it true and whether
// some made it false.
//
// Contract
// - The lets and condition are instrumented (each branch point wrapped in a
//   recording call that returns its operand unchanged), compiled and run
//   against the policy's `tests:` exactly as `vigil policy test` runs them,
//   the message included (it reads the instrumented lets: a let only the
//   message uses is measured by the violation cases); the verdicts are not
//   judged here (a failing test still covers).
// - A point evaluated to an error or a non-bool counts as neither outcome;
//   a point never evaluated (short-circuited, or in a let no path needs)
//   has neither.
// - covered() counts outcomes seen, total() is twice the points; a policy
//   without branch points covers 0 of 0. `skipped` says why a policy could
//   not be instrumented (the instrumented text did not compile).
#pragma once

#include <string>
#include <vector>

#include "cel/branch_points.h"
#include "policy/policy_set.h"

namespace vigil {

struct BranchOutcome {
  std::string part;  // "condition" or "let NAME"
  cel::BranchPoint point;
  std::string text;  // the operand's source text
  SourcePos pos;     // where it starts in the policy file
  bool seen_true = false;
  bool seen_false = false;
};

struct PolicyCoverageReport {
  std::string policy_id;
  SourcePos pos;
  size_t tests = 0;
  std::vector<BranchOutcome> branches;
  std::string skipped;

  size_t covered() const;
  size_t total() const { return 2 * branches.size(); }
};

PolicyCoverageReport branch_coverage(const CompiledPolicy& policy);

}  // namespace vigil
