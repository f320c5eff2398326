// StoreSuite cases: browsing assets for the API (by key, filtered, paged,
// scoped by groups), an asset's timeline and versions, and search.
// Included by store_suite.h.
#pragma once

namespace vigil::store::testing {

namespace browse {

std::vector<AssetListing> assets(Store& store, AssetFilter f) {
  std::vector<AssetListing> out;
  Status s = store.for_each_asset(f, [&](const AssetListing& a) {
    out.push_back(a);
    return true;
  });
  EXPECT_TRUE(s.ok()) << s.error().message;
  return out;
}

std::vector<std::string> ids(const std::vector<AssetListing>& list) {
  std::vector<std::string> out;
  for (const auto& a : list) out.push_back(a.identity.id);
  return out;
}

std::vector<std::string> hit_ids(const Result<std::vector<AssetMatch>>& hits) {
  EXPECT_TRUE(hits.ok()) << hits.error().message;
  std::vector<std::string> out;
  if (hits.ok())
    for (const auto& m : *hits) out.push_back(m.asset.identity.id);
  return out;
}

AssetVersionWrite with_content(AssetVersionWrite w, std::string content) {
  w.content = std::move(content);
  return w;
}

}  // namespace browse

TEST_P(StoreSuite, AssetsAreListedByKeyFilteredAndPaged) {
  ScanChanges c;
  c.asset_versions = {asset("a1", 1), asset("a2", 2, "222", "aws.ec2.instance", "eu-west-1"),
                      asset("a3", 3)};
  scan(kT0, c);
  ScanChanges gone;
  gone.deleted_assets = {"a3"};
  scan(kT0 + 1000, gone);

  auto all = browse::assets(*store_, {});
  EXPECT_EQ(browse::ids(all), (std::vector<std::string>{"a1", "a2"}));  // deleted left out
  EXPECT_EQ(all[0].identity.name, "a1-name");
  EXPECT_EQ(all[0].version, 1);
  EXPECT_EQ(all[0].first_seen, at_ms(kT0));
  EXPECT_FALSE(all[0].deleted_at);
  EXPECT_LT(all[0].key, all[1].key);

  AssetFilter with_deleted;
  with_deleted.include_deleted = true;
  auto everything = browse::assets(*store_, with_deleted);
  ASSERT_EQ(everything.size(), 3u);
  EXPECT_EQ(everything[2].deleted_at, at_ms(kT0 + 1000));

  AssetFilter by_account;
  by_account.account = "222";
  EXPECT_EQ(browse::ids(browse::assets(*store_, by_account)), (std::vector<std::string>{"a2"}));
  AssetFilter by_id;
  by_id.asset_id = "a1";
  EXPECT_EQ(browse::ids(browse::assets(*store_, by_id)), (std::vector<std::string>{"a1"}));

  AssetFilter page;
  page.limit = 1;
  page.include_deleted = true;
  auto first = browse::assets(*store_, page);
  ASSERT_EQ(first.size(), 1u);
  page.after_key = first[0].key;
  EXPECT_EQ(browse::ids(browse::assets(*store_, page)), (std::vector<std::string>{"a2"}));
}

TEST_P(StoreSuite, AssetListsAndSearchesKeepToTheCallersGroups) {
  ASSERT_TRUE(store_->put_group({"payments", "", {}, "config"}, audit("group.add", "g")).ok());
  ASSERT_TRUE(store_->put_group({"web", "", {}, "config"}, audit("group.add", "g")).ok());
  ScanChanges c;
  c.asset_versions = {asset("pay-1", 1), asset("web-1", 2), asset("loose-1", 3)};
  c.group_members = {{"payments", {"pay-1"}}, {"web", {"web-1"}}};
  scan(kT0, c);
  ASSERT_TRUE(store_->index_search(1000).ok());

  AssetFilter mine;
  mine.within_groups = {"payments"};
  EXPECT_EQ(browse::ids(browse::assets(*store_, mine)), (std::vector<std::string>{"pay-1"}));
  AssetFilter group;
  group.group = "web";
  EXPECT_EQ(browse::ids(browse::assets(*store_, group)), (std::vector<std::string>{"web-1"}));
  AssetFilter unknown_group;
  unknown_group.within_groups = {"no-such-group"};
  EXPECT_TRUE(browse::assets(*store_, unknown_group).empty());

  // Every asset's content holds "xxxx" padding: the scope alone decides.
  EXPECT_EQ(browse::hit_ids(store_->search_assets("name", {"payments"}, 10)),
            (std::vector<std::string>{"pay-1"}));
  EXPECT_EQ(browse::hit_ids(store_->search_assets("name", {}, 10)).size(), 3u);
}

TEST_P(StoreSuite, AnAssetsTimelineHoldsVersionsAndDeletions) {
  ScanChanges v1;
  v1.asset_versions = {asset("a1", 1)};
  int64_t s1 = scan(kT0, v1);
  ScanChanges v2;
  v2.asset_versions = {asset("a1", 2)};
  scan(kT0 + 1000, v2);
  ScanChanges gone;
  gone.deleted_assets = {"a1"};
  int64_t s3 = scan(kT0 + 2000, gone);
  AssetFilter f;
  f.include_deleted = true;
  auto listed = browse::assets(*store_, f);
  ASSERT_EQ(listed.size(), 1u);
  int64_t key = listed[0].key;

  auto timeline = store_->asset_timeline(key);
  ASSERT_TRUE(timeline.ok()) << timeline.error().message;
  ASSERT_EQ(timeline->size(), 3u);
  EXPECT_EQ((*timeline)[0].version, 1);
  EXPECT_EQ((*timeline)[0].scan_id, s1);
  EXPECT_EQ((*timeline)[0].valid_from, at_ms(kT0));
  EXPECT_FALSE((*timeline)[0].deleted);
  EXPECT_EQ((*timeline)[1].version, 2);
  EXPECT_TRUE((*timeline)[2].deleted);
  EXPECT_EQ((*timeline)[2].scan_id, s3);

  auto first = store_->asset_version(key, 1);
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ((*first)->content, asset("a1", 1).content);
  EXPECT_EQ((*first)->identity.id, "a1");
  EXPECT_EQ((**store_->asset_version(key, 2)).content, asset("a1", 2).content);
  EXPECT_FALSE(store_->asset_version(key, 3)->has_value());
  EXPECT_FALSE(store_->asset_version(key + 100, 1)->has_value());
  EXPECT_TRUE(store_->asset_timeline(key + 100)->empty());
}

TEST_P(StoreSuite, SearchFindsIdsNamesAndValuesOfLatestVersionsBestFirst) {
  ScanChanges c;
  c.asset_versions = {
      browse::with_content(asset("arn:aws:s3:::payments-logs", 1),
                           R"({"Name":"payments-logs","Tags":[{"Key":"team","Value":"ledger"}]})"),
      browse::with_content(asset("arn:aws:s3:::web-assets", 2),
                           R"({"Name":"web-assets","Policy":"payments-logs is read by web"})"),
      browse::with_content(asset("arn:aws:s3:::old-name", 3), R"({"Owner":"orion"})")};
  scan(kT0, c);
  // Not searchable before the index catches up with the scan.
  EXPECT_TRUE(browse::hit_ids(store_->search_assets("ledger", {}, 10)).empty());
  auto added = store_->index_search(1000);
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_EQ(*added, 3u);
  EXPECT_EQ(*store_->index_search(1000), 0u);  // current

  // An id (punctuation is no query syntax), a tag value, a prefix.
  EXPECT_EQ(browse::hit_ids(store_->search_assets("arn:aws:s3:::payments-logs", {}, 10)).front(),
            "arn:aws:s3:::payments-logs");
  EXPECT_EQ(browse::hit_ids(store_->search_assets("ledger", {}, 10)),
            (std::vector<std::string>{"arn:aws:s3:::payments-logs"}));
  EXPECT_EQ(browse::hit_ids(store_->search_assets("led", {}, 10)).size(), 1u);
  // The asset named so ranks above the one whose configuration mentions it.
  auto both = store_->search_assets("payments logs", {}, 10);
  EXPECT_EQ(browse::hit_ids(both),
            (std::vector<std::string>{"arn:aws:s3:::payments-logs", "arn:aws:s3:::web-assets"}));
  EXPECT_EQ((*both)[0].field, "id");
  EXPECT_EQ((*both)[1].field, "config");
  // Every word must match.
  EXPECT_TRUE(browse::hit_ids(store_->search_assets("ledger orion", {}, 10)).empty());

  // A new version replaces the old one's words; a deleted asset is not found.
  ScanChanges renamed;
  renamed.asset_versions = {
      browse::with_content(asset("arn:aws:s3:::old-name", 4), R"({"Owner":"vega"})")};
  renamed.deleted_assets = {"arn:aws:s3:::web-assets"};
  scan(kT0 + 1000, renamed);
  ASSERT_TRUE(store_->index_search(1000).ok());
  EXPECT_TRUE(browse::hit_ids(store_->search_assets("orion", {}, 10)).empty());
  EXPECT_EQ(browse::hit_ids(store_->search_assets("vega", {}, 10)).size(), 1u);
  EXPECT_EQ(browse::hit_ids(store_->search_assets("payments", {}, 10)),
            (std::vector<std::string>{"arn:aws:s3:::payments-logs"}));
}

// A word whose last token is shorter than 3 characters matches that token
// whole (search_text.h search_prefix): a 1- or 2-character prefix matches
// much of a large index. Longer last tokens still match as prefixes.
TEST_P(StoreSuite, SearchShortLastTokensMatchWholeWordsOnly) {
  ScanChanges c;
  c.asset_versions = {
      browse::with_content(asset("arn:aws:ec2:us-east-1:1:security-group/sg-open", 1),
                           R"({"IpRanges":[{"CidrIp":"0.0.0.0/0"}],"FromPort":22})"),
      browse::with_content(asset("arn:aws:ec2:us-east-1:1:security-group/sg-inner", 2),
                           R"({"IpRanges":[{"CidrIp":"10.0.0.0/8"}],"FromPort":2200})")};
  scan(kT0, c);
  ASSERT_TRUE(store_->index_search(1000).ok());
  EXPECT_EQ(browse::hit_ids(store_->search_assets("0.0.0.0/0", {}, 10)),
            (std::vector<std::string>{"arn:aws:ec2:us-east-1:1:security-group/sg-open"}));
  EXPECT_EQ(browse::hit_ids(store_->search_assets("22", {}, 10)),
            (std::vector<std::string>{"arn:aws:ec2:us-east-1:1:security-group/sg-open"}));
  EXPECT_EQ(browse::hit_ids(store_->search_assets("220", {}, 10)),
            (std::vector<std::string>{"arn:aws:ec2:us-east-1:1:security-group/sg-inner"}));
  EXPECT_EQ(browse::hit_ids(store_->search_assets("sg-inn", {}, 10)),
            (std::vector<std::string>{"arn:aws:ec2:us-east-1:1:security-group/sg-inner"}));
  EXPECT_EQ(browse::hit_ids(store_->search_assets("security-gro", {}, 10)).size(), 2u);
}

TEST_P(StoreSuite, SearchWordsAreCheckedAndQuoted) {
  ScanChanges c;
  c.asset_versions = {asset("a1", 1)};
  scan(kT0, c);
  ASSERT_TRUE(store_->index_search(1000).ok());
  for (const char* bad : {"", "   ", "::: ///"}) {
    auto r = store_->search_assets(bad, {}, 10);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().kind, Error::Kind::InvalidInput);
  }
  // FTS5 operators and quotes are words like any other, never syntax errors.
  for (const char* odd : {"a1 OR x", "\"a1", "a1*", "NEAR(a1", "a1 -x", "col:a1"}) {
    auto r = store_->search_assets(odd, {}, 10);
    EXPECT_TRUE(r.ok()) << odd << ": " << r.error().message;
  }
  EXPECT_FALSE(
      store_->search_assets("a b c d e f g h i j k l m n o p q", {}, 10).ok());  // 17 words
  EXPECT_FALSE(store_->search_assets(std::string(201, 'a'), {}, 10).ok());
  // A batch limit indexes in steps.
  ScanChanges more;
  more.asset_versions = {asset("a2", 2), asset("a3", 3)};
  scan(kT0 + 1000, more);
  EXPECT_EQ(*store_->index_search(1), 1u);
  EXPECT_EQ(*store_->index_search(10), 1u);
  EXPECT_EQ(*store_->index_search(10), 0u);
}

}  // namespace vigil::store::testing
