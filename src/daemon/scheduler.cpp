// The `vigil serve` scheduler (scheduler.h).
#include "daemon/scheduler.h"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "core/time_text.h"
#include "daemon/autofix_tick.h"
#include "daemon/jobs.h"

namespace vigil::daemon {

namespace {
constexpr std::chrono::seconds kWriterWait{60};
}  // namespace

Time SystemClock::now() { return std::chrono::system_clock::now(); }

void SystemClock::sleep_until(Time until, const std::atomic<bool>& stop) {
  while (!stop.load()) {
    Time t = now();
    if (t >= until) return;
    std::this_thread::sleep_for(
        std::min<Time::duration>(until - t, std::chrono::milliseconds(100)));
  }
}

Scheduler::Scheduler(const Config& config, const PolicySet& policies, store::Store& store,
                     Clock& clock, SchedulerOptions options)
    : config_(config),
      policies_(policies),
      store_(store),
      clock_(clock),
      options_(std::move(options)) {
  uint64_t seed = options_.seed;
  if (seed == 0)
    seed = static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  random_.seed(seed);
  if (config_.notifications.enabled)
    notifier_ = std::make_unique<Notifier>(config_.notifications, store_);
}

void Scheduler::notify_tick() {
  if (!notifier_) return;
  for (const std::string& line : notifier_->tick(clock_.now())) log(line);
}

void Scheduler::autofix_tick() {
  if (!autofix_configured(config_)) return;
  // As for scans: a defect ends this tick with the reason, not the daemon. A
  // plan left `running` by it is resolved by the next tick (autofix.h).
  Result<fix::AutofixReport> report = Error("not run");
  try {
    report = run_autofix(
        config_, policies_, store_, [this] { return clock_.now(); }, "autofix");
  } catch (const std::exception& e) {
    report = Error(fmt::format("internal error: {}", e.what()));
  } catch (...) {
    report = Error("internal error: an exception that is not a std::exception");
  }
  if (!report.ok()) {
    log("autofix: " + report.error().message);
    return;
  }
  for (const std::string& line : report->log) log(line);
  if (std::string summary = report->summary(); !summary.empty()) log(summary);
}

void Scheduler::index_search() {
  // Batches of this many versions: each is one short write transaction, and
  // a stop request waits for one batch at most.
  constexpr size_t kBatch = 5000;
  size_t total = 0;
  while (!stop_requested()) {
    auto added = store_.index_search(kBatch);
    if (!added.ok()) {
      log("search index: " + added.error().message);
      break;
    }
    if (*added == 0) break;
    total += *added;
  }
  log(fmt::format("search index: {} asset version{} added", total, total == 1 ? "" : "s"));
}

void Scheduler::log(const std::string& line) {
  if (options_.log) options_.log(line);
}

Time Scheduler::next_with_jitter(const SourceConfig& source, Time after) {
  std::optional<Time> base = source.cadence.next_after(after);
  if (!base) return Time::max();  // a cron expression that never matches again
  if (source.cadence.jitter.count() <= 0) return *base;
  std::uniform_int_distribution<int64_t> ms(
      0, std::chrono::duration_cast<std::chrono::milliseconds>(source.cadence.jitter).count() - 1);
  return *base + std::chrono::milliseconds(ms(random_));
}

Status Scheduler::start() {
  auto stored = store_.schedules();
  if (!stored.ok()) return stored.error();
  Time now = clock_.now();
  sources_.clear();
  for (const SourceConfig& source : config_.sources) {
    SourceState state;
    state.source = &source;
    auto it = std::find_if(stored->begin(), stored->end(),
                           [&](const store::ScheduleState& s) { return s.source == source.name; });
    if (it != stored->end()) {
      state.last_run = it->last_run;
      state.next_run = it->next_run;
      state.last_status = it->last_status;
    }
    if (!state.next_run) {
      state.next_run = now;  // never scheduled: run at start
      store::ScheduleState s{source.name, state.last_run, state.next_run, state.last_status};
      Status put = store_.put_schedule(s);
      if (!put.ok()) return put.error();
    }
    log(fmt::format("source {} ({}): {}; next run {}{}", source.name, to_string(source.kind),
                    source.cadence.describe(), format_time(*state.next_run),
                    *state.next_run < now ? " (overdue: runs now, once)" : ""));
    sources_.push_back(std::move(state));
  }
  index_search();
  return Status::Ok();
}

void Scheduler::run_one(SourceState& state) {
  if (config_.workers.enabled) return run_one_by_workers(state);
  const SourceConfig& source = *state.source;
  // One process records scans at a time (store.h acquire_writer): hold the
  // store's writer lock from before the run's time is taken until the scan
  // is recorded, so a `vigil scan --db` started meanwhile waits, and a scan
  // recorded while this one waited is never later than this one.
  // Waited for in one-second steps, so a stop request is not held up. The
  // lock is given back once the scan is recorded: the search index is
  // extended after it (finish_run) without holding up the next scan.
  Time started, finished;
  Result<pipeline::RunReport> report = Error("not run");
  {
    Status locked = store_.acquire_writer(std::chrono::seconds(1));
    for (auto waited = std::chrono::seconds(1); !locked.ok() && !stop_ && waited < kWriterWait;
         waited += std::chrono::seconds(1))
      locked = store_.acquire_writer(std::chrono::seconds(1));
    store::WriterRelease release(store_);
    started = clock_.now();
    log(fmt::format("scan of {} started", source.name));
    if (options_.progress) options_.progress->run_started(source.name);
    // A defect, or data nothing foresaw, ends this scan as failed with the
    // reason; the daemon goes on with its other sources and later runs.
    if (!locked.ok()) {
      report = locked.error();
    } else {
      try {
        report = scan_source(store_, source, policies_, config_, started, options_.threads, &stop_,
                             options_.progress ? *options_.progress : pipeline::no_observer());
      } catch (const std::exception& e) {
        report = Error(fmt::format("internal error: {}", e.what()));
      } catch (...) {
        report = Error("internal error: an exception that is not a std::exception");
      }
    }
    finished = clock_.now();
  }
  if (options_.progress)
    options_.progress->run_ended(report.ok() ? "completed" : "failed: " + report.error().message);
  if (report.ok()) {
    state.last_status = "completed";
    log(fmt::format("scan of {} completed: {}", source.name, report_line(*report)));
    for (const std::string& w : report->record.warnings)
      log(fmt::format("scan of {}: warning: {}", source.name, w));
  } else {
    state.last_status = "failed: " + report.error().message;
    log(fmt::format("scan of {} failed: {}", source.name, report.error().message));
  }
  finish_run(state, started, finished, report.ok());
}

void Scheduler::run_one_by_workers(SourceState& state) {
  const SourceConfig& source = *state.source;
  Time started = clock_.now();
  if (options_.progress) options_.progress->run_started(source.name);
  AwaitOptions await;
  await.log = [this](const std::string& line) { log(line); };
  await.on_queued = [this, &state, &source, started] {
    store::ScheduleState queued{source.name, started, next_with_jitter(source, started),
                                "queued as jobs"};
    if (Status put = store_.put_schedule(queued); !put.ok())
      log(fmt::format("source {}: cannot store the next run time: {}", source.name,
                      put.error().message));
    state.last_status = queued.last_status;
  };
  Result<RunOutcome> outcome = Error("not run");
  try {
    outcome = await_run(store_, source, config_.workers, started, stop_, await);
  } catch (const std::exception& e) {
    outcome = Error(fmt::format("internal error: {}", e.what()));
  }
  if (outcome.ok() && !outcome->completed) outcome = Error(outcome->status);
  if (options_.progress)
    options_.progress->run_ended(outcome.ok() ? "completed" : "failed: " + outcome.error().message);
  if (!outcome.ok() && outcome.error().kind == Error::Kind::Unavailable && stop_requested()) {
    log(fmt::format("scan of {}: {}", source.name, outcome.error().message));
    return;  // not finished: the schedule stays, the next leader adopts the run
  }
  if (outcome.ok()) {
    state.last_status = "completed";
    log(fmt::format("scan of {} completed by the workers: {}", source.name, outcome->log));
  } else {
    state.last_status = outcome.error().message;
    if (state.last_status.rfind("failed: ", 0) != 0)
      state.last_status = "failed: " + state.last_status;
    log(fmt::format("scan of {} {}", source.name, state.last_status));
  }
  finish_run(state, started, clock_.now(), outcome.ok());
}

void Scheduler::finish_run(SourceState& state, Time started, Time finished, bool completed) {
  const SourceConfig& source = *state.source;
  ++state.runs;
  state.last_run = started;
  // From the time it ran (not the slot it was due at): missed slots collapse into this run.
  state.next_run = next_with_jitter(source, std::max(finished, started));
  if (completed) index_search();
  store::ScheduleState s{source.name, state.last_run, state.next_run, state.last_status};
  Status put = store_.put_schedule(s);
  if (!put.ok())
    log(fmt::format("source {}: cannot store the next run time: {}", source.name,
                    put.error().message));
  log(fmt::format(
      "source {}: next run {}", source.name,
      state.next_run == Time::max() ? std::string("never") : format_time(*state.next_run)));
}

Status Scheduler::request_run(const std::string& source) {
  // The configuration, not sources_: the API may ask before start() ran.
  bool known = std::any_of(config_.sources.begin(), config_.sources.end(),
                           [&](const SourceConfig& s) { return s.name == source; });
  if (!known)
    return Error(fmt::format("no source is named '{}'", source))
        .with_kind(Error::Kind::NotFound)
        .with_subject("source");
  {
    std::lock_guard lock(requests_mutex_);
    if (std::find(requested_.begin(), requested_.end(), source) == requested_.end())
      requested_.push_back(source);
  }
  wake_.store(true);
  return Status::Ok();
}

std::optional<Time> Scheduler::run_due() {
  while (!stop_requested()) {
    Time now = clock_.now();
    std::vector<std::string> requested;
    {
      std::lock_guard lock(requests_mutex_);
      requested.swap(requested_);
    }
    for (SourceState& s : sources_)
      if (std::find(requested.begin(), requested.end(), s.source->name) != requested.end()) {
        log(fmt::format("source {}: a scan was requested", s.source->name));
        s.next_run = std::min(s.next_run.value_or(now), now - std::chrono::milliseconds(1));
      }
    SourceState* due = nullptr;
    for (SourceState& s : sources_)
      if (s.next_run && *s.next_run <= now && (!due || *s.next_run < *due->next_run)) due = &s;
    if (!due) break;
    run_one(*due);
  }
  std::optional<Time> earliest;
  for (const SourceState& s : sources_)
    if (s.next_run && (!earliest || *s.next_run < *earliest)) earliest = s.next_run;
  return earliest;
}

size_t Scheduler::run_all() {
  size_t failed = 0;
  for (SourceState& s : sources_) {
    if (stop_requested()) break;
    run_one(s);
    failed += s.last_status == "completed" ? 0 : 1;
  }
  autofix_tick();
  notify_tick();
  return failed;
}

Status Scheduler::run() {
  Status started = start();
  if (!started.ok()) return started;
  while (!stop_requested()) {
    std::optional<Time> next = run_due();
    if (stop_requested()) break;
    autofix_tick();
    notify_tick();
    if (notifier_ || autofix_configured(config_)) {
      Time soon = clock_.now() + Notifier::kEvery;
      if (!next || *next > soon) next = soon;
    }
    bool idle = !next || *next == Time::max();
    if (idle) log("no source has a next run; waiting for a request or a stop signal");
    clock_.sleep_until(next.value_or(Time::max()), wake_);
    bool woken = wake_.load();
    if (!stop_requested()) wake_.store(false);
    if (idle && !woken) break;  // a clock that cannot sleep forever (tests)
  }
  log("stopping: no scan in progress, the store is consistent");
  return Status::Ok();
}

}  // namespace vigil::daemon
