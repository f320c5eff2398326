// Scheduled fixes in the SQLite store (store.h ScheduledFix, migration 11):
// one active plan per violation, the plan and its notices in one
// transaction (a notice key stored once), updates, and the filters the
// AutoFix tick uses (state, violation, due by, started since).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "store/store.h"
#include "store_test_data.h"

namespace vigil::store {
namespace {

using testing::at_ms;
using testing::kT0;
namespace fs = std::filesystem;

class SqliteFixSchedule : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fs::temp_directory_path() / ("vigil-fix-schedule-" + std::to_string(getpid()) + ".db");
    fs::remove(path_);
    auto opened = open_store(path_.string());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    ScanRecord scan;
    scan.source = "cli";
    scan.started = at_ms(kT0);
    auto id = store_->begin_scan(scan);
    ASSERT_TRUE(id.ok());
    ScanChanges c;
    c.scan_id = *id;
    c.finished = at_ms(kT0 + 10);
    auto a = testing::asset("arn:aws:s3:::a", 1), b = testing::asset("arn:aws:s3:::b", 2);
    c.asset_versions = {a, b};
    c.new_violations = {testing::violation("p", a), testing::violation("p", b)};
    ASSERT_TRUE(store_->apply_scan(c).ok());
    auto open = store_->violations({});
    ASSERT_EQ(open->size(), 2u);
    va_ = (*open)[0].id;
    vb_ = (*open)[1].id;
  }
  void TearDown() override {
    store_.reset();
    fs::remove(path_);
    fs::remove(path_.string() + "-wal");
    fs::remove(path_.string() + "-shm");
  }

  ScheduledFix plan(int64_t violation, int64_t due_ms) {
    ScheduledFix p;
    p.violation_id = violation;
    p.action = "s3-block-public-access";
    p.policy_id = "p";
    p.asset_id = "arn:aws:s3:::a";
    p.account = "111";
    p.plan = {{"calls", nlohmann::json::array()}};
    p.digest = "d1";
    p.recipients = {"alice@example.com"};
    p.created = p.updated = at_ms(kT0 + 100);
    p.due = at_ms(due_ms);
    return p;
  }
  OutboxMessage notice(const std::string& key) {
    OutboxMessage m;
    m.key = key;
    m.channel = "email";
    m.kind = "fix-warning";
    m.payload = "{}";
    m.created = m.next_attempt = at_ms(kT0 + 100);
    return m;
  }
  AuditEntry audit() {
    return {.at = at_ms(kT0 + 100), .actor = "autofix", .action = "fix.schedule"};
  }

  fs::path path_;
  std::unique_ptr<Store> store_;
  int64_t va_ = 0, vb_ = 0;
};

TEST_F(SqliteFixSchedule, OneActivePlanPerViolationWithItsNotices) {
  auto id = store_->add_scheduled_fix(plan(va_, kT0 + 5000), {notice("autofix:1:warning/email")},
                                      audit());
  ASSERT_TRUE(id.ok()) << id.error().message;
  auto again =
      store_->add_scheduled_fix(plan(va_, kT0 + 6000), {notice("autofix:1:other/email")}, audit());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, Error::Kind::Conflict);
  // The refused plan's notice was not queued; the first one was, with the plan's audit entry.
  auto outbox = store_->outbox_messages(0);
  ASSERT_EQ(outbox->size(), 1u);
  EXPECT_EQ((*outbox)[0].key, "autofix:1:warning/email");
  EXPECT_EQ(store_->audit_log(1)->front().object, "fix-plan:" + std::to_string(*id));

  auto stored = store_->scheduled_fixes({});
  ASSERT_EQ(stored->size(), 1u);
  const ScheduledFix& s = stored->front();
  EXPECT_EQ(s.id, *id);
  EXPECT_EQ(s.state, PlanState::Scheduled);
  EXPECT_EQ(s.mode, "auto");
  EXPECT_EQ(s.due, at_ms(kT0 + 5000));
  EXPECT_EQ(s.recipients, std::vector<std::string>{"alice@example.com"});
  EXPECT_EQ(s.plan, plan(va_, 0).plan);
  EXPECT_FALSE(s.started);
  EXPECT_FALSE(s.run_id);

  // Ended plans do not block a new one.
  ScheduledFix cancelled = s;
  cancelled.state = PlanState::Cancelled;
  cancelled.reason = "exception 3 granted";
  ASSERT_TRUE(
      store_->update_scheduled_fix(cancelled, {notice("autofix:1:warning/email")}, audit()).ok());
  EXPECT_EQ(store_->outbox_messages(0)->size(), 1u);  // a stored key is not queued twice
  EXPECT_TRUE(store_->add_scheduled_fix(plan(va_, kT0 + 7000), {}, audit()).ok());
  EXPECT_EQ(store_->scheduled_fixes({.violation_id = va_})->size(), 2u);

  ScheduledFix missing = s;
  missing.id = 999;
  EXPECT_EQ(store_->update_scheduled_fix(missing, {}, audit()).error().kind, Error::Kind::NotFound);
}

TEST_F(SqliteFixSchedule, FiltersByStateDueAndStart) {
  auto a = store_->add_scheduled_fix(plan(va_, kT0 + 9000), {}, audit());
  auto b = store_->add_scheduled_fix(plan(vb_, kT0 + 2000), {}, audit());
  ASSERT_TRUE(a.ok() && b.ok());
  auto due =
      store_->scheduled_fixes({.states = {PlanState::Scheduled}, .due_by = at_ms(kT0 + 5000)});
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ(due->front().id, *b);
  auto all = store_->scheduled_fixes({});
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ(all->front().id, *b);  // earliest due first

  ScheduledFix running = all->front();
  running.state = PlanState::Running;
  running.started = at_ms(kT0 + 2000);
  running.run_id = std::nullopt;
  ASSERT_TRUE(store_->update_scheduled_fix(running, {}, audit()).ok());
  EXPECT_EQ(store_->scheduled_fixes({.started_since = at_ms(kT0 + 1000)})->size(), 1u);
  EXPECT_TRUE(store_->scheduled_fixes({.started_since = at_ms(kT0 + 3000)})->empty());
  auto r = store_->scheduled_fixes({.states = {PlanState::Running}});
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ(r->front().started, at_ms(kT0 + 2000));
  EXPECT_TRUE(store_->scheduled_fixes({.states = {PlanState::Applied}})->empty());
}

}  // namespace
}  // namespace vigil::store
