// StoreSuite cases: exceptions and the audit log, groups and membership,
// score snapshots, scheduler state. Included by store_suite.h.
#pragma once

namespace vigil::store::testing {

TEST_P(StoreSuite, ExceptionsGrantListRevokeWithAudit) {
  ExceptionRecord per;
  per.policy_id = "p1";
  per.asset_id = "a1";
  per.reason = "legacy bucket";
  per.requested_by = "bob";
  per.granted_by = "alice";
  per.ticket = "SEC-1";
  per.created = at_ms(kT0);
  per.expires = at_ms(kT0 + 10'000);
  auto id1 = store_->add_exception(per, audit("exception.grant", ""));
  ASSERT_TRUE(id1.ok()) << id1.error().message;

  ExceptionRecord sticky;
  sticky.sticky = true;
  sticky.policy_ids = {"p1", "p2"};
  sticky.severity = "low";
  sticky.group = "sandbox";
  sticky.condition = "asset.tags.env == 'dev'";
  sticky.created = at_ms(kT0);
  sticky.expires = at_ms(kT0 + 1000);
  auto id2 = store_->add_exception(sticky, audit("exception.grant", ""));
  ASSERT_TRUE(id2.ok());

  auto got = store_->exception(*id2);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_TRUE((*got)->sticky);
  EXPECT_EQ((*got)->policy_ids, (std::vector<std::string>{"p1", "p2"}));
  EXPECT_EQ((*got)->condition, "asset.tags.env == 'dev'");
  EXPECT_EQ((*got)->group, "sandbox");
  EXPECT_EQ((*got)->expires, at_ms(kT0 + 1000));
  got = store_->exception(*id1);
  EXPECT_EQ((*got)->ticket, "SEC-1");
  EXPECT_EQ((*got)->granted_by, "alice");
  EXPECT_FALSE((*got)->revoked.has_value());

  // Active at kT0+500: both; at kT0+2000 the sticky one has expired.
  EXPECT_EQ(store_->exceptions(false, at_ms(kT0 + 500))->size(), 2u);
  auto active = store_->exceptions(false, at_ms(kT0 + 2000));
  ASSERT_EQ(active->size(), 1u);
  EXPECT_EQ((*active)[0].id, *id1);
  EXPECT_EQ(store_->exceptions(true, at_ms(kT0 + 2000))->size(), 2u);

  ASSERT_TRUE(store_
                  ->revoke_exception(*id1, at_ms(kT0 + 3000), "carol", "fixed properly",
                                     audit("exception.revoke", "exception:1", kT0 + 3000))
                  .ok());
  got = store_->exception(*id1);
  ASSERT_TRUE((*got)->revoked.has_value());
  EXPECT_EQ(*(*got)->revoked, at_ms(kT0 + 3000));
  EXPECT_EQ((*got)->revoked_by, "carol");
  EXPECT_EQ((*got)->revoke_reason, "fixed properly");
  EXPECT_TRUE(store_->exceptions(false, at_ms(kT0 + 3500))->empty());
  EXPECT_FALSE(
      store_->revoke_exception(*id1, at_ms(kT0 + 4000), "carol", "again", audit("x", "y")).ok());
  EXPECT_FALSE(
      store_->revoke_exception(999, at_ms(kT0 + 4000), "carol", "none", audit("x", "y")).ok());

  auto log = store_->audit_log({0});
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 3u);                       // failed revokes wrote nothing
  EXPECT_EQ((*log)[0].action, "exception.revoke");  // newest first
  EXPECT_EQ((*log)[0].actor, "alice");
  EXPECT_EQ((*log)[0].details["why"], "test");
  EXPECT_EQ((*log)[2].object, "exception:" + std::to_string(*id1));  // filled in when empty
  EXPECT_EQ(store_->audit_log({1})->size(), 1u);
  // The next page: entries below the last one seen, newest first.
  auto after_first = store_->audit_log({2, (*log)[0].id});
  ASSERT_TRUE(after_first.ok());
  ASSERT_EQ(after_first->size(), 2u);
  EXPECT_EQ((*after_first)[0].id, (*log)[1].id);
  EXPECT_EQ((*after_first)[1].id, (*log)[2].id);

  ExceptionRecord no_expiry;
  no_expiry.policy_id = "p1";
  EXPECT_FALSE(store_->add_exception(no_expiry, audit("exception.grant", "")).ok());
}

TEST_P(StoreSuite, AuditEntriesOfAScan) {
  ScanChanges c;
  c.audit = {audit("exception.expire", "exception:7", kT0 + 1)};
  scan(kT0, c);
  auto log = store_->audit_log({10});
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ((*log)[0].action, "exception.expire");
  EXPECT_EQ((*log)[0].at, at_ms(kT0 + 1));
}

TEST_P(StoreSuite, GroupsAndMembership) {
  GroupRecord prod{"prod", "production accounts", {{"accounts", {"111"}}}, "config"};
  GroupRecord dev{"dev", "", {{"condition", "asset.tags.env == 'dev'"}}, "cli"};
  ASSERT_TRUE(store_->put_group(prod, audit("group.add", "group:prod")).ok());
  ASSERT_TRUE(store_->put_group(dev, audit("group.add", "group:dev")).ok());
  auto all = store_->groups();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "dev");  // by name
  EXPECT_EQ((*all)[1].criteria["accounts"][0], "111");
  EXPECT_EQ((*all)[1].origin, "config");

