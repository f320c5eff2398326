// StoreSuite cases: scan records (begin, apply, fail, list, get) and the
// atomicity of apply_scan. Included by store_suite.h.
#pragma once

namespace vigil::store::testing {

TEST_P(StoreSuite, BeginScanRecordsARunningScan) {
  int64_t a = begin(kT0, "prod");
  int64_t b = begin(kT0 + 1);
  EXPECT_GT(b, a);
  auto got = store_->get_scan(b);
  ASSERT_TRUE(got.ok()) << got.error().message;
  ASSERT_TRUE(got->has_value());
  const ScanRecord& s = **got;
  EXPECT_EQ(s.id, b);
  EXPECT_EQ(s.source, "cli");
  EXPECT_EQ(s.state, ScanState::Running);
  EXPECT_EQ(s.started, at_ms(kT0 + 1));
  EXPECT_FALSE(s.finished.has_value());
  EXPECT_EQ(s.scope["sources"][0], "cli");
}

TEST_P(StoreSuite, BeginScanMarksScansLeftRunningInterrupted) {
  int64_t killed = begin(kT0);
  int64_t next = begin(kT0 + 1000);
  auto old = store_->get_scan(killed);
  ASSERT_TRUE(old.ok() && old->has_value());
  EXPECT_EQ((*old)->state, ScanState::Interrupted);
  EXPECT_FALSE((*old)->error.empty());
  // The interrupted scan cannot be applied any more; the new one can.
  Status late = store_->apply_scan(changes(killed, kT0 + 2000));
  EXPECT_FALSE(late.ok());
  EXPECT_NE(late.error().message.find("interrupted"), std::string::npos) << late.error().message;
  EXPECT_TRUE(store_->apply_scan(changes(next, kT0 + 2000)).ok());
}

TEST_P(StoreSuite, ApplyScanCompletesTheScanRecord) {
  int64_t id = begin(kT0);
  ScanChanges c = changes(id, kT0 + 1234);
  c.scopes = {{{"111", "us-east-1", "aws.s3.bucket"}, true, "", 2},
              {{"111", "global", "aws.iam.user"}, false, "AccessDenied: iam:ListUsers", 0}};
  c.assets = 2;
  c.evaluations = 10;
  c.violations = 3;
  c.compliant = 6;
  c.unknown = 1;
  c.exempted = 0;
  c.timings = {{"collect_s", 1.5}, {"reconcile_s", 0.25}};
  ASSERT_TRUE(store_->apply_scan(c).ok());
  auto got = store_->get_scan(id);
  ASSERT_TRUE(got.ok() && got->has_value());
  const ScanRecord& s = **got;
  EXPECT_EQ(s.state, ScanState::Completed);
  ASSERT_TRUE(s.finished.has_value());
  EXPECT_EQ(*s.finished, at_ms(kT0 + 1234));
  EXPECT_EQ(s.assets, 2u);
  EXPECT_EQ(s.evaluations, 10u);
  EXPECT_EQ(s.violations, 3u);
  EXPECT_EQ(s.compliant, 6u);
  EXPECT_EQ(s.unknown, 1u);
  EXPECT_DOUBLE_EQ(s.timings["collect_s"].get<double>(), 1.5);
  ASSERT_EQ(s.scopes.size(), 2u);
  auto failed =
      std::find_if(s.scopes.begin(), s.scopes.end(), [](const ScopeStatus& x) { return !x.ok; });
  ASSERT_NE(failed, s.scopes.end());
  EXPECT_EQ(failed->key, (ScopeKey{"111", "global", "aws.iam.user"}));
  EXPECT_EQ(failed->error, "AccessDenied: iam:ListUsers");
  // Applying twice is refused: the scan is no longer running.
  EXPECT_FALSE(store_->apply_scan(c).ok());
}

TEST_P(StoreSuite, TheScanStampChangesWhenAScanBeginsAndWhenItIsRecorded) {
  auto stamp = [&] {
    auto got = store_->newest_scan_stamp();
    EXPECT_TRUE(got.ok()) << got.error().message;
    return got.ok() ? *got : ScanStamp{-1, ScanState::Failed};
  };
  EXPECT_EQ(stamp(), (ScanStamp{0, ScanState::Running}));  // no scan yet
  int64_t first = begin(kT0);
  EXPECT_EQ(stamp(), (ScanStamp{first, ScanState::Running}));
  ASSERT_TRUE(store_->apply_scan(changes(first, kT0 + 10)).ok());
  EXPECT_EQ(stamp(), (ScanStamp{first, ScanState::Completed}));
  int64_t second = begin(kT0 + 20);
  ASSERT_TRUE(store_->fail_scan(second, at_ms(kT0 + 30), "collection failed").ok());
  EXPECT_EQ(stamp(), (ScanStamp{second, ScanState::Failed}));
}

TEST_P(StoreSuite, ApplyScanOfAnUnknownScanFails) {
  Status s = store_->apply_scan(changes(4242, kT0));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("4242"), std::string::npos) << s.error().message;
}

