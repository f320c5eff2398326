// Store suite cases (included by store_suite.h): streamed asset deltas, a
// scan's real finish and timings written after its changes, and a revoke
// that moves its violations in the same transaction.
#pragma once

namespace vigil::store::testing {

TEST_P(StoreSuite, StreamedDeltasEqualTheVectorFormAndCanStopEarly) {
  ScanChanges c1;
  c1.asset_versions = {asset("a", 1), asset("b", 1), asset("c", 1)};
  scan(kT0, c1);
  ScanChanges c2;  // a changes, b deleted, d created
  c2.asset_versions = {asset("a", 2), asset("d", 1)};
  c2.deleted_assets = {"b"};
  scan(kT0 + 1000, c2);

  AssetDeltaFilter f;
  f.from = at_ms(kT0 + 500);
  f.to = at_ms(kT0 + 1500);
  std::vector<std::string> seen;
  std::vector<AssetDelta::Kind> kinds;
  std::vector<std::string> after_contents;
  Status s = store_->for_each_asset_delta(f, [&](const AssetDelta& d) {
    seen.push_back(d.identity.id);
    kinds.push_back(d.kind);
    after_contents.push_back(d.after ? d.after->content : "");
    return true;
  });
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b", "d"}));  // by asset id
  EXPECT_EQ(kinds,
            (std::vector<AssetDelta::Kind>{AssetDelta::Kind::Changed, AssetDelta::Kind::Deleted,
                                           AssetDelta::Kind::Created}));
  EXPECT_EQ(after_contents[0], asset("a", 2).content);
  EXPECT_EQ(after_contents[1], "");
  EXPECT_EQ(after_contents[2], asset("d", 1).content);
  auto all = store_->asset_deltas(f);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ((*all)[i].identity.id, seen[i]);

  size_t calls = 0;
  s = store_->for_each_asset_delta(f, [&](const AssetDelta&) { return ++calls < 2; });
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(calls, 2u);

  AssetDeltaFilter backwards;
  backwards.from = at_ms(kT0 + 10);
  backwards.to = at_ms(kT0);
  s = store_->for_each_asset_delta(backwards, [&](const AssetDelta&) { return true; });
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("before"), std::string::npos) << s.error().message;
}

TEST_P(StoreSuite, FinishScanTimingAfterTheChangesCommitted) {
  int64_t id = begin(kT0);
  Status running = store_->finish_scan_timing(id, at_ms(kT0 + 9000), {{"total_s", 9.0}});
  ASSERT_FALSE(running.ok());
  EXPECT_NE(running.error().message.find("still running"), std::string::npos);
  ScanChanges c = changes(id, kT0 + 100);
  c.timings = {{"reconcile_s", 0.1}};
  ASSERT_TRUE(store_->apply_scan(c).ok());
  ASSERT_TRUE(
      store_->finish_scan_timing(id, at_ms(kT0 + 9000), {{"reconcile_s", 0.1}, {"total_s", 9.0}})
          .ok());
  auto got = store_->get_scan(id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->started, at_ms(kT0));
  EXPECT_EQ((*got)->finished, at_ms(kT0 + 9000));
  EXPECT_EQ((*got)->state, ScanState::Completed);
  EXPECT_EQ((*got)->timings["total_s"], 9.0);
  EXPECT_EQ((*got)->timings["reconcile_s"], 0.1);
  EXPECT_FALSE(store_->finish_scan_timing(id + 1000, at_ms(kT0), {}).ok());
}

TEST_P(StoreSuite, RevokeMovesItsViolationsInTheSameTransaction) {
  ScanChanges c;
  AssetVersionWrite a = asset("a", 1);
  c.asset_versions = {a};
  ExceptionRecord e;
  e.policy_id = "p1";
  e.asset_id = "a";
  e.reason = "r";
  e.granted_by = "alice";
  e.created = at_ms(kT0);
  e.expires = at_ms(kT0 + 100000);
  auto first = store_->add_exception(e, audit("exception.grant", ""));
  auto second = store_->add_exception(e, audit("exception.grant", ""));
  ASSERT_TRUE(first.ok() && second.ok());
  Violation v = violation("p1", a, "high", ViolationStatus::Exempted);
  v.exception_id = *first;
  c.new_violations = {v};
  scan(kT0, c);
  int64_t vid = list()[0].id;

  ViolationUpdate move;
  move.id = vid;
  move.to = ViolationStatus::Exempted;
  move.reason = "exempted";
  move.message = v.message;
  move.exception_id = *second;
  // An update naming no violation fails the whole revoke.
  ViolationUpdate bad = move;
  bad.id = vid + 1000;
  EXPECT_FALSE(store_
                   ->revoke_exception(*first, at_ms(kT0 + 2000), "bob", "why",
                                      audit("exception.revoke", "exception:1"), {move, bad})
                   .ok());
  EXPECT_FALSE((*store_->exception(*first))->revoked.has_value());
  EXPECT_EQ(list()[0].exception_id, *first);

  ASSERT_TRUE(store_
                  ->revoke_exception(*first, at_ms(kT0 + 2000), "bob", "why",
                                     audit("exception.revoke", "exception:1"), {move})
                  .ok());
  EXPECT_TRUE((*store_->exception(*first))->revoked.has_value());
  Violation after = list()[0];
  EXPECT_EQ(after.status, ViolationStatus::Exempted);
  EXPECT_EQ(after.exception_id, *second);
  auto events = store_->violation_events(vid);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ(events->back().reason, "exempted");
  EXPECT_EQ(events->back().at, at_ms(kT0 + 2000));
  EXPECT_EQ(events->back().scan_id, 0);
}

}  // namespace vigil::store::testing
