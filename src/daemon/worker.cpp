// The `vigil worker` loop (worker.h).
#include "daemon/worker.h"

#include <fmt/format.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "daemon/jobs.h"

namespace vigil::daemon {

namespace {

store::Time wall_now() { return std::chrono::system_clock::now(); }

// Renews a job's lease every third of it until destroyed; sets `lost` (and
// `cancel`) when the store says the job is no longer ours.
class Heartbeat {
 public:
  Heartbeat(store::Store& store, const store::JobRecord& job, const std::string& worker,
            std::chrono::milliseconds lease, std::atomic<bool>& cancel,
            std::function<void(const std::string&)> log)
      : thread_([this, &store, id = job.id, worker, lease, &cancel, log] {
          std::unique_lock lock(mutex_);
          while (!done_) {
            if (wake_.wait_for(lock, lease / 3, [this] { return done_; })) return;
            Status renewed = store.renew_job(id, worker, wall_now() + lease);
            if (renewed.ok()) continue;
            if (renewed.error().kind == Error::Kind::Conflict) {
              lost_ = true;
              cancel.store(true);
              log(fmt::format("job {}: lease lost ({}); cancelling it", id,
                              renewed.error().message));
              return;
            }
            // A store hiccup: try again at the next beat (the lease has two more thirds).
            log(fmt::format("job {}: cannot renew the lease: {}", id, renewed.error().message));
          }
        }) {}
  ~Heartbeat() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  bool lost() const { return lost_.load(); }

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::atomic<bool> lost_{false};
  std::thread thread_;  // last: starts once the members above exist
};

}  // namespace

std::string default_worker_name() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return fmt::format("{}:{}", host[0] ? host : "localhost", ::getpid());
}

Worker::Worker(const Config& config, const PolicySet& policies, store::Store& store,
               store::Store& heartbeats, WorkerOptions options)
    : config_(config),
      policies_(policies),
      store_(store),
      heartbeats_(heartbeats),
      options_(std::move(options)) {
  if (options_.name.empty()) options_.name = default_worker_name();
}

void Worker::log(const std::string& line) {
  if (options_.log) options_.log(line);
}

Status Worker::run_claimed(const store::JobRecord& job) {
  auto lease = std::chrono::duration_cast<std::chrono::milliseconds>(config_.workers.lease);
  log(fmt::format("job {} ({} of {}, run {}, attempt {}) started", job.id, job.kind, job.source,
                  job.run, job.attempts));
  cancel_.store(stop_.load());
  Result<std::string> result = Error("not run");
  bool lost = false;
  {
    Heartbeat heartbeat(heartbeats_, job, options_.name, lease, cancel_, options_.log);
    JobContext context{config_, policies_, store_, options_.threads, &cancel_};
    try {
      result = run_job(job, context);
    } catch (const std::exception& e) {
      result = Error(fmt::format("internal error: {}", e.what()));
    } catch (...) {
      result = Error("internal error: an exception that is not a std::exception");
    }
    lost = heartbeat.lost();
  }
  if (lost) {
    log(fmt::format("job {}: dropped (another worker holds it now)", job.id));
    return Status::Ok();
  }
  Status finished = result.ok()
                        ? store_.finish_job(job.id, options_.name, "done", *result, "", wall_now())
                        : store_.finish_job(job.id, options_.name, "failed", "",
                                            result.error().message, wall_now());
  if (!finished.ok()) {
    if (finished.error().kind == Error::Kind::Conflict) {
      log(fmt::format("job {}: dropped: {}", job.id, finished.error().message));
      return Status::Ok();
    }
    return finished;
  }
  log(result.ok() ? fmt::format("job {} done", job.id)
                  : fmt::format("job {} failed: {}", job.id, result.error().message));
  return Status::Ok();
}

Result<size_t> Worker::run() {
  auto lease = std::chrono::duration_cast<std::chrono::milliseconds>(config_.workers.lease);
  log(fmt::format("worker {} waiting for jobs (lease {} s)", options_.name,
                  std::chrono::duration_cast<std::chrono::seconds>(lease).count()));
  size_t done = 0;
  while (!stop_.load()) {
    store::Time now = wall_now();
    auto job = store_.claim_job(options_.name, now, now + lease);
    if (!job.ok()) {
      log("cannot claim a job: " + job.error().message);
    } else if (job->has_value()) {
      Status ran = run_claimed(**job);
      if (!ran.ok()) log(fmt::format("job {}: {}", (*job)->id, ran.error().message));
      ++done;
      continue;
    } else if (options_.until_idle) {
      break;
    }
    for (auto slept = std::chrono::milliseconds(0); slept < options_.poll && !stop_.load();
         slept += std::chrono::milliseconds(100))
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  log(fmt::format("worker {} stopping after {} job{}", options_.name, done, done == 1 ? "" : "s"));
  return done;
}

}  // namespace vigil::daemon
