// The scheduler on a test clock (no sleeping, no timed assertions), with
// real scans of the sample inventory into a real SQLite store.
#include "daemon/scheduler.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <set>

#include "core/time_text.h"
#include "daemon/config_sync.h"

namespace vigil::daemon {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;

Time at(int h, int m = 0) { return sys_days(year(2026) / 11 / 26) + hours(h) + minutes(m); }

// Time stands still during a scan; sleep_until jumps to the wake-up time.
class SchedulerClock : public Clock {
 public:
  explicit SchedulerClock(Time t) : now_(t) {}
  Time now() override { return now_; }
  void sleep_until(Time until, const std::atomic<bool>& stop) override {
    ++sleeps;
    if (on_sleep) on_sleep();
    if (!stop.load() && until != Time::max()) now_ = std::max(now_, until);
  }
  void set(Time t) { now_ = t; }
  size_t sleeps = 0;
  std::function<void()> on_sleep;

 private:
  Time now_;
};

class SchedulerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vigil-scheduler-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto loaded = PolicySet::load({std::string(VIGIL_SOURCE_DIR) + "/policies"});
    ASSERT_TRUE(loaded.ok());
    policies_ = std::move(loaded.set);
    config_.store = (dir_ / "vigil.db").string();
    open();
  }
  void TearDown() override {
    db_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void open() {
    db_.reset();
    auto opened = store::open_store(config_.store);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    db_ = std::move(opened.value());
  }
  SourceConfig& add_source(const std::string& name, Cadence cadence,
                           std::string path = std::string(VIGIL_SOURCE_DIR) + "/samples/inventory.jsonl") {
    SourceConfig s;
    s.name = name;
    s.kind = SourceKind::Inventory;
    s.path = path;
    s.cadence = std::move(cadence);
    config_.sources.push_back(s);
    return config_.sources.back();
  }
  Scheduler make(SchedulerClock& clock, uint64_t seed = 7) {
    SchedulerOptions options;
    options.threads = 1;
    options.seed = seed;
    options.log = [this](const std::string& line) { log_.push_back(line); };
    return Scheduler(config_, policies_, *db_, clock, options);
  }
  size_t scans() {
    auto list = db_->list_scans({1000});
    EXPECT_TRUE(list.ok());
    return list.ok() ? list->size() : 0;
  }
  std::optional<store::ScheduleState> stored(const std::string& source) {
    auto all = db_->schedules();
    EXPECT_TRUE(all.ok());
    for (const auto& s : *all)
      if (s.source == source) return s;
    return std::nullopt;
  }

  fs::path dir_;
  Config config_;
  PolicySet policies_;
  std::unique_ptr<store::Store> db_;
  std::vector<std::string> log_;
};

Cadence every(Seconds interval, Seconds jitter = Seconds(0)) {
  Cadence c;
  c.interval = interval;
  c.jitter = jitter;
  return c;
}

TEST_F(SchedulerTest, ARequestedRunGoesNowAndTheCadenceFollowsFromIt) {
  add_source("samples", every(hours(6)));
  add_source("other", every(hours(6)));
  SchedulerClock clock(at(10));
  Scheduler s = make(clock);
  ASSERT_TRUE(s.start().ok());
  EXPECT_EQ(s.run_due(), at(16));
  EXPECT_EQ(scans(), 2u);
  clock.set(at(11));
  EXPECT_EQ(s.request_run("nope").error().kind, Error::Kind::NotFound);
  ASSERT_TRUE(s.request_run("samples").ok());
  ASSERT_TRUE(s.request_run("samples").ok());  // asked twice before it ran: one run
  EXPECT_EQ(s.run_due(), at(16));              // "other" keeps its slot
  EXPECT_EQ(scans(), 3u);
  EXPECT_EQ(stored("samples")->last_run, at(11));
  EXPECT_EQ(stored("samples")->next_run, at(17));
  EXPECT_EQ(s.run_due(), at(16));
  EXPECT_EQ(scans(), 3u);
}

TEST_F(SchedulerTest, NewSourceRunsAtStartThenOnItsInterval) {
  add_source("samples", every(hours(1)));
  SchedulerClock clock(at(10));
  Scheduler s = make(clock);
  ASSERT_TRUE(s.start().ok());
  EXPECT_EQ(stored("samples")->next_run, at(10));  // persisted before the first run
  EXPECT_EQ(s.run_due(), at(11));
  EXPECT_EQ(scans(), 1u);
  auto state = stored("samples");
  ASSERT_TRUE(state.has_value());
  EXPECT_EQ(state->last_run, at(10));
  EXPECT_EQ(state->next_run, at(11));
  EXPECT_EQ(state->last_status, "completed");

  clock.set(at(10, 59));
  EXPECT_EQ(s.run_due(), at(11));
  EXPECT_EQ(scans(), 1u);  // not due yet
  clock.set(at(11));
  EXPECT_EQ(s.run_due(), at(12));
  EXPECT_EQ(scans(), 2u);
  auto list = db_->list_scans({10});
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->front().source, "samples");
  EXPECT_EQ(list->front().state, store::ScanState::Completed);
}

TEST_F(SchedulerTest, NextRunSurvivesARestartAndMissedRunsRunOnce) {
  add_source("samples", every(hours(1)));
  {
    SchedulerClock clock(at(10));
    Scheduler s = make(clock);
    ASSERT_TRUE(s.start().ok());
    s.run_due();
  }
  open();  // a new process
  {
    SchedulerClock clock(at(10, 20));
    Scheduler s = make(clock);
    ASSERT_TRUE(s.start().ok());
    EXPECT_EQ(s.sources()[0].next_run, at(11));  // from the store, not "run at start"
    EXPECT_EQ(s.run_due(), at(11));
    EXPECT_EQ(scans(), 1u);
  }
  open();
  {
    SchedulerClock clock(at(15, 30));  // down for four slots
    Scheduler s = make(clock);
    ASSERT_TRUE(s.start().ok());
    EXPECT_EQ(s.run_due(), at(16, 30));  // one run now; the next from when it ran
    EXPECT_EQ(scans(), 2u);
    EXPECT_EQ(s.sources()[0].runs, 1u);
  }
}

