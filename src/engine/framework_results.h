// Control results of a compliance framework: every control of the
// catalogue, per account, judged by the findings of the policies mapped to
// it (policy `frameworks:` lists, framework_coverage()). The findings come
// from a scan (tally_scan below) or from the store's tracked state
// (tracker/framework_tally.h); both judge the same way.
//
// Contract
// - Accounts: the tally's (every account with an asset, sorted, or the one
//   asked for). A control is judged per account on the findings of its
//   policies whose asset is in that account:
//     fail      at least one violation;
//     unknown   no violation, and at least one unknown finding (the data
//               was not collected, or a policy could not be evaluated), or a
//               mapped policy the assessment did not run (`reason` says
//               which): never reported as a pass;
//     pass      otherwise, with `compliant` the compliant findings (0: no
//               resource of the policies' types in the account) and
//               `exempted` the violations under an active exception (PacBot's
//               rule, as in docs/scoring.md: an exception is a decision, and
//               it is listed in the evidence);
//     manual    the catalogue marks the control manual and no policy maps
//               to it (its audit is done by a person: FrameworkControl::audit);
//     no-policy an automated control no enabled policy maps to: Vigil cannot
//               judge it, a person must.
// - Evidence: the violations, unknown and exempted findings of each
//   (control, account), in the assessment's order.
// - Pass rate: passing (control, account) results over those judged (pass,
//   fail, unknown); manual and no-policy ones are not counted.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/scan.h"
#include "policy/frameworks.h"

namespace vigil {

enum class ControlStatus : uint8_t { Pass, Fail, Unknown, Manual, NoPolicy };
std::string_view to_string(
    ControlStatus status);  // "pass", "fail", "unknown", "manual", "no-policy"

enum class EvidenceStatus : uint8_t { Violation, Unknown, Exempted };
std::string_view to_string(EvidenceStatus status);  // "violation", "unknown", "exempted"

// A failing, unknown or exempted resource of a control.
struct ControlEvidence {
  EvidenceStatus status = EvidenceStatus::Unknown;
  std::string policy;
  std::string asset, type, region;
  std::string message;       // the violation, or why it is unknown
  int64_t exception_id = 0;  // Exempted: the exception
};

// What one assessment says about one policy in one account. The counts are
// always set; `evidence` lists those findings when the tally was asked for
// them (a summary judges from the counts alone).
struct PolicyAccountFindings {
  size_t compliant = 0;
  size_t violations = 0, unknown = 0, exempted = 0;
  std::vector<ControlEvidence> evidence;  // in the assessment's order
  void add(ControlEvidence e);            // counts it and lists it
};

// What an assessment says, by policy and account.
struct FindingsTally {
  std::vector<std::string> accounts;  // sorted, distinct
  // The policies the assessment ran: a mapped policy outside it leaves its
  // control unknown (a store whose recorded scans predate the policy).
  std::set<std::string, std::less<>> assessed;
  std::map<std::pair<std::string, std::string>, PolicyAccountFindings, std::less<>>
      findings;  // by (policy id, account)
};

struct ControlResult {
  const FrameworkControl* control = nullptr;
  std::string account;
  ControlStatus status = ControlStatus::NoPolicy;
  std::vector<std::string> policies;  // ids of the policies that judge it
  size_t compliant = 0;               // compliant findings
  size_t exempted = 0;                // violations under an active exception
  size_t violations = 0, unknown = 0;     // the failing and unknown findings
  std::vector<ControlEvidence> evidence;  // listed only when the tally lists them
  std::string reason;  // unknown because a policy was not assessed: which
};

struct FrameworkResults {
  const FrameworkCatalog* catalog = nullptr;
  std::vector<std::string> accounts;
  std::vector<ControlResult> results;  // catalogue order, then account order
  size_t count(ControlStatus status) const;
  double pass_rate() const;  // 0..1; 0 when nothing was judged
};

// The findings of a scan of `policies` (its enabled ones were assessed).
// `account`: empty for every account of the inventory.
FindingsTally tally_scan(const PolicySet& policies, const Inventory& inventory,
                         const ScanResult& scan, std::string_view account = {});

FrameworkResults judge_framework(const FrameworkCatalog& catalog, const PolicySet& policies,
                                 const FindingsTally& tally);

// judge_framework(catalog, policies, tally_scan(policies, inventory, scan, account)).
FrameworkResults framework_results(const FrameworkCatalog& catalog, const PolicySet& policies,
                                   const Inventory& inventory, const ScanResult& scan,
                                   std::string_view account = {});

}  // namespace vigil
