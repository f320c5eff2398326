// Internals of record_scan() (tracker.h): the transitions of the stored
// violations one scan decides, as ViolationUpdates and new violations.
// Private to src/tracker.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tracker/exceptions.h"
#include "tracker/reconcile.h"
#include "tracker/scoring.h"

namespace vigil::tracker::detail {

// A violation this scan found that the store has no row for.
struct NewViolation {
  const Finding* finding = nullptr;
  int64_t exception_id = 0;  // 0: open (or unknown)
  bool unknown = false;  // an unknown finding, stored so "what could we not check?" has an answer
  size_t inventory = 0;  // the asset's inventory index
};

// Transitions of the violations this scan assessed and of those it did not:
// updates go to `changes.violation_updates` (and are counted in `summary`),
// new violations to `fresh`. Call finding() per finding in inventory order,
// then unseen() once, then fill_stored_messages() once.
class ViolationDiff {
 public:
  ViolationDiff(Reconciler& r, const ExceptionIndex& exceptions, store::ScanChanges& changes,
                RecordSummary& summary, bool whole_policy_set)
      : r_(r),
        exceptions_(exceptions),
        ch_(changes),
        sum_(summary),
        whole_policy_set_(whole_policy_set) {}

  // The finding of `policy` (policy row) on asset row `row`. Returns the
  // outcome for scoring.
  Outcome finding(const Finding& f, uint32_t policy, uint32_t row, size_t inventory_index);
  // The stored violations no finding named: closed when their policy or
  // asset is gone, or their exemption ended while the asset went unassessed.
  void unseen();
  // The updates that repeat the stored message get its text from the store.
  Status fill_stored_messages();
  std::vector<NewViolation>
      fresh;  // new violations, written through ScanChanges::more_new_violations

 private:
  // finding() for a violation; `v` null when the store has none.
  Outcome violation(const Finding& f, StoredViolation* v, size_t inventory_index);
  // Why stored violation `v`, found failing again (`exception`: the one that
  // now covers it), changes; empty when it does not.
  std::string_view change_reason(const StoredViolation& v, const Finding& f,
                                 const std::optional<int64_t>& exception) const;
  // `message` null: the violation's stored message (fill_stored_messages()).
  void update(StoredViolation& v, store::ViolationStatus to, std::string_view reason,
              const std::string_view* message, std::string severity, int64_t exception_id);

  Reconciler& r_;
  const ExceptionIndex& exceptions_;
  store::ScanChanges& ch_;
  RecordSummary& sum_;
  const bool whole_policy_set_;
  std::vector<std::pair<int64_t, size_t>> stored_message_;  // (violation id, update index)
};

}  // namespace vigil::tracker::detail
