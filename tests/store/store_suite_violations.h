// StoreSuite cases: violations (new, updates, events, filters, streaming).
// Included by store_suite.h.
#pragma once

namespace vigil::store::testing {

TEST_P(StoreSuite, NewViolationGetsAnIdAndAnOpeningEvent) {
  ScanChanges c;
  c.asset_versions = {asset("a1", 1)};
  Violation v = violation("s3-public", asset("a1", 1), "critical");
  v.first_seen = at_ms(kT0);
  v.last_change = at_ms(kT0);
  c.new_violations = {v};
  int64_t s = scan(kT0, c);
  auto all = list();
  ASSERT_EQ(all.size(), 1u);
  const Violation& got = all[0];
  EXPECT_GT(got.id, 0);
  EXPECT_EQ(got.policy_id, "s3-public");
  EXPECT_EQ(got.asset.id, "a1");
  EXPECT_EQ(got.asset.type, "aws.s3.bucket");
  EXPECT_EQ(got.asset.account, "111");
  EXPECT_EQ(got.asset.region, "us-east-1");
  EXPECT_EQ(got.asset.name, "a1-name");
  EXPECT_EQ(got.status, ViolationStatus::Open);
  EXPECT_EQ(got.severity, "critical");
  EXPECT_EQ(got.category, "security");
  EXPECT_EQ(got.message, "s3-public fails on a1");
  EXPECT_EQ(got.first_seen, at_ms(kT0));
  auto one = store_->violation(got.id);
  ASSERT_TRUE(one.ok() && one->has_value());
  EXPECT_EQ((*one)->message, got.message);
  auto events = store_->violation_events(got.id);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].violation_id, got.id);
  EXPECT_EQ((*events)[0].scan_id, s);
  EXPECT_FALSE((*events)[0].from.has_value());
  EXPECT_EQ((*events)[0].to, ViolationStatus::Open);
  EXPECT_EQ((*events)[0].reason, "opened");
  EXPECT_EQ((*events)[0].message, got.message);
  auto missing = store_->violation(got.id + 100);
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TEST_P(StoreSuite, LifecycleCloseReopenKeepsHistory) {
  ScanChanges c;
  c.asset_versions = {asset("a1", 1)};
  c.new_violations = {violation("p1", asset("a1", 1))};
  int64_t s1 = scan(kT0, c);
  int64_t id = list()[0].id;

  ScanChanges close;
  close.violation_updates = {
      {id, ViolationStatus::Closed, "fixed", "p1 fails on a1", "", "fixed", std::nullopt}};
  int64_t s2 = scan(kT0 + 1000, close);
  auto v = store_->violation(id);
  ASSERT_TRUE(v.ok() && v->has_value());
  EXPECT_EQ((*v)->status, ViolationStatus::Closed);
  EXPECT_EQ((*v)->close_reason, "fixed");
  EXPECT_EQ((*v)->last_change, at_ms(kT0 + 1000));
  EXPECT_EQ((*v)->first_seen, at_ms(kT0));

  ScanChanges reopen;
  reopen.violation_updates = {
      {id, ViolationStatus::Open, "reopened", "p1 fails again", "medium", "", std::nullopt}};
  int64_t s3 = scan(kT0 + 2000, reopen);
  v = store_->violation(id);
  EXPECT_EQ((*v)->status, ViolationStatus::Open);
  EXPECT_EQ((*v)->close_reason, "");
  EXPECT_EQ((*v)->message, "p1 fails again");
  EXPECT_EQ((*v)->severity, "medium");
  EXPECT_EQ((*v)->first_seen, at_ms(kT0));  // identity and history kept

  auto events = store_->violation_events(id);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 3u);
  // The opening event as it was, though the message has changed since.
  EXPECT_FALSE((*events)[0].from.has_value());
  EXPECT_EQ((*events)[0].to, ViolationStatus::Open);
  EXPECT_EQ((*events)[0].reason, "opened");
  EXPECT_EQ((*events)[0].message, "p1 fails on a1");
  EXPECT_EQ((*events)[0].scan_id, s1);
  EXPECT_EQ((*events)[0].at, at_ms(kT0));
  EXPECT_EQ((*events)[1].from, ViolationStatus::Open);
  EXPECT_EQ((*events)[1].to, ViolationStatus::Closed);
  EXPECT_EQ((*events)[1].reason, "fixed");
  EXPECT_EQ((*events)[1].scan_id, s2);
  EXPECT_EQ((*events)[1].at, at_ms(kT0 + 1000));
  EXPECT_EQ((*events)[2].from, ViolationStatus::Closed);
  EXPECT_EQ((*events)[2].to, ViolationStatus::Open);
  EXPECT_EQ((*events)[2].reason, "reopened");
  EXPECT_EQ((*events)[2].scan_id, s3);
  EXPECT_EQ((*events)[2].message, "p1 fails again");
  EXPECT_EQ(list().size(), 1u);  // still one violation
}

