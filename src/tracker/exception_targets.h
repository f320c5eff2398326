// What an exception names is checked where it enters (`vigil exceptions
// add`, POST /api/v1/exceptions): a policy id that no policy has, an asset no
// scan has seen, a group nobody defined are refused with a did-you-mean, so
// an exception never silently covers nothing.
//
// Contract
// - Policies: `known.policy_ids` (the deployment's policy set) and those the
//   store recorded violations of. Groups: the store's groups and
//   `known.group_names` (a configuration's, not yet synced). Assets: any
//   asset the store has seen (deleted ones too), unless
//   `known.allow_unseen_asset`.
// - Returns the first problem as an Error (kind InvalidInput, subject the
//   field: "policy", "asset", "group") whose message says what to do.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace vigil::tracker {

struct KnownTargets {
  std::vector<std::string> policy_ids;
  std::vector<std::string> group_names;
  bool allow_unseen_asset = false;
  // How the caller allows an unseen asset, for the error ("pass
  // --allow-unseen-asset ..."); empty when it cannot.
  std::string allow_unseen_hint;
};

Status check_exception_targets(const store::ExceptionRecord& exception, store::Store& store,
                               const KnownTargets& known);

}  // namespace vigil::tracker