TEST_F(SchedulerTest, JitterDelaysWithinItsBound) {
  add_source("samples", every(hours(1), minutes(10)));
  SchedulerClock clock(at(10));
  Scheduler s = make(clock, 42);
  ASSERT_TRUE(s.start().ok());
  std::set<Time::duration> seen;
  for (int i = 0; i < 4; ++i) {
    Time before = clock.now();
    std::optional<Time> next = s.run_due();
    ASSERT_TRUE(next.has_value());
    EXPECT_GE(*next, before + hours(1));
    EXPECT_LT(*next, before + hours(1) + minutes(10));
    seen.insert(*next - before);
    clock.set(*next);
  }
  EXPECT_GT(seen.size(), 1u);  // not a constant delay
  EXPECT_EQ(scans(), 4u);
}

TEST_F(SchedulerTest, CronCadenceAndSeveralSourcesEarliestFirst) {
  Cadence cron;
  auto parsed = CronSchedule::parse("0 */6 * * *");
  ASSERT_TRUE(parsed.ok());
  cron.cron = *parsed;
  add_source("six-hourly", cron);
  add_source("hourly", every(hours(1)));
  SchedulerClock clock(at(10, 15));
  Scheduler s = make(clock);
  ASSERT_TRUE(s.start().ok());
  EXPECT_EQ(s.run_due(), at(11, 15));  // both ran at start; hourly is next
  EXPECT_EQ(s.sources()[0].next_run, at(12));
  EXPECT_EQ(s.sources()[1].next_run, at(11, 15));
  EXPECT_EQ(scans(), 2u);
  clock.set(at(12, 30));
  EXPECT_EQ(s.run_due(), at(13, 30));
  EXPECT_EQ(scans(), 4u);
  EXPECT_EQ(s.sources()[0].next_run, at(18));
}

TEST_F(SchedulerTest, AFailingSourceIsRecordedAndKeepsItsSchedule) {
  add_source("missing", every(hours(2)), (dir_ / "nowhere.jsonl").string());
  SchedulerClock clock(at(10));
  Scheduler s = make(clock);
  ASSERT_TRUE(s.start().ok());
  EXPECT_EQ(s.run_due(), at(12));
  auto state = stored("missing");
  ASSERT_TRUE(state.has_value());
  EXPECT_EQ(state->last_status.rfind("failed: ", 0), 0u) << state->last_status;
  auto list = db_->list_scans({10});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().state, store::ScanState::Failed);
  EXPECT_NE(list->front().error.find("nowhere.jsonl"), std::string::npos) << list->front().error;
}

TEST_F(SchedulerTest, RunAllScansEverySourceOnceAndStoresTheirNextRuns) {
  add_source("hourly", every(hours(1)));
  add_source("missing", every(hours(2)), (dir_ / "nowhere.jsonl").string());
  SchedulerClock clock(at(10));
  Scheduler s = make(clock);
  ASSERT_TRUE(s.start().ok());
  EXPECT_EQ(s.run_all(), 1u);  // the missing file fails
  EXPECT_EQ(scans(), 2u);
  EXPECT_EQ(stored("hourly")->next_run, at(11));
  EXPECT_EQ(stored("missing")->next_run, at(12));
}

TEST_F(SchedulerTest, RunLoopsUntilStopped) {
  add_source("samples", every(minutes(30)));
  SchedulerClock clock(at(10));
  Scheduler s = make(clock);
  clock.on_sleep = [&] {
    if (clock.sleeps == 3) s.request_stop();
  };
  ASSERT_TRUE(s.run().ok());
  EXPECT_EQ(scans(), 3u);  // at 10:00, 10:30, 11:00; stopped during the third sleep
  EXPECT_EQ(stored("samples")->next_run, at(11, 30));
  EXPECT_EQ(log_.back(), "stopping: no scan in progress, the store is consistent");
}

TEST_F(SchedulerTest, ConfigSyncIsIdempotent) {
  GroupConfig g;
  g.name = "prod";
  g.criteria = {{"accounts", {"111111111111"}}};
  config_.groups.push_back(g);
  StickyExceptionConfig e;
  e.policies = {"aws-s3-bucket-versioning-disabled"};
  e.group = "prod";
  e.reason = "accepted";
  e.granted_by = "lead";
  e.expires = at(10) + hours(24 * 30);
  config_.exceptions.push_back(e);
  auto first = sync_config(*db_, config_, at(10));
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->groups_put, 1u);
  EXPECT_EQ(first->exceptions_granted, 1u);
  auto again = sync_config(*db_, config_, at(11));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->groups_put, 0u);
  EXPECT_EQ(again->exceptions_granted, 0u);
  auto audit = db_->audit_log({100});
  ASSERT_TRUE(audit.ok());
  EXPECT_EQ(audit->size(), 2u);  // one group.add, one exception.grant

  config_.groups.clear();  // removed from the file: the config group goes
  config_.exceptions.clear();
  auto removed = sync_config(*db_, config_, at(12));
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(removed->groups_deleted, 1u);
  auto groups = db_->groups();
  ASSERT_TRUE(groups.ok());
  EXPECT_TRUE(groups->empty());
}

}  // namespace
}  // namespace vigil::daemon
