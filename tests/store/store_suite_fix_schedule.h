// Store suite cases (included by store_suite.h): scheduled fixes (AutoFix's
// grace period) — one active plan per violation, the plan and its notices
// in one transaction (a notice key stored once), updates, and the filters
// the AutoFix tick uses (state, violation, due by, started since).
#pragma once

namespace vigil::store::testing {

inline ScheduledFix scheduled_fix(int64_t violation, int64_t due_ms) {
  ScheduledFix p;
  p.violation_id = violation;
  p.action = "s3-block-public-access";
  p.policy_id = "p";
  p.asset_id = "arn:aws:s3:::a";
  p.account = "111";
  p.plan = {{"calls", nlohmann::json::array()}};
  p.digest = "d1";
  p.recipients = {"alice@example.com"};
  p.created = p.updated = at_ms(kT0 + 1000);
  p.due = at_ms(due_ms);
  return p;
}

inline OutboxMessage fix_notice(const std::string& key) {
  OutboxMessage m;
  m.key = key;
  m.channel = "email";
  m.kind = "fix-warning";
  m.payload = "{}";
  m.created = m.next_attempt = at_ms(kT0 + 1000);
  return m;
}

inline AuditEntry fix_audit() {
  return {.at = at_ms(kT0 + 1000), .actor = "autofix", .action = "fix.schedule"};
}

TEST_P(StoreSuite, ScheduledFixesOneActivePlanPerViolationWithItsNotices) {
  auto open = two_open_violations();
  ASSERT_EQ(open.size(), 2u);
  const int64_t va = open[0].id;
  auto id = store_->add_scheduled_fix(scheduled_fix(va, kT0 + 5000),
                                      {fix_notice("autofix:1:warning/email")}, fix_audit());
  ASSERT_TRUE(id.ok()) << id.error().message;
  auto again = store_->add_scheduled_fix(scheduled_fix(va, kT0 + 6000),
                                         {fix_notice("autofix:1:other/email")}, fix_audit());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, Error::Kind::Conflict);
  // The refused plan's notice was not queued; the first one was, with the plan's audit entry.
  auto outbox = store_->outbox_messages(0);
  ASSERT_EQ(outbox->size(), 1u);
  EXPECT_EQ((*outbox)[0].key, "autofix:1:warning/email");
  EXPECT_EQ(store_->audit_log({1})->front().object, "fix-plan:" + std::to_string(*id));

  auto stored = store_->scheduled_fixes({});
  ASSERT_EQ(stored->size(), 1u);
  const ScheduledFix& s = stored->front();
  EXPECT_EQ(s.id, *id);
  EXPECT_EQ(s.state, PlanState::Scheduled);
  EXPECT_EQ(s.mode, "auto");
  EXPECT_EQ(s.due, at_ms(kT0 + 5000));
  EXPECT_EQ(s.recipients, std::vector<std::string>{"alice@example.com"});
  EXPECT_EQ(s.plan, scheduled_fix(va, 0).plan);
  EXPECT_FALSE(s.started);
  EXPECT_FALSE(s.run_id);

  // Ended plans do not block a new one.
  ScheduledFix cancelled = s;
  cancelled.state = PlanState::Cancelled;
  cancelled.reason = "exception 3 granted";
  ASSERT_TRUE(
      store_->update_scheduled_fix(cancelled, {fix_notice("autofix:1:warning/email")}, fix_audit())
          .ok());
  EXPECT_EQ(store_->outbox_messages(0)->size(), 1u);  // a stored key is not queued twice
  EXPECT_TRUE(store_->add_scheduled_fix(scheduled_fix(va, kT0 + 7000), {}, fix_audit()).ok());
  EXPECT_EQ(store_->scheduled_fixes({.violation_id = va})->size(), 2u);

  ScheduledFix missing = s;
  missing.id = 999;
  EXPECT_EQ(store_->update_scheduled_fix(missing, {}, fix_audit()).error().kind,
            Error::Kind::NotFound);
}

TEST_P(StoreSuite, ScheduledFixesFilterByStateDueAndStart) {
  auto open = two_open_violations();
  ASSERT_EQ(open.size(), 2u);
  const int64_t va = open[0].id, vb = open[1].id;
  auto a = store_->add_scheduled_fix(scheduled_fix(va, kT0 + 9000), {}, fix_audit());
  auto b = store_->add_scheduled_fix(scheduled_fix(vb, kT0 + 2000), {}, fix_audit());
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
  ASSERT_TRUE(store_->update_scheduled_fix(running, {}, fix_audit()).ok());
  EXPECT_EQ(store_->scheduled_fixes({.started_since = at_ms(kT0 + 1000)})->size(), 1u);
  EXPECT_TRUE(store_->scheduled_fixes({.started_since = at_ms(kT0 + 3000)})->empty());
  auto r = store_->scheduled_fixes({.states = {PlanState::Running}});
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ(r->front().started, at_ms(kT0 + 2000));
  EXPECT_TRUE(store_->scheduled_fixes({.states = {PlanState::Applied}})->empty());
}

}  // namespace vigil::store::testing
