// Scans done by several processes through the store's job queue (store.h
// JobRecord; vigil.yaml `workers:`, docs/scaling.md).
//
// Planning (plan_run), by the scheduling `vigil serve`:
//  - a source of kind aws with several listed accounts becomes `collect`
//    jobs of whole accounts, as many per job as fill WorkersConfig::
//    job_folders account x region folders (a job's fixed cost, clients and
//    credentials, is then shared by enough calls to keep its concurrency
//    busy), and one `reconcile` job;
//  - one listed account (or the credentials' own) with listed regions: one
//    `collect` job per folder ("global" and each region), and a reconcile job;
//  - any other source is one `scan` job.
//  Every payload holds "now_ms" (what the policies see as now: the time the
//  run was planned); collect payloads hold "accounts" (absent: the source's
//  selection) and "folders" (absent: all).
//
// Running (run_job), by `vigil worker` (worker.h):
//  - collect: collects its part live into a temporary folder; the job's
//    result is the packed part (capture_part.h). Cancelled (lease lost, stop)
//    it is an Error, never a part that looks complete.
//  - reconcile: puts the parts of the run's done collect jobs back together
//    and loads, assesses and records them as one scan of the source. A
//    failed collect job's folders are absent: their scopes are not listed,
//    so nothing in them closes or is deleted, and the scan is partial.
//  - scan: load, assess, record the source, as `vigil serve` alone does.
//  A run is recorded at most once: holding the store's writer lock, a scan
//  whose scope's "job_run" is the run and that is completed or failed (a
//  worker died between recording and finishing its job) is the job's result
//  instead of a second recording. Result: RunOutcome as JSON.
//
// Waiting (await_run), by the scheduling `vigil serve`: an unfinished run of
// the source (left by a leader that died) is adopted instead of planning a
// new one; then the run's last job (reconcile or scan) is polled until it is
// done or failed, or `stop` is set (the run goes on in the workers; the next
// leader adopts it).
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "daemon/config.h"
#include "policy/policy_set.h"
#include "store/store.h"

namespace vigil::daemon {

std::vector<store::JobRecord> plan_run(const SourceConfig& source, const WorkersConfig& workers,
                                       const std::string& run, store::Time now);

// What a recording job (scan, reconcile) reports, and what await_run returns.
struct RunOutcome {
  int64_t scan_id = 0;  // 0: no scan recorded
  bool completed = false;
  std::string status;    // "completed" or "failed: <why>"
  std::string log;       // the scan's summary line for logs
};
nlohmann::json to_json(const RunOutcome& outcome);
RunOutcome run_outcome_from(const nlohmann::json& json);

struct JobContext {
  const Config& config;
  const PolicySet& policies;
  store::Store& store;
  unsigned threads = 0;                       // engine and capture reading; 0: all cores
  const std::atomic<bool>* cancel = nullptr;  // lease lost or stop: give up promptly
};

// The job's result text (done), or why it failed.
Result<std::string> run_job(const store::JobRecord& job, JobContext& context);

struct AwaitOptions {
  std::chrono::milliseconds poll{500};
  std::function<void(const std::string&)> log;
  // Called right after a new run is queued (not for an adopted one): the
  // scheduler stores the source's next run there, so a leader that dies
  // while waiting is not followed by a second run of the same slot.
  std::function<void()> on_queued;
};
Result<RunOutcome> await_run(store::Store& store, const SourceConfig& source,
                             const WorkersConfig& workers, store::Time now,
                             const std::atomic<bool>& stop, const AwaitOptions& options);

}  // namespace vigil::daemon
