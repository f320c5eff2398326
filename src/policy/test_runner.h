// Runs the test cases embedded in policy files (`tests:`), each against a
// fresh inventory made of the case's asset and related assets.
//
// A case passes when the finding has the expected status and, when the case
// says so, the expected unknown reason (without `reason:`, an unknown case
// accepts any reason but an evaluation error) and message (exact, or an RE2
// pattern found anywhere in it).
#pragma once

#include <string>
#include <vector>

#include "policy/evaluate.h"
#include "policy/policy_set.h"

namespace vigil {

struct PolicyTestResult {
  std::string policy_id;
  std::string test_name;
  SourcePos pos;
  bool passed = false;
  Expect expected = Expect::Violation;
  Evaluation actual;     // what the engine produced
  std::string error;     // set when the case itself is broken (bad asset JSON, ...)
  std::string mismatch;  // why a case that ran failed: "expected X, got Y: message"
};

// Runs every test of every policy (disabled policies included).
std::vector<PolicyTestResult> run_policy_tests(const PolicySet& set);

// Runs the tests of one policy (`policy.policy.tests`).
std::vector<PolicyTestResult> run_policy_tests(const CompiledPolicy& policy);

}  // namespace vigil
