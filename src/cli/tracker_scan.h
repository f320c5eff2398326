// `vigil scan ... --db FILE`: records the assessment just reported in the
// store (violation lifecycle, asset history, scores) and prints what changed.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "engine/scan.h"
#include "inventory/inventory.h"
#include "policy/policy_set.h"
#include "tracker/tracker.h"

namespace vigil::cli {

// Opens (creating) the --db store and takes its writer lock, waiting up to
// `wait` for another process's scan (store.h acquire_writer): done first, so
// a bad path or a busy store fails before any collection or assessment.
// Null after printing why.
std::unique_ptr<store::Store> open_store_to_record(const std::string& db,
                                                   std::chrono::seconds wait);

struct PersistRequest {
  std::string db;                  // --db, for messages
  std::optional<store::Time>
      now;  // the scan's observation time (--now, else when it ran); none: the current time
  std::string source = "cli";      // --source: the source the scan records for (ownership)
  std::string input;      // "capture:DIR", "inventory:FILE", "aws-config:PATH" for the scan's scope
  bool summary_to_stdout = true;  // false for json/csv reports (stdout stays machine-readable)
  // The scan's scope when the input is not a path (scan --aws: aws::scan_scope,
  // the accounts and regions collected); null: {"sources": [input]}.
  nlohmann::json scope;
  // Wall clock when the command began (before collection and loading) and
  // how long collecting + loading the input took: the scan's real start and
  // its collect_s timing (`vigil scans show`).
  std::optional<store::Time> run_started;
  double load_seconds = 0;
  // The --policies paths of an ad-hoc subset: only their policies'
  // violations may change, and the scan's scope names the paths; empty: the
  // built-in set.
  std::vector<std::string> policy_subset;
};

// Returns kExitOk, or kExitError after printing why the scan was not recorded.
// `scopes`: what the source collected (tracker::scopes_of).
// `store` comes from open_store_to_record().
int persist_scan(store::Store& store, const PersistRequest& request, const Inventory& inventory,
                 const PolicySet& policies, const ScanResult& result,
                 const tracker::CollectedScopes& scopes);

}  // namespace vigil::cli
