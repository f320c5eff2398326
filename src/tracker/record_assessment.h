// Recording one assessment as a scan of the store: begin_scan, then
// record_scan (tracker.h) with the caller's scope, time and settings. And
// recording a scan that failed before it assessed anything, so a failed
// attempt is visible in the scan list rather than silently absent.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "tracker/tracker.h"

namespace vigil::tracker {

struct RecordRequest {
  std::string source = "cli";  // the source that owns what the scan records (ScanRecord::source)
  nlohmann::json scope;        // the scan's scope ({"sources": [...], ...}) as given
  store::Time started{};       // observation time (what policies saw as `now`)
  ScoreWeights weights;
  double collect_seconds = 0;  // how long loading (collection included) took
  // Wall clock when the run began (before collection); absent: derived from
  // the step timings (RecordOptions::run_started).
  std::optional<store::Time> run_started;
  bool whole_policy_set = true;      // RecordOptions::whole_policy_set
  std::vector<std::string> sources;  // RecordOptions::sources
  NotifyOpened notify_opened;        // RecordOptions::notify_opened
};

// begin_scan + record_scan. On error the scan is marked failed (record_scan)
// and the previous state is intact.
Result<RecordSummary> record_assessment(store::Store& store, const Inventory& inventory,
                                        const PolicySet& policies, const ScanResult& result,
                                        const CollectedScopes& scopes,
                                        const RecordRequest& request);

// A scan that failed before assessing (the source could not be loaded):
// begin_scan + fail_scan with `why`. Nothing else changes.
Status record_failed_scan(store::Store& store, const RecordRequest& request,
                          const std::string& why);

// One line for logs: "scan 12: opened 3, reopened 0, closed 1, ...".
std::string summary_line(const RecordSummary& summary);

}  // namespace vigil::tracker
