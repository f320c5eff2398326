// The scheduling side of a scan done by workers (jobs.h await_run).
#include <fmt/format.h>

#include <random>
#include <thread>

#include "daemon/jobs.h"

namespace vigil::daemon {

namespace {

std::string new_run_id(const SourceConfig& source, store::Time now) {
  std::random_device random;
  uint64_t bits = (uint64_t{random()} << 32) | random();
  return fmt::format(
      "{}@{}-{:016x}", source.name,
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count(), bits);
}

// The unfinished run of `source` planned earlier (by a leader that died), if any.
Result<std::string> unfinished_run(store::Store& store, const SourceConfig& source) {
  auto jobs = store.jobs(store::JobFilter{.run = "", .unfinished_only = true});
  if (!jobs.ok()) return jobs.error();
  for (const store::JobRecord& j : *jobs)
    if (j.source == source.name) return j.run;
  return std::string();
}

}  // namespace

Result<RunOutcome> await_run(store::Store& store, const SourceConfig& source,
                             const WorkersConfig& workers, store::Time now,
                             const std::atomic<bool>& stop, const AwaitOptions& options) {
  auto log = [&](const std::string& line) {
    if (options.log) options.log(line);
  };
  auto adopted = unfinished_run(store, source);
  if (!adopted.ok()) return adopted.error();
  std::string run = *adopted;
  if (run.empty()) {
    run = new_run_id(source, now);
    std::vector<store::JobRecord> jobs = plan_run(source, workers, run, now);
    auto ids = store.enqueue_jobs(jobs);
    if (!ids.ok()) return ids.error();
    log(fmt::format("scan of {}: run {} queued as {} job{} for the workers", source.name, run,
                    jobs.size(), jobs.size() == 1 ? "" : "s"));
    if (options.on_queued) options.on_queued();
  } else {
    log(
        fmt::format("scan of {}: run {}, queued before, is not finished: waiting for it instead "
                    "of queuing another",
                    source.name, run));
  }
  bool waiting_logged = false;
  while (!stop.load()) {
    auto jobs = store.jobs(store::JobFilter{.run = run, .unfinished_only = false});
    if (!jobs.ok()) return jobs.error();
    if (jobs->empty()) return Error(fmt::format("run {} has no jobs", run));
    const store::JobRecord& last = jobs->back();  // reconcile or scan: planned last
    if (last.state == "done" || last.state == "failed") {
      auto finished =
          store.jobs(store::JobFilter{.run = run, .unfinished_only = false, .with_results = true});
      if (!finished.ok()) return finished.error();
      const store::JobRecord& job = finished->back();
      RunOutcome outcome;
      if (job.state == "done") {
        outcome = run_outcome_from(nlohmann::json::parse(job.result, nullptr, false));
      } else {
        outcome.status = fmt::format("failed: {} job {}: {}", job.kind, job.id, job.error);
        outcome.log = outcome.status;
      }
      return outcome;
    }
    bool anyone = std::any_of(jobs->begin(), jobs->end(),
                              [](const store::JobRecord& j) { return j.state == "running"; });
    if (!anyone && !waiting_logged) {
      log(fmt::format("scan of {}: waiting for a worker to take run {} (start `vigil worker`)",
                      source.name, run));
      waiting_logged = true;
    }
    std::this_thread::sleep_for(options.poll);
  }
  return Error(fmt::format("stopped waiting for run {}; its jobs go on in the workers, and the "
                           "next scheduler adopts it",
                           run))
      .with_kind(Error::Kind::Unavailable);
}

}  // namespace vigil::daemon
