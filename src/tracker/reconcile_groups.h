// Group membership of one scan (private to src/tracker; see groups.h).
//
// A group's members after a scan: the assets of this scan that match, plus
// the previous members this scan did not see whose scope it did not
// collect successfully (a scan of account A, or a failed S3 listing, does
// not empty a group of its other members). Written to ScanChanges only
// when the sorted list differs from the stored one.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "tracker/exceptions.h"
#include "tracker/reconcile.h"

namespace vigil::tracker::detail {

struct GroupsOfScan {
  std::vector<std::string> names;                   // group index -> name
  GroupMembership membership;                       // name -> member ids (views)
  std::vector<std::vector<uint32_t>> of_inventory;  // inventory index -> group indexes
  std::deque<std::string> kept;                     // owned ids of kept previous members
};

Result<GroupsOfScan> compute_groups(Reconciler& r, const std::vector<uint32_t>& row_of,
                                    store::ScanChanges& changes, RecordSummary& summary);

}  // namespace vigil::tracker::detail
