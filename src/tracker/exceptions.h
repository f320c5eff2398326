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
//   ("exception.grant", "exception.revoke"). Revoke moves each violation the
//   exception exempted, in that same transaction: to another active
//   exception that covers it (reason "exempted"), else back to open
//   (reason "exception-revoked").
// - Expiry is noticed by scans: the next scan moves each violation of an
//   expired exception to another covering one ("exempted") or reopens it
//   ("exception-expired"), and audits the expiry once ("exception.expire").
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
// A per-resource exception exempts its open violation at once (a sticky one
// at the next scan, which evaluates its group or condition).
Result<int64_t> grant_exception(store::Store& store, store::ExceptionRecord exception,
                                store::Time now, const std::string& actor,
                                const ExceptionOptions& options = {});

// One line naming what an exception covers, for audit entries.
std::string describe_exception(const store::ExceptionRecord& exception);

// What revoke_exception() did to the violations the exception exempted.
struct RevokeSummary {
  size_t reopened = 0;  // back to open: no other active exception covers them
  size_t moved = 0;     // still exempted, under another active exception
};

// Revokes exception `id` (audit "exception.revoke" by `actor`, with `reason`
// and the counts) and moves every violation it exempted (see Contract).
// Sticky exceptions are matched as a scan would: groups by their members as
// of the last scan, conditions over the asset's last stored content (an
// inventory of the affected assets only, so a condition reading other
// assets through related()/assets() sees none until the next scan).
// Defined in exception_revoke.cpp.
Result<RevokeSummary> revoke_exception(store::Store& store, int64_t id, store::Time now,
                                       const std::string& actor, const std::string& reason);

// Group name -> member asset ids (as computed for this scan). The ids are
// views: whoever builds one keeps the strings they point into alive.
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
  // The same, for a policy known by its id, category and severity (a stored
  // violation's, outside a scan).
  struct PolicyTraits {
    std::string_view id, category, severity;
  };
  std::optional<int64_t> covering(const PolicyTraits& policy, const Asset& asset,
                                  const Inventory* inventory, std::optional<int64_t> current) const;

  // Whether exception `id` is active at `now` (known, not revoked, not expired).
  bool is_active(int64_t id) const;
  // The active per-resource exception of (policy, asset) with the lowest id.
  std::optional<int64_t> per_resource(std::string_view policy_id, std::string_view asset_id) const;

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
  bool sticky_covers(const Sticky& s, const PolicyTraits& policy, const Asset& asset,
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
