// The scheduler of `vigil serve`: runs each configured source on its
// cadence and records every scan in the store.
//
// Contract
// - Next run times live in the store (Store::put_schedule), written after
//   every run and for new sources at start, so they survive restarts.
// - A source never run before runs at start. A source whose stored next run
//   is in the past (the process was down) runs once, not once per missed
//   slot; its following run is computed from the time it actually ran.
// - Jitter: each next run is delayed by a uniform random amount in
//   [0, jitter) (random source seeded by SchedulerOptions::seed).
// - One scan at a time: due sources run one after another in order of their
//   next run time, so a source never overlaps itself and scans never compete
//   for the store's write lock.
// - `workers: enabled` (config.h WorkersConfig): a scan is queued as jobs
//   and done by `vigil worker` processes (daemon/jobs.h); the scheduler
//   waits for it and records the schedule as for its own scans. Stopped
//   while waiting, it leaves the schedule as it was: the next scheduler
//   adopts the unfinished run instead of queuing another.
// - Stopping: request_stop() (async-signal-safe: it only sets a flag) makes
//   run() return after the scan in progress, if any, has been recorded or
//   failed; record_scan is one transaction, so the store is consistent at
//   every instant anyway (see store.h).
// - A run requested by request_run() (the API's "scan now") goes before the
//   due sources; it wakes the scheduler from its sleep.
// - Notifications (daemon/notifications.h), when configured: a tick after
//   every round of scans and at least every Notifier::kEvery while idle.
//   AutoFix (daemon/autofix_tick.h), when configured, ticks just before.
// - Time comes from a Clock, so tests drive the scheduler without sleeping.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "daemon/config.h"
#include "daemon/notifications.h"
#include "daemon/source_scan.h"
#include "pipeline/progress_board.h"
#include "policy/policy_set.h"
#include "store/store.h"

namespace vigil::daemon {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Time now() = 0;
  // Returns at `until`, or earlier when `stop` becomes true.
  virtual void sleep_until(Time until, const std::atomic<bool>& stop) = 0;
};

// The wall clock; sleeps in short slices so a stop request is seen quickly.
class SystemClock : public Clock {
 public:
  Time now() override;
  void sleep_until(Time until, const std::atomic<bool>& stop) override;
};

struct SchedulerOptions {
  unsigned threads = 0;  // engine worker threads per scan (0: all cores)
  uint64_t seed = 0;     // jitter's random source (0: from the clock)
  // Receives one line per event (start, each scan's summary, errors).
  std::function<void(const std::string&)> log;
  // Receives each run's start, progress and end (the API streams it); null: none.
  pipeline::ProgressBoard* progress = nullptr;
};

struct SourceState {
  const SourceConfig* source = nullptr;
  std::optional<Time> last_run, next_run;
  std::string last_status;
  size_t runs = 0;  // in this process
};

class Scheduler {
 public:
  Scheduler(const Config& config, const PolicySet& policies, store::Store& store, Clock& clock,
            SchedulerOptions options);

  // Reads the stored schedule, computes each source's next run, and
  // persists the schedule of sources seen for the first time.
  Status start();

  // Runs every source due at clock.now(), earliest first (stopping early on
  // a stop request). Returns the earliest next run time of all sources.
  std::optional<Time> run_due();

  // start(), then run_due() / sleep until the next run, until stopped.
  Status run();

  // After start(): runs every source once now, whatever its schedule, and
  // stores each one's next run (`vigil serve --once`). Returns how many failed.
  size_t run_all();

  void request_stop() {
    stop_.store(true);
    wake_.store(true);
  }
  // Thread-safe: scan `source` as soon as the scan in progress, if any, is
  // recorded (its next run is then computed from that scan, as for any
  // run). Asking again before it ran is one request. NotFound when no
  // source has that name.
  Status request_run(const std::string& source);
  bool stop_requested() const { return stop_.load(); }
  const std::vector<SourceState>& sources() const { return sources_; }

 private:
  void run_one(SourceState& state);
  // `workers: enabled`: queue the scan as jobs and wait for them (jobs.h).
  void run_one_by_workers(SourceState& state);
  // The run's bookkeeping: runs, last and next run (stored), search index.
  void finish_run(SourceState& state, Time started, Time finished, bool completed);
  Time next_with_jitter(const SourceConfig& source, Time after);
  void log(const std::string& line);

  const Config& config_;
  const PolicySet& policies_;
  store::Store& store_;
  Clock& clock_;
  SchedulerOptions options_;
  std::vector<SourceState> sources_;
  std::mt19937_64 random_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> wake_{false};  // a stop or a run request ends the sleep between runs
  std::mutex requests_mutex_;
  std::vector<std::string> requested_;
  std::unique_ptr<Notifier> notifier_;  // null: notifications off
  void notify_tick();
  // AutoFix (daemon/autofix_tick.h), when `fixes: autofix:` lists policies:
  // before notify_tick, so its notices go out in the same tick.
  void autofix_tick();
  // Adds the versions recorded since the last call to the store's search
  // index (store.h index_search): after each scan, and at start for scans
  // recorded by other processes (`vigil scan --db`).
  void index_search();
};

}  // namespace vigil::daemon
