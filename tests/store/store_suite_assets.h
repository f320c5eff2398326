// StoreSuite cases: asset heads, versions and history, deletion, deltas
// between two times. Included by store_suite.h.
#pragma once

namespace vigil::store::testing {

TEST_P(StoreSuite, AssetVersionsBecomeHeads) {
  ScanChanges c;
  c.asset_versions = {asset("a1", 11), asset("a2", 22, "222", "aws.ec2.instance", "eu-west-1")};
  scan(kT0, c);
  auto h = heads();
  ASSERT_EQ(h.size(), 2u);
  std::sort(h.begin(), h.end(), [](auto& x, auto& y) { return x.id < y.id; });
  EXPECT_EQ(h[0].id, "a1");
  EXPECT_EQ(h[0].content_hash, 11u);
  EXPECT_EQ(h[0].scope, (ScopeKey{"111", "us-east-1", "aws.s3.bucket"}));
  EXPECT_FALSE(h[0].deleted);
  EXPECT_EQ(h[1].scope, (ScopeKey{"222", "eu-west-1", "aws.ec2.instance"}));
  EXPECT_EQ(h[1].content_hash, 22u);
}

TEST_P(StoreSuite, HashesUseAllSixtyFourBits) {
  ScanChanges c;
  c.asset_versions = {asset("big", 0xfedcba9876543210ull)};
  scan(kT0, c);
  auto h = heads();
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].content_hash, 0xfedcba9876543210ull);
}

TEST_P(StoreSuite, HistoryKeepsEveryContentVersion) {
  ScanChanges v1;
  v1.asset_versions = {asset("a1", 1)};
  int64_t s1 = scan(kT0, v1);
  scan(kT0 + 1000, {});  // unchanged: nothing written for a1
  ScanChanges v2;
  v2.asset_versions = {asset("a1", 2)};
  int64_t s3 = scan(kT0 + 2000, v2);
  auto hist = store_->asset_history("a1");
  ASSERT_TRUE(hist.ok()) << hist.error().message;
  ASSERT_EQ(hist->size(), 2u);
  EXPECT_EQ((*hist)[0].version, 1);
  EXPECT_EQ((*hist)[0].scan_id, s1);
  EXPECT_EQ((*hist)[0].valid_from, at_ms(kT0));
  EXPECT_EQ((*hist)[0].content, asset("a1", 1).content);
  EXPECT_EQ((*hist)[0].identity.account, "111");
  EXPECT_EQ((*hist)[1].version, 2);
  EXPECT_EQ((*hist)[1].scan_id, s3);
  EXPECT_EQ((*hist)[1].content, asset("a1", 2).content);
  EXPECT_EQ(heads()[0].content_hash, 2u);
  auto none = store_->asset_history("never-seen");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_P(StoreSuite, ContentRoundTripsExactly) {
  // Large, repetitive (compressible) and small, odd bytes.
  AssetVersionWrite big = asset("big", 1);
  big.content = "{\"tags\":[";
  for (int i = 0; i < 2000; ++i)
    big.content += "{\"Key\":\"k" + std::to_string(i) + "\",\"Value\":\"v\"},";
  big.content += "{}]}";
  AssetVersionWrite small = asset("small", 2);
  small.content = "{\"x\":\"\xc3\xa9\\u0000\"}";
  // Characters a bulk-load format escapes (PostgreSQL's COPY: \\ \t \n \r),
  // alone, in a row, first and last.
  AssetVersionWrite raw = asset("raw", 3);
  raw.content = "\\{\"a\":\"x\ty\"}\n\r\n\t\t\\\\n end\\";
  Violation odd = violation("p1", raw);
  odd.message = "\tsays \"a\\b\"\nthen\r\n";
  ScanChanges c;
  c.asset_versions = {big, small, raw};
  c.new_violations = {odd};
  scan(kT0, c);
  EXPECT_EQ(store_->asset_history("big")->at(0).content, big.content);
  EXPECT_EQ(store_->asset_history("small")->at(0).content, small.content);
  EXPECT_EQ(store_->asset_history("raw")->at(0).content, raw.content);
  auto found = list();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].message, odd.message);
}

