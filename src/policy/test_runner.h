// Runs the test cases embedded in policy files (`tests:`), each against a
// fresh inventory made of the case's asset and related assets.
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
  Evaluation actual;  // what the engine produced
  std::string error;  // set when the case itself is broken (bad asset JSON, ...)
};

// Runs every test of every policy (disabled policies included).
std::vector<PolicyTestResult> run_policy_tests(const PolicySet& set);

}  // namespace vigil
