// The tracker: records one assessment in the Store and moves every
// violation through its lifecycle (issue [Tracker]).
//
//   open       first seen failing (event "opened"), or failing again after
//              being closed (event "reopened", history kept)
//   exempted   failing, but an active exception covers it (still evaluated,
//              still visible); back to open when the exception expires or
//              is revoked ("exception-expired", "exception-revoked")
//   closed     the next successful assessment of its scope finds the asset
//              compliant ("fixed"), the asset gone ("resource-deleted"), or
//              the policy disabled/removed ("policy-removed")
//   unknown    the finding could not be evaluated (collection error, data
//              not collected); the violation keeps its history and is
//              neither open nor closed (reason "unknown"); back to
//              open/exempted when assessed again (reason "reassessed"); a
//              closed violation whose finding is unknown stays closed. An
//              unknown finding with no stored violation is stored too, as
//              unknown from its first scan, so "what could we not check?"
//              has an answer; if it is later found failing it is "opened",
//              if compliant it closes as "reassessed" (never "fixed": it
//              was never found failing).
//
// Reasons beyond store.h's list: "reassessed" (unknown -> open/exempted),
// "exception-unmatched" (exempted -> open: the exception is still active but
// no longer covers the pair, e.g. the asset left the group).
// A violation whose policy is no longer in the set (or disabled) closes with
// "policy-removed" whatever its scope's collection status: the policy set is
// configuration, not collection. Only a scan with the whole policy set does
// that (RecordOptions::whole_policy_set); a subset leaves the others alone.
//
// Contract
//  - Only a successfully collected scope (account x region x type) can close
//    violations or delete assets. A failed scope leaves its violations and
//    assets as they were; its findings are `unknown`.
//  - Ownership: an asset belongs to the source of the scan that wrote its
//    latest version (the scan's ScanRecord::source). A scan changes only
//    the assets its source owns, or new ones, or ones their owner deleted
//    (taken over): an asset of another source gets no version, its
//    violations do not move, it is neither deleted nor closed by this scan,
//    and the summary warns that two sources cover it. An owner that is not
//    one of the deployment's sources (RecordOptions::sources) does not
//    count: its assets are taken over.
//  - record_scan() diffs the scan against the stored heads (asset content
//    hashes, violation states) in memory and hands the Store only the
//    changes, applied in one transaction: an unchanged re-scan writes the
//    scan row and nothing per asset or violation.
//  - Deterministic: the same inputs give the same changes.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/scan.h"
#include "inventory/inventory.h"
#include "policy/policy_set.h"
#include "store/store.h"
#include "tracker/scoring.h"

namespace vigil::tracker {

// What was collected: every scope the source covered, failed or not. A
// scope listed ok with no asset means "there are none" (assets and their
// violations in it are deleted/closed); a scope not listed is untouched.
// Region "global" is a listing that covers the account in every region
// (S3 ListBuckets): it is the scope of the type's assets whatever their
// region, unless their own (account, region, type) was listed too.
struct CollectedScopes {
  std::vector<store::ScopeStatus> scopes;
};

// The scopes the inventory's source listed (Inventory::coverage(): the
// capture and AWS Config readers set what they read, empty ok scopes
// included; an inventory file gives the scopes of its own lines, placeholders
// (vigil:collection-failed/...) failed). An inventory without coverage
// (built by hand) lists none, so it closes and deletes nothing.
CollectedScopes scopes_of(const Inventory& inventory);

// A violation a scan opens for the first time (new, not exempted, not
// unknown), as the notification hook sees it. Pointers into the scan's
// inventory and policy set; valid during the hook call only.
struct OpenedViolation {
  const Asset* asset = nullptr;
  const Policy* policy = nullptr;
  std::string_view message;
  std::vector<std::string_view> groups;  // asset groups the asset is in
};

// Turns one scan's opened violations into outbox messages (src/notify),
// which record_scan enqueues in the scan's own transaction.
using NotifyOpened = std::function<std::vector<store::OutboxMessage>(
    int64_t scan_id, const std::vector<OpenedViolation>& opened)>;

struct RecordOptions {
  nlohmann::json scope;        // as given by the user (sources, accounts, regions, types)
  // Observation time: what policies saw as `now`; exceptions are judged at
  // it and versions/events are stamped with it (ScanRecord::started).
  store::Time now{};
  std::string actor = "vigil";  // recorded on audit entries this scan writes (expiries)
  // Step timings the caller measured, seconds: {"collect_s", "assess_s"}.
  // record_scan adds reconcile_s, write_s, total_s and run_started_ms.
  nlohmann::json timings;
  // Wall clock when the run began, before collection. Absent: the time
  // record_scan was called less the collect_s and assess_s given.
  std::optional<store::Time> run_started;
  ScoreWeights score_weights;  // scoring.h
  // Whether `policies` is the deployment's whole policy set (`vigil serve`,
  // `vigil scan` with the built-in policies): a stored violation of a policy
  // not in it, or disabled, closes as policy-removed, and the day's scores
  // are written. false for an ad-hoc subset (`vigil scan --policies mine/`):
  // it changes only its own policies' violations and writes no score (a
  // score of some policies would replace the day's score of all of them).
  bool whole_policy_set = true;
  // The deployment's source names (`vigil serve`: vigil.yaml's sources). An
  // asset owned by a source not among them (removed from vigil.yaml, or
  // `cli` from an earlier `vigil scan --db`) is taken over by this scan's
  // source. Empty: every owner counts (an ad-hoc `vigil scan` cannot know
  // the deployment).
  std::vector<std::string> sources;
  // Notifications of opened violations (off when unset).
  NotifyOpened notify_opened;
};

// Counts of violations: `closed` counts rows that were violations (a row
// only ever unknown closing as reassessed is not one); `unknown` counts rows
// turned or stored unknown.
struct RecordSummary {
  int64_t scan_id = 0;
  uint64_t opened = 0, reopened = 0, closed = 0, exempted = 0, unexempted = 0, unknown = 0,
           still_open = 0;
  uint64_t assets_created = 0, assets_changed = 0, assets_deleted = 0;
  double seconds = 0;             // reconcile wall time
  double write_seconds = 0;       // the store's apply_scan wall time
  uint64_t violation_writes = 0;  // new violations + updates handed to the store
  uint64_t asset_writes = 0;      // asset versions + deletions handed to the store
  uint64_t groups_changed = 0;    // groups whose membership was rewritten
  // Problems that did not stop the scan (a group or exception whose
  // condition no longer compiles, an undefined group): name and fix.
  std::vector<std::string> warnings;
};

// Records `result` (an assessment of `inventory` with `policies`) as one
// scan. `scan_id` comes from Store::begin_scan(); on error the scan is
// marked failed and the previous state is intact. Once the changes are
// committed, the scan's real finish (wall clock) and timings are written
// (Store::finish_scan_timing); a failure there is only a warning.
Result<RecordSummary> record_scan(store::Store& store, int64_t scan_id, const Inventory& inventory,
                                  const PolicySet& policies, const ScanResult& result,
                                  const CollectedScopes& scopes, const RecordOptions& options);

}  // namespace vigil::tracker
