// `vigil worker`: takes jobs from the store's queue (store.h JobRecord) and
// runs them (jobs.h run_job) until stopped.
//
// Contract
// - One job at a time. While it runs, a heartbeat thread renews its lease
//   every third of `lease` through its own store connection; when the lease
//   is lost (another worker took the job over) the job is cancelled and its
//   outcome dropped: finish_job then says Conflict, and nothing is recorded
//   twice (jobs.h).
// - A job's Error finishes it `failed` with the message; it is not retried
//   (only lost leases are: store.h).
// - Stopping: request_stop() (async-signal-safe: sets flags) cancels the job
//   in progress (a live collection stops promptly and its job fails; a
//   recording job's store transaction is atomic either way) and makes run()
//   return.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "daemon/config.h"
#include "policy/policy_set.h"
#include "store/store.h"

namespace vigil::daemon {

struct WorkerOptions {
  std::string name;                      // unique among workers (default: host:pid)
  std::chrono::milliseconds poll{1000};  // sleep when the queue is empty
  unsigned threads = 0;                  // per job; 0: all cores
  bool until_idle = false;               // return once the queue is empty (tests, batch)
  std::function<void(const std::string&)> log;
};

class Worker {
 public:
  // `heartbeats` is a second connection to the same store, used only by the
  // heartbeat thread.
  Worker(const Config& config, const PolicySet& policies, store::Store& store,
         store::Store& heartbeats, WorkerOptions options);

  // Claims and runs jobs until stopped (or idle, with until_idle). Returns
  // how many jobs it finished.
  Result<size_t> run();
  void request_stop() {
    stop_.store(true);
    cancel_.store(true);
  }

 private:
  // Runs one claimed job to its end; an Error when the store failed.
  Status run_claimed(const store::JobRecord& job);
  void log(const std::string& line);

  const Config& config_;
  const PolicySet& policies_;
  store::Store& store_;
  store::Store& heartbeats_;
  WorkerOptions options_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> cancel_{false};  // the job in progress: stop, or its lease lost
};

// "host:pid", the default worker name.
std::string default_worker_name();

}  // namespace vigil::daemon
