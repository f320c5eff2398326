// What `vigil exceptions add` names is checked where it enters: a policy id
// that no policy of the deployment has, an asset no scan has seen, a group
// nobody defined are refused with a did-you-mean, so an exception never
// silently covers nothing.
//
// Contract
// - Policies: the ids of the deployment's policy set (vigil.yaml's
//   `policies: paths`, else the built-in policies/ folder), loaded without
//   overrides, and those the store recorded violations of. Groups: the store's groups and
//   vigil.yaml's. Assets: any asset the store has seen (deleted ones too), unless
//   `allow_unseen_asset`.
// - Returns the first problem as an Error whose message says what to do.
#pragma once

#include "core/result.h"
#include "daemon/config.h"
#include "store/store.h"

namespace vigil::cli {

Status check_exception_targets(const store::ExceptionRecord& exception, store::Store& store,
                               const daemon::Config& config, bool allow_unseen_asset);

}  // namespace vigil::cli
