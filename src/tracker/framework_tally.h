// The store's tracked state as a FindingsTally, so a framework report
// (engine/framework_results.h) judges recorded data exactly as it judges a
// scan.
//
// Contract (tally_store)
// - The data's day: the latest day with an `overall` score (the recorded
//   scans of that day); none is an error ("record a scan first").
// - assessed: the policies with a `policy` score row on that day (every
//   policy those scans ran: docs/scoring.md). An ad-hoc `--policies` scan
//   writes no score, so it neither adds nor hides a policy.
// - accounts: the accounts with a live (not deleted) asset, sorted; or only
//   `account` when given.
// - evidence: the violations the store tracks now as open (violation),
//   exempted (with the exception id) and unknown (the message says why),
//   listed by violation id when `list_evidence` (the CLI's full report),
//   else only counted by the store's aggregate (Store::violation_counts) for
//   `only_policies` (the API's summary judges from the counts of the
//   framework's policies and pages the evidence apart: listing 1.7M
//   violations is what made it take seconds).
// - compliant: the live assets of the policy's resource type in the account
//   (Store::live_asset_counts) minus its evidence (every asset of a type is
//   evaluated by its policies).
// - data_time: the observation time of the latest completed scan.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/result.h"
#include "engine/framework_results.h"
#include "store/store.h"

namespace vigil::tracker {

struct StoreTally {
  FindingsTally tally;
  std::string day;  // "2026-11-26"
  store::Time data_time{};
};

// The policies the data's day assessed (the `assessed` of tally_store).
Result<std::set<std::string, std::less<>>> assessed_policies(store::Store& store);

struct TallyOptions {
  std::string_view account;  // empty: every account
  // Whether to list the evidence (else only count it).
  bool list_evidence = true;
  // Only these policies' findings (a framework's mapped policies); absent:
  // every policy's. The others are left out of `findings`.
  std::optional<std::set<std::string, std::less<>>> only_policies;
};

Result<StoreTally> tally_store(store::Store& store, const PolicySet& policies,
                               const TallyOptions& options);
inline Result<StoreTally> tally_store(store::Store& store, const PolicySet& policies,
                                      std::string_view account = {}) {
  return tally_store(store, policies, TallyOptions{.account = account});
}

}  // namespace vigil::tracker