  ScanChanges c;
  c.asset_versions = {asset("a1", 1), asset("a2", 1), asset("a3", 1)};
  c.group_members = {{"prod", {"a1", "a2"}}, {"dev", {"a3"}}};
  scan(kT0, c);
  EXPECT_EQ(*store_->group_members("prod"), (std::vector<std::string>{"a1", "a2"}));
  // Full replacement of the groups listed; others keep theirs.
  ScanChanges c2;
  c2.group_members = {{"prod", {"a2", "a3"}}};
  scan(kT0 + 1000, c2);
  EXPECT_EQ(*store_->group_members("prod"), (std::vector<std::string>{"a2", "a3"}));
  EXPECT_EQ(*store_->group_members("dev"), (std::vector<std::string>{"a3"}));
  ScanChanges empty;
  empty.group_members = {{"prod", {}}};
  scan(kT0 + 2000, empty);
  EXPECT_TRUE(store_->group_members("prod")->empty());

  // Redefinition replaces the definition.
  prod.description = "prod v2";
  ASSERT_TRUE(store_->put_group(prod, audit("group.update", "group:prod")).ok());
  all = store_->groups();
  EXPECT_EQ((*all)[1].description, "prod v2");
  EXPECT_EQ(all->size(), 2u);

  ASSERT_TRUE(store_->delete_group("dev", audit("group.delete", "group:dev")).ok());
  EXPECT_EQ(store_->groups()->size(), 1u);
  EXPECT_TRUE(store_->group_members("dev")->empty());
  EXPECT_FALSE(store_->delete_group("dev", audit("group.delete", "group:dev")).ok());
  EXPECT_EQ(store_->audit_log({0})->size(), 4u);

  int64_t id = begin(kT0 + 3000);
  ScanChanges unknown = changes(id, kT0 + 3001);
  unknown.group_members = {{"nope", {"a1"}}};
  Status s = store_->apply_scan(unknown);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("nope"), std::string::npos) << s.error().message;
}

TEST_P(StoreSuite, ScoreSnapshotsUpsertByDayDimensionKey) {
  ScanChanges c;
  c.scores = {{"2026-11-25", "overall", "", 80.0, 100, 20, 80, 0, 0},
              {"2026-11-25", "account", "111", 50.0, 10, 5, 5, 0, 0},
              {"2026-11-26", "overall", "", 85.0, 100, 15, 85, 0, 0}};
  scan(kT0, c);
  ScanChanges again;  // a second scan the same day replaces that day's row
  again.scores = {{"2026-11-26", "overall", "", 90.5, 100, 9, 90, 1, 0}};
  scan(kT0 + 1000, again);
  auto overall = store_->scores("overall", "2026-11-01", "2026-11-30");
  ASSERT_TRUE(overall.ok()) << overall.error().message;
  ASSERT_EQ(overall->size(), 2u);
  EXPECT_EQ((*overall)[0].day, "2026-11-25");
  EXPECT_DOUBLE_EQ((*overall)[1].score, 90.5);
  EXPECT_EQ((*overall)[1].violations, 9u);
  EXPECT_EQ((*overall)[1].exempted, 1u);
  EXPECT_EQ(store_->scores("overall", "2026-11-26", "2026-11-26")->size(), 1u);
  auto acct = store_->scores("account", "2026-11-25", "2026-11-25");
  ASSERT_EQ(acct->size(), 1u);
  EXPECT_EQ((*acct)[0].key, "111");
  EXPECT_TRUE(store_->scores("policy", "2026-01-01", "2026-12-31")->empty());
}

TEST_P(StoreSuite, SchedulesSurviveAsWritten) {
  ScheduleState a{"prod-capture", at_ms(kT0), at_ms(kT0 + 3'600'000), "completed"};
  ScheduleState b{"config-snapshots", std::nullopt, at_ms(kT0 + 60'000), ""};
  ASSERT_TRUE(store_->put_schedule(a).ok());
  ASSERT_TRUE(store_->put_schedule(b).ok());
  a.last_status = "failed: AccessDenied";
  a.next_run = at_ms(kT0 + 7'200'000);
  ASSERT_TRUE(store_->put_schedule(a).ok());
  auto all = store_->schedules();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].source, "config-snapshots");
  EXPECT_FALSE((*all)[0].last_run.has_value());
  EXPECT_EQ((*all)[1].last_status, "failed: AccessDenied");
  EXPECT_EQ(*(*all)[1].next_run, at_ms(kT0 + 7'200'000));
  EXPECT_EQ(*(*all)[1].last_run, at_ms(kT0));
}

}  // namespace vigil::store::testing