TEST_P(StoreSuite, UpdateViolationsOutsideAScan) {
  ScanChanges c;
  c.asset_versions = {asset("a1", 1)};
  c.new_violations = {violation("p1", asset("a1", 1))};
  scan(kT0, c);
  int64_t id = list()[0].id;
  ExceptionRecord e;
  e.policy_id = "p1";
  e.asset_id = "a1";
  e.expires = at_ms(kT0 + 86'400'000);
  auto ex = store_->add_exception(e, audit("exception.grant", ""));
  ASSERT_TRUE(ex.ok()) << ex.error().message;
  ASSERT_TRUE(
      store_
          ->update_violations({{id, ViolationStatus::Exempted, "exempted", "m", "", "", *ex}},
                              at_ms(kT0 + 5))
          .ok());
  auto v = store_->violation(id);
  EXPECT_EQ((*v)->status, ViolationStatus::Exempted);
  EXPECT_EQ((*v)->exception_id, *ex);
  auto events = store_->violation_events(id);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ(events->front().reason, "opened");
  EXPECT_EQ(events->back().from, ViolationStatus::Open);
  EXPECT_EQ(events->back().reason, "exempted");
  EXPECT_EQ(events->back().scan_id, 0);
  EXPECT_EQ(events->back().at, at_ms(kT0 + 5));
  // Unknown ids fail the whole call.
  Status bad = store_->update_violations(
      {{id, ViolationStatus::Open, "exception-revoked", "m", "", "", std::nullopt},
       {id + 77, ViolationStatus::Open, "exception-revoked", "m", "", "", std::nullopt}},
      at_ms(kT0 + 6));
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(store_->violation(id)->value().status, ViolationStatus::Exempted);
}

TEST_P(StoreSuite, OpeningEventOfAViolationBornExempted) {
  ScanChanges c;
  c.asset_versions = {asset("a1", 1)};
  c.new_violations = {violation("p1", asset("a1", 1), "low", ViolationStatus::Exempted)};
  scan(kT0, c);
  auto events = store_->violation_events(list()[0].id);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].to, ViolationStatus::Exempted);
  EXPECT_EQ((*events)[0].reason, "exempted");
  EXPECT_TRUE(store_->violation_events(424242)->empty());
}

TEST_P(StoreSuite, PulledRowsAreWrittenLikeTheVectors) {
  ScanChanges c;
  c.asset_versions = {asset("v0", 1)};
  c.new_violations = {violation("p0", asset("v0", 1))};
  int pulled_assets = 0, pulled_violations = 0;
  c.more_asset_versions = [&](AssetVersionWrite& out) {
    if (pulled_assets == 3) return false;
    out = asset("g" + std::to_string(pulled_assets++), 7);
    return true;
  };
  c.more_new_violations = [&](Violation& out) {
    if (pulled_violations == 3) return false;
    out = violation("p1", asset("g" + std::to_string(pulled_violations++), 7));
    out.asset.type.clear();  // only asset.id is read
    return true;
  };
  scan(kT0, c);
  EXPECT_EQ(heads().size(), 4u);
  auto all = list();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[3].asset.id, "g2");
  EXPECT_EQ(all[3].asset.type, "aws.s3.bucket");  // from the asset row
  EXPECT_EQ(store_->asset_history("g1")->at(0).content, asset("g1", 7).content);
}

