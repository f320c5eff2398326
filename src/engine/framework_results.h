// Control results of a compliance framework from an assessment: every
// control of the catalogue, per account, judged by the findings of the
// policies mapped to it (policy `frameworks:` lists, framework_coverage()).
//
// Contract
// - Accounts: every account with an asset in the inventory, sorted (or the
//   one asked for). A control is judged per account on the findings of its
//   policies whose asset is in that account:
//     fail      at least one violation;
//     unknown   no violation, at least one unknown finding (the data was
//               not collected, or a policy could not be evaluated): never
//               reported as a pass;
//     pass      otherwise, with `resources` the compliant findings (0: no
//               resource of the policies' types in the account);
//     manual    the catalogue marks the control manual and no policy maps
//               to it (its audit is done by a person);
//     no-policy an automated control no enabled policy maps to: Vigil cannot
//               judge it, a person must.
// - Evidence: the failing and unknown findings of each (control, account),
//   in scan order (findings point into the ScanResult, the inventory and the
//   policies: keep them alive while the results are used).
// - Pass rate: passing (control, account) results over those judged (pass,
//   fail, unknown); manual and no-policy ones are not counted.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/scan.h"
#include "policy/frameworks.h"

namespace vigil {

enum class ControlStatus : uint8_t { Pass, Fail, Unknown, Manual, NoPolicy };
std::string_view to_string(
    ControlStatus status);  // "pass", "fail", "unknown", "manual", "no-policy"

struct ControlResult {
  const FrameworkControl* control = nullptr;
  std::string account;
  ControlStatus status = ControlStatus::NoPolicy;
  std::vector<std::string> policies;  // ids of the policies that judge it
  size_t compliant = 0;               // compliant findings
  std::vector<Finding> evidence;      // violations and unknown findings
};

struct FrameworkResults {
  const FrameworkCatalog* catalog = nullptr;
  std::vector<std::string> accounts;
  std::vector<ControlResult> results;  // catalogue order, then account order
  size_t count(ControlStatus status) const;
  double pass_rate() const;  // 0..1; 0 when nothing was judged
};

// `account`: empty for every account of the inventory.
FrameworkResults framework_results(const FrameworkCatalog& catalog, const PolicySet& policies,
                                   const Inventory& inventory, const ScanResult& scan,
                                   std::string_view account = {});

}  // namespace vigil
