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
//   by violation id.
// - compliant: the live assets of the policy's resource type in the account
//   minus its evidence (every asset of a type is evaluated by its policies).
// - data_time: the observation time of the latest completed scan.
#pragma once

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

Result<StoreTally> tally_store(store::Store& store, const PolicySet& policies,
                               std::string_view account = {});

}  // namespace vigil::tracker
