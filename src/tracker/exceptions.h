// Exceptions: accepted risks that turn a violation into `exempted` while
// they are active (issue [Tracker], "Exceptions").
//
//   per-resource  policy_id + asset_id: covers exactly that pair.
//   sticky        policy selector (policy_ids: any of; category; severity;
//                 each optional, at least one given) AND asset matcher
//                 (group: a member of that asset group as computed this
//                 scan; condition: CEL over `resource`; at least one given).
//                 Covers assets that appear after the grant.
//
// Contract
// - Active at time `now`: not revoked and now < expires. An expiry is
//   required on every exception and may not lie more than
//   ExceptionOptions::max_duration after the grant.
// - When several cover a finding, the one the violation already carries
//   wins (no churn); otherwise a per-resource one, then the lowest id.
// - grant/revoke write their audit entry in the same store transaction
//   ("exception.grant", "exception.revoke"); revoke re-opens the violations
//   the exception exempted at once (reason "exception-revoked"); the next
//   scan exempts them again if another exception covers them.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/result.h"
#include "inventory/inventory.h"
#include "policy/policy_set.h"
#include "store/store.h"
#include "tracker/asset_condition.h"

namespace vigil::tracker {

struct ExceptionOptions {
  std::chrono::seconds max_duration = std::chrono::hours(24 * 365);  // configurable maximum
};

// Checks required fields, expiry (after `now`, within max_duration) and
// that a sticky condition compiles. Messages say which field to fix.
Status validate_exception(const store::ExceptionRecord& exception, store::Time now,
                          const ExceptionOptions& options);

// Validates, then stores with an "exception.grant" audit entry by `actor`.
Result<int64_t> grant_exception(store::Store& store, store::ExceptionRecord exception,
                                store::Time now, const std::string& actor,
                                const ExceptionOptions& options = {});

// Revokes exception `id` (audit "exception.revoke" by `actor`, with `reason`)
// and re-opens every violation it exempted. Returns how many were re-opened.
Result<size_t> revoke_exception(store::Store& store, int64_t id, store::Time now,
                                const std::string& actor, const std::string& reason);

// Group name -> member asset ids (as computed for this scan).
using GroupMembership = std::unordered_map<std::string, std::unordered_set<std::string_view>>;

// The exceptions of one scan, compiled once.
class ExceptionIndex {
 public:
  // `all`: every exception, inactive included (to explain why one ended).
  // Sticky conditions that no longer compile are skipped and reported in
  // warnings() (they exempt nothing).
  static ExceptionIndex build(std::vector<store::ExceptionRecord> all, store::Time now,
                              const GroupMembership* groups);

  // The exception covering (policy, asset) at `now`, or none. `current` is
  // the exception the violation carries (kept when it still covers).
  std::optional<int64_t> covering(const CompiledPolicy& policy, const Asset& asset,
                                  const Inventory* inventory, std::optional<int64_t> current) const;

  // Why exception `id` no longer exempts: "exception-expired",
  // "exception-revoked", or "exception-unmatched" (still active, no longer
  // covers the pair, e.g. the asset left the group).
  std::string_view ended_reason(int64_t id) const;

  // Exceptions (not revoked) whose expiry is in (since, now]: the ones this
  // scan sees expire, audited once as "exception.expire".
  std::vector<const store::ExceptionRecord*> expired_since(std::optional<store::Time> since) const;

  const std::vector<std::string>& warnings() const { return warnings_; }
  size_t active() const { return active_count_; }

 private:
  struct Sticky {
    const store::ExceptionRecord* record = nullptr;
    std::unordered_set<std::string> policy_ids;
    std::optional<AssetCondition> condition;
    const std::unordered_set<std::string_view>* members = nullptr;  // when group is set
    bool group_missing = false;                                     // group named but not defined
    // Cache of the last asset's condition result (findings come grouped by asset).
    mutable const Asset* cached_asset = nullptr;
    mutable bool cached_match = false;
  };
  bool sticky_covers(const Sticky& s, const CompiledPolicy& policy, const Asset& asset,
                     const Inventory* inventory) const;

  store::Time now_{};
  std::vector<store::ExceptionRecord> all_;
  std::unordered_map<int64_t, size_t> by_id_;  // -> index in all_
  // per-resource: policy_id + '\n' + asset_id -> exception ids (ascending)
  std::unordered_map<std::string, std::vector<int64_t>> per_resource_;
  std::vector<Sticky> sticky_;  // ascending id
  std::vector<std::string> warnings_;
  size_t active_count_ = 0;
};

}  // namespace vigil::tracker
