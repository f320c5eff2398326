// One scan of one source, end to end: load the source's assets, assess them
// with the policy set, record the result in the store (tracker::record_scan).
// Shared by `vigil serve` (scheduled) and `vigil scan --db` (one-off).
#pragma once

#include <atomic>
#include <optional>
#include <string>

#include "core/result.h"
#include "daemon/config.h"
#include "engine/scan.h"
#include "inventory/inventory.h"
#include "policy/policy_set.h"
#include "store/store.h"
#include "tracker/tracker.h"

namespace vigil::daemon {

// The assets of a source and the scopes it covered.
struct LoadedSource {
  Inventory inventory;
  tracker::CollectedScopes scopes;
  bool partial = false;  // failed scopes or malformed files (their findings are unknown)
  std::string summary;   // one line: "479 assets, 3 accounts, 2 failed scopes"
  double seconds = 0;
  // Kind aws: what the collection covered, added to the scan's scope
  // ({"accounts": [...], "regions": [...], "types": [...], "failed_accounts": [...]}).
  nlohmann::json scope = nlohmann::json::object();
};

// Reads a capture folder, AWS Config snapshots or an inventory file, or
// collects kind aws live (daemon/aws_source.h): into a temporary folder,
// removed afterwards, then read as a capture. A live collection in which
// every account failed is an Error, never an empty inventory.
// `cancel` (may be null) stops a live collection promptly. `limits` bound
// what is read (AWS Config file sizes, HTTP responses, listings).
Result<LoadedSource> load_source(const SourceConfig& source, unsigned threads, const Limits& limits,
                                 const std::atomic<bool>* cancel = nullptr);

// The policies section as loader options (params converted to CEL values),
// with the evaluation limits of `limits`.
Result<LoadOptions> policy_load_options(const PoliciesConfig& policies, const Limits& limits);

// Records an assessment: begin_scan, record_scan; on error the scan is
// marked failed (fail_scan) and the error returned.
struct RecordRequest {
  std::string source = "cli";
  nlohmann::json scope;   // {"sources": [...]} as given
  store::Time started{};  // observation time (what policies saw as `now`)
  tracker::ScoreWeights weights;
  double collect_seconds = 0;
  // Wall clock when the run began (before collection); absent: derived from
  // the step timings (tracker::RecordOptions::run_started).
  std::optional<store::Time> run_started;
  bool whole_policy_set = true;      // tracker::RecordOptions::whole_policy_set
  std::vector<std::string> sources;  // tracker::RecordOptions::sources
};
Result<tracker::RecordSummary> record_assessment(store::Store& store, const Inventory& inventory,
                                                 const PolicySet& policies,
                                                 const ScanResult& result,
                                                 const tracker::CollectedScopes& scopes,
                                                 const RecordRequest& request);

// The whole pipeline for a configured source: load, assess (at time `now`),
// record. `policies` is loaded once by the caller from config.policies.
struct SourceScanReport {
  tracker::RecordSummary record;
  size_t assets = 0, evaluations = 0, violations = 0, unknown = 0;
  bool partial = false;
  std::string load_summary;
};
Result<SourceScanReport> scan_source(store::Store& store, const SourceConfig& source,
                                     const PolicySet& policies, const Config& config,
                                     store::Time now, unsigned threads,
                                     const std::atomic<bool>* cancel = nullptr);

// One line for logs: "opened 3, reopened 0, closed 1, exempted 0, ... (scan 12)".
std::string summary_line(const tracker::RecordSummary& summary);

}  // namespace vigil::daemon