TEST_P(StoreSuite, DeletionMarksAndANewVersionUndeletes) {
  ScanChanges c1;
  c1.asset_versions = {asset("a1", 1), asset("a2", 2)};
  scan(kT0, c1);
  ScanChanges c2;
  c2.deleted_assets = {"a1"};
  scan(kT0 + 1000, c2);
  auto h = heads();  // deleted assets stay listed
  ASSERT_EQ(h.size(), 2u);
  auto a1 = std::find_if(h.begin(), h.end(), [](auto& x) { return x.id == "a1"; });
  EXPECT_TRUE(a1->deleted);
  EXPECT_EQ(a1->content_hash, 1u);
  // Deleting again is a no-op; deleting an unknown asset is an error.
  ScanChanges again;
  again.deleted_assets = {"a1"};
  scan(kT0 + 2000, again);
  int64_t bad = begin(kT0 + 3000);
  ScanChanges unknown = changes(bad, kT0 + 3001);
  unknown.deleted_assets = {"ghost"};
  EXPECT_FALSE(store_->apply_scan(unknown).ok());
  ASSERT_TRUE(store_->fail_scan(bad, at_ms(kT0 + 3002), "test").ok());
  // It comes back.
  ScanChanges c3;
  c3.asset_versions = {asset("a1", 1)};
  scan(kT0 + 4000, c3);
  h = heads();
  a1 = std::find_if(h.begin(), h.end(), [](auto& x) { return x.id == "a1"; });
  EXPECT_FALSE(a1->deleted);
  auto hist = store_->asset_history("a1");
  ASSERT_EQ(hist->size(), 2u);  // versions only, not the deletion marker
  EXPECT_EQ(hist->back().version, 2);
}

TEST_P(StoreSuite, StreamingHeadsCanStopEarly) {
  ScanChanges c;
  for (int i = 0; i < 10; ++i) c.asset_versions.push_back(asset("a" + std::to_string(i), i));
  scan(kT0, c);
  size_t seen = 0;
  Status s = store_->for_each_asset_head([&](const AssetHead&) { return ++seen < 3; });
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(seen, 3u);
}

TEST_P(StoreSuite, DeltasBetweenTwoTimes) {
  ScanChanges c1;  // t0: a, b, c exist
  c1.asset_versions = {asset("a", 1), asset("b", 1), asset("c", 1), asset("x", 1, "999")};
  scan(kT0, c1);
  ScanChanges c2;  // t1: a changes, b deleted, d created, c untouched, x (other account) changes
  c2.asset_versions = {asset("a", 2), asset("d", 1), asset("x", 2, "999")};
  c2.deleted_assets = {"b"};
  scan(kT0 + 1000, c2);
  ScanChanges c3;  // t2: e created then (t3) deleted; c changes and changes back
  c3.asset_versions = {asset("e", 1), asset("c", 5)};
  scan(kT0 + 2000, c3);
  ScanChanges c4;
  c4.deleted_assets = {"e"};
  c4.asset_versions = {asset("c", 1)};
  scan(kT0 + 3000, c4);

  AssetDeltaFilter f;
  f.from = at_ms(kT0 + 500);
  f.to = at_ms(kT0 + 3500);
  f.account = "111";
  auto d = store_->asset_deltas(f);
  ASSERT_TRUE(d.ok()) << d.error().message;
  std::map<std::string, AssetDelta> by_id;
  for (auto& x : *d) by_id[x.identity.id] = x;
  EXPECT_EQ(by_id.size(), 3u)
      << "a changed, b deleted, d created; c back to its content, e came and went";
  ASSERT_TRUE(by_id.count("a"));
  EXPECT_EQ(by_id["a"].kind, AssetDelta::Kind::Changed);
  EXPECT_EQ(by_id["a"].before->content, asset("a", 1).content);
  EXPECT_EQ(by_id["a"].after->content, asset("a", 2).content);
  ASSERT_TRUE(by_id.count("b"));
  EXPECT_EQ(by_id["b"].kind, AssetDelta::Kind::Deleted);
  EXPECT_TRUE(by_id["b"].before.has_value());
  EXPECT_FALSE(by_id["b"].after.has_value());
  ASSERT_TRUE(by_id.count("d"));
  EXPECT_EQ(by_id["d"].kind, AssetDelta::Kind::Created);
  EXPECT_FALSE(by_id["d"].before.has_value());
  EXPECT_EQ(by_id["d"].after->version, 1);

  // A window holding only the second scan; the type filter.
  f.from = at_ms(kT0);
  f.to = at_ms(kT0 + 1000);
  f.account.reset();
  d = store_->asset_deltas(f);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->size(), 4u);  // a, b, d, x
  f.type = "aws.ec2.instance";
  d = store_->asset_deltas(f);
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->empty());
  // Before anything existed to after the first scan: everything was created.
  AssetDeltaFilter early;
  early.from = at_ms(kT0 - 10);
  early.to = at_ms(kT0);
  d = store_->asset_deltas(early);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->size(), 4u);
  for (auto& x : *d) EXPECT_EQ(x.kind, AssetDelta::Kind::Created);
}

}  // namespace vigil::store::testing