TEST_P(StoreSuite, ViolationFilters) {
  ScanChanges c;
  auto a1 = asset("a1", 1, "111", "aws.s3.bucket", "us-east-1");
  auto a2 = asset("a2", 1, "222", "aws.ec2.instance", "eu-west-1");
  c.asset_versions = {a1, a2};
  c.new_violations = {violation("p1", a1, "high"), violation("p2", a1, "low"),
                      violation("p1", a2, "high"),
                      violation("p3", a2, "critical", ViolationStatus::Unknown)};
  c.new_violations[1].category = "tagging";
  scan(kT0, c);
  GroupRecord g{"prod", "production", {{"accounts", {"222"}}}, "cli"};
  ASSERT_TRUE(store_->put_group(g, audit("group.add", "group:prod")).ok());
  ScanChanges m;
  m.group_members = {{"prod", {"a2"}}};
  scan(kT0 + 1000, m);

  auto count = [&](ViolationFilter f) { return list(f).size(); };
  EXPECT_EQ(count({}), 4u);
  ViolationFilter f;
  f.statuses = {ViolationStatus::Open};
  EXPECT_EQ(count(f), 3u);
  f.statuses = {ViolationStatus::Open, ViolationStatus::Unknown};
  EXPECT_EQ(count(f), 4u);
  f = {};
  f.policy_id = "p1";
  EXPECT_EQ(count(f), 2u);
  f = {};
  f.account = "222";
  EXPECT_EQ(count(f), 2u);
  f = {};
  f.region = "us-east-1";
  EXPECT_EQ(count(f), 2u);
  f = {};
  f.type = "aws.ec2.instance";
  EXPECT_EQ(count(f), 2u);
  f = {};
  f.severity = "high";
  EXPECT_EQ(count(f), 2u);
  f = {};
  f.category = "tagging";
  EXPECT_EQ(count(f), 1u);
  f = {};
  f.group = "prod";
  EXPECT_EQ(count(f), 2u);
  f.severity = "critical";
  EXPECT_EQ(count(f), 1u);
  f = {};
  f.group = "no-such-group";
  EXPECT_EQ(count(f), 0u);
  f = {};
  f.asset_id = "a1";
  EXPECT_EQ(count(f), 2u);
  f.policy_id = "p2";
  EXPECT_EQ(count(f), 1u);
  f = {};
  f.asset_id = "a";  // exactly, not a prefix
  EXPECT_EQ(count(f), 0u);
  f = {};
  f.limit = 3;
  auto limited = list(f);
  ASSERT_EQ(limited.size(), 3u);
  EXPECT_LT(limited[0].id, limited[1].id);  // by id
  // Keyset paging: the next page starts after the last id of this one.
  f.after_id = limited.back().id;
  auto next = list(f);
  ASSERT_FALSE(next.empty());
  EXPECT_GT(next.front().id, limited.back().id);
  f.after_id = next.back().id;
  EXPECT_TRUE(list(f).empty() || list(f).front().id > next.back().id);
  f = {};
  f.severity = "high";
  f.after_id = 1;
  for (const auto& v : list(f)) EXPECT_GT(v.id, 1);
}

TEST_P(StoreSuite, ViolationAndLiveAssetCountsAggregateTheTrackedState) {
  ScanChanges c;
  auto a1 = asset("a1", 1, "111", "aws.s3.bucket");
  auto a2 = asset("a2", 1, "111", "aws.s3.bucket");
  auto a3 = asset("a3", 1, "222", "aws.ec2.instance");
  auto a4 = asset("a4", 1, "222", "aws.ec2.instance");
  c.asset_versions = {a1, a2, a3, a4};
  c.new_violations = {violation("p1", a1), violation("p1", a2), violation("p2", a1),
                      violation("p1", a3, "high", ViolationStatus::Unknown), violation("p1", a4)};
  scan(kT0, c);
  int64_t closing = 0;
  for (const Violation& v : list())
    if (v.policy_id == "p2") closing = v.id;
  ScanChanges later;
  later.violation_updates = {
      {closing, ViolationStatus::Closed, "fixed", "p2 fails on a1", "", "fixed", std::nullopt}};
  later.deleted_assets = {"a4"};
  scan(kT0 + 1000, later);

  const std::vector<std::string> both = {"p1", "p2"};
  auto counts = store_->violation_counts(both, std::nullopt);
  ASSERT_TRUE(counts.ok()) << counts.error().message;
  std::vector<std::tuple<std::string, std::string, ViolationStatus, int64_t>> got;
  for (const ViolationCount& v : *counts)
    got.emplace_back(v.policy_id, v.account, v.status, v.count);
  // The closed p2 is not counted; a4's violation is counted while it is not
  // closed (the tracker closes it, not the store).
  using Row = std::tuple<std::string, std::string, ViolationStatus, int64_t>;
  EXPECT_EQ(got, (std::vector<Row>{{"p1", "111", ViolationStatus::Open, 2},
                                   {"p1", "222", ViolationStatus::Open, 1},
                                   {"p1", "222", ViolationStatus::Unknown, 1}}));
  counts = store_->violation_counts(both, std::string("111"));
  ASSERT_TRUE(counts.ok());
  ASSERT_EQ(counts->size(), 1u);
  EXPECT_EQ((*counts)[0].count, 2);
  EXPECT_TRUE(store_->violation_counts(both, std::string("999"))->empty());
  // Only the policies asked for: p2's one violation is closed, p3 has none.
  EXPECT_TRUE(store_->violation_counts({"p2", "p3"}, std::nullopt)->empty());
  EXPECT_TRUE(store_->violation_counts({}, std::nullopt)->empty());

  auto live = store_->live_asset_counts(std::nullopt);
  ASSERT_TRUE(live.ok()) << live.error().message;
  ASSERT_EQ(live->size(), 2u);
  EXPECT_EQ((*live)[0].account, "111");
  EXPECT_EQ((*live)[0].type, "aws.s3.bucket");
  EXPECT_EQ((*live)[0].count, 2);
  EXPECT_EQ((*live)[1].account, "222");
  EXPECT_EQ((*live)[1].type, "aws.ec2.instance");
  EXPECT_EQ((*live)[1].count, 1);  // a4 is deleted
  live = store_->live_asset_counts(std::string("222"));
  ASSERT_TRUE(live.ok());
  ASSERT_EQ(live->size(), 1u);
  EXPECT_EQ((*live)[0].count, 1);
}

