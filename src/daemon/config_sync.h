// Brings the store in line with vigil.yaml's declarations at `vigil serve`
// start: asset groups (origin "config") and sticky exceptions.
//
// Contract
// - Idempotent: a restart with the same file writes nothing (no audit noise).
// - Groups: each config group is put when new or changed; a group of origin
//   "config" no longer in the file is deleted. Groups added with the CLI
//   (origin "cli") are never touched.
// - Sticky exceptions: granted (audited, actor "vigil.yaml") unless an
//   identical exception that is not revoked exists; already expired ones are
//   skipped with a message; one the store rejects (e.g. beyond
//   exceptions.max_duration) is reported, the others still go in. An active
//   exception granted from the file that no entry declares any more
//   (removed, or edited: the edit is granted anew) is revoked by
//   "vigil.yaml"; exceptions granted with the CLI are never touched.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "daemon/config.h"
#include "store/store.h"

namespace vigil::daemon {

struct SyncReport {
  size_t groups_put = 0, groups_deleted = 0, exceptions_granted = 0, exceptions_revoked = 0;
  std::vector<std::string> messages;  // one line each: what was done or refused, and why
  size_t errors = 0;
};

Result<SyncReport> sync_config(store::Store& store, const Config& config, Time now);

}  // namespace vigil::daemon
