// Who "the company" is, for questions such as "who outside the company can
// reach this resource?" (aws_policy_reach, docs/access-analysis.md).
//
// Contract
// - organization: the AWS Organizations id (o-...), empty when not given.
// - accounts: the company's accounts besides those in the inventory (every
//   account of the inventory is the company's already).
#pragma once

#include <string>
#include <vector>

namespace vigil {

struct Company {
  std::string organization;
  std::vector<std::string> accounts;
};

}  // namespace vigil