TEST_P(StoreSuite, StreamingViolationsMatchTheList) {
  ScanChanges c;
  for (int i = 0; i < 20; ++i) {
    auto a = asset("a" + std::to_string(i), i);
    c.asset_versions.push_back(a);
    c.new_violations.push_back(violation("p", a, i % 2 ? "high" : "low"));
  }
  scan(kT0, c);
  ViolationFilter f;
  f.severity = "high";
  std::vector<int64_t> streamed;
  ASSERT_TRUE(store_
                  ->for_each_violation(f,
                                       [&](const Violation& v) {
                                         streamed.push_back(v.id);
                                         return true;
                                       })
                  .ok());
  std::vector<int64_t> listed;
  for (auto& v : list(f)) listed.push_back(v.id);
  EXPECT_EQ(streamed, listed);
  EXPECT_EQ(streamed.size(), 10u);
  size_t seen = 0;
  ASSERT_TRUE(store_->for_each_violation(f, [&](const Violation&) { return ++seen < 4; }).ok());
  EXPECT_EQ(seen, 4u);
  size_t all = 0;
  ASSERT_TRUE(store_->for_each_violation({}, [&](const Violation&) { return ++all, true; }).ok());
  EXPECT_EQ(all, 20u);
}

// Every sort, both directions, paged two rows at a time by (value, id):
// the pages join into the whole list in the order the sort defines, ties
// broken by id, with no row twice and none left out.
TEST_P(StoreSuite, SortedViolationPagesJoinIntoTheSortedList) {
  const char* severities[] = {"low", "critical", "high", "info", "medium", "custom", "high"};
  ScanChanges first, second;
  for (int i = 0; i < 7; ++i) {
    auto a = asset("s" + std::to_string(i), i + 1);
    ScanChanges& c = i < 4 ? first : second;  // two first_seen times
    c.asset_versions.push_back(a);
    Violation v = violation("p", a, severities[i]);
    v.first_seen = v.last_change = at_ms(i < 4 ? kT0 : kT0 + 5000);
    c.new_violations.push_back(v);
  }
  scan(kT0, first);
  scan(kT0 + 5000, second);
  std::vector<Violation> all = list({});
  ASSERT_EQ(all.size(), 7u);
  for (ViolationSort sort : {ViolationSort::Id, ViolationSort::Severity, ViolationSort::FirstSeen,
                             ViolationSort::LastChange}) {
    for (bool descending : {false, true}) {
      SCOPED_TRACE(fmt::format("sort {} {}", to_string(sort), descending ? "desc" : "asc"));
      auto key = [&](const Violation& v) { return std::pair{violation_sort_value(v, sort), v.id}; };
      std::vector<Violation> expected = all;
      std::sort(expected.begin(), expected.end(), [&](const Violation& a, const Violation& b) {
        return descending ? key(b) < key(a) : key(a) < key(b);
      });
      std::vector<int64_t> paged;
      ViolationFilter f;
      f.sort = sort;
      f.descending = descending;
      f.limit = 2;
      for (int page = 0; page < 10; ++page) {
        auto rows = list(f);
        for (const auto& v : rows) paged.push_back(v.id);
        if (rows.size() < 2) break;
        f.after_id = rows.back().id;
        f.after_value = violation_sort_value(rows.back(), sort);
      }
      std::vector<int64_t> want;
      for (const auto& v : expected) want.push_back(v.id);
      EXPECT_EQ(paged, want);
    }
  }
  EXPECT_EQ(severity_rank("critical"), 4);
  EXPECT_EQ(severity_rank("info"), 0);
  EXPECT_EQ(severity_rank("custom"), -1);
  // A sorted list still filters.
  ViolationFilter high;
  high.sort = ViolationSort::Severity;
  high.severity = "high";
  EXPECT_EQ(list(high).size(), 2u);
}

}  // namespace vigil::store::testing