TEST_P(StoreSuite, FailScanRecordsTheError) {
  int64_t id = begin(kT0);
  ASSERT_TRUE(store_->fail_scan(id, at_ms(kT0 + 5), "collection: network unreachable").ok());
  auto got = store_->get_scan(id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->state, ScanState::Failed);
  EXPECT_EQ((*got)->error, "collection: network unreachable");
  EXPECT_EQ(*(*got)->finished, at_ms(kT0 + 5));
  EXPECT_FALSE(store_->fail_scan(9999, at_ms(kT0), "x").ok());
  // Only a running scan can fail; a completed one keeps its record.
  int64_t done = scan(kT0 + 10, {});
  EXPECT_FALSE(store_->fail_scan(done, at_ms(kT0 + 20), "late").ok());
  EXPECT_EQ(store_->get_scan(done)->value().state, ScanState::Completed);
}

TEST_P(StoreSuite, ListScansNewestFirstWithLimit) {
  int64_t a = scan(kT0, {});
  int64_t b = scan(kT0 + 1000, {});
  int64_t c = scan(kT0 + 2000, {});
  auto all = store_->list_scans({0});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].id, c);
  EXPECT_EQ((*all)[1].id, b);
  EXPECT_EQ((*all)[2].id, a);
  auto two = store_->list_scans({2});
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[0].id, c);
  // The next page: ids below the last one seen.
  auto rest = store_->list_scans({2, (*two)[1].id});
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ((*rest)[0].id, a);
  auto none = store_->get_scan(12345);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST_P(StoreSuite, FailingApplyScanWritesNothing) {
  ScanChanges first;
  first.asset_versions = {asset("a1", 1)};
  first.new_violations = {violation("p1", asset("a1", 1))};
  scan(kT0, first);
  auto before = list();
  ASSERT_EQ(before.size(), 1u);

  int64_t id = begin(kT0 + 1000);
  ScanChanges bad = changes(id, kT0 + 1500);
  bad.asset_versions = {asset("a1", 2), asset("a2", 7)};
  bad.new_violations = {violation("p2", asset("a2", 7))};
  bad.violation_updates = {
      {before[0].id, ViolationStatus::Closed, "fixed", "m", "", "fixed", std::nullopt},
      {987654, ViolationStatus::Closed, "fixed", "m", "", "fixed", std::nullopt}};
  Status s = store_->apply_scan(bad);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("987654"), std::string::npos) << s.error().message;

  auto h = heads();
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].content_hash, 1u);
  auto after = list();
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].status, ViolationStatus::Open);
  auto events = store_->violation_events(before[0].id);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 1u);
  auto rec = store_->get_scan(id);
  ASSERT_TRUE(rec.ok() && rec->has_value());
  EXPECT_EQ((*rec)->state, ScanState::Running);  // still running: the caller may fail_scan it
  EXPECT_TRUE(store_->fail_scan(id, at_ms(kT0 + 1600), s.error().message).ok());
}

TEST_P(StoreSuite, NewViolationOfAnUnknownAssetFails) {
  int64_t id = begin(kT0);
  ScanChanges c = changes(id, kT0 + 1);
  c.new_violations = {violation("p1", asset("nowhere", 1))};
  Status s = store_->apply_scan(c);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("nowhere"), std::string::npos) << s.error().message;
  EXPECT_TRUE(list().empty());
}

}  // namespace vigil::store::testing
