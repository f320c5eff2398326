// SqliteStore::for_each_asset_delta has two plans (asset_reads.cpp): few
// versions in the window are found by time and sorted; many are walked in
// asset id order. Both give the same deltas, in the same order, with the
// account and type filters.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "store/sqlite/sqlite_store.h"
#include "store_test_data.h"

namespace vigil::store::testing {
namespace {

namespace fs = std::filesystem;

struct Seen {
  std::string id;
  AssetDelta::Kind kind;
  std::string before, after;
  bool operator==(const Seen&) const = default;
};

std::vector<Seen> deltas(Store& store, const AssetDeltaFilter& f) {
  std::vector<Seen> out;
  Status s = store.for_each_asset_delta(f, [&](const AssetDelta& d) {
    out.push_back({d.identity.id, d.kind, d.before ? d.before->content : "",
                   d.after ? d.after->content : ""});
    return true;
  });
  EXPECT_TRUE(s.ok()) << s.error().message;
  return out;
}

TEST(SqliteDeltas, SortedAndWalkedPlansAgree) {
  fs::path dir = fs::temp_directory_path() / ("vigil-deltas-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string path = (dir / "vigil.db").string();
  {
    auto opened = sqlite::SqliteStore::open(path);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    Store& store = **opened;
    // Scan 1: 30 assets over two accounts and two types; scan 2 changes,
    // deletes and creates some (ids written out of order).
    auto run = [&](int64_t ms, ScanChanges c) {
      ScanRecord r;
      r.source = "t";
      r.started = at_ms(ms);
      auto id = store.begin_scan(r);
      ASSERT_TRUE(id.ok());
      c.scan_id = *id;
      c.finished = at_ms(ms + 1);
      Status s = store.apply_scan(c);
      ASSERT_TRUE(s.ok()) << s.error().message;
    };
    ScanChanges c1;
    for (int i = 29; i >= 0; --i)
      c1.asset_versions.push_back(asset("a" + std::to_string(i), 1, i % 2 ? "111" : "222",
                                        i % 3 ? "aws.s3.bucket" : "aws.ec2.volume"));
    run(kT0, c1);
    ScanChanges c2;
    for (int i = 0; i < 30; i += 4)
      c2.asset_versions.push_back(asset("a" + std::to_string(i), 2, i % 2 ? "111" : "222",
                                        i % 3 ? "aws.s3.bucket" : "aws.ec2.volume"));
    for (int i = 1; i < 30; i += 6) c2.deleted_assets.push_back("a" + std::to_string(i));
    c2.asset_versions.push_back(asset("z-new", 1, "111"));
    run(kT0 + 1000, c2);
  }
  {
    sqlite::SqliteOptions walk;
    walk.delta_sort_max = 0;  // any version in the window: walk
    auto sorted_store = sqlite::SqliteStore::open(path);
    auto walked_store = sqlite::SqliteStore::open(path, walk);
    ASSERT_TRUE(sorted_store.ok() && walked_store.ok());

    AssetDeltaFilter f;
    f.from = at_ms(kT0 + 500);
    f.to = at_ms(kT0 + 1500);
    std::vector<Seen> sorted = deltas(**sorted_store, f);
    EXPECT_EQ(sorted.size(), 8u + 5u + 1u);  // changed, deleted, created
    EXPECT_EQ(deltas(**walked_store, f), sorted);
    for (size_t i = 1; i < sorted.size(); ++i) EXPECT_LT(sorted[i - 1].id, sorted[i].id);
    EXPECT_EQ(sorted.front().id, "a0");
    EXPECT_EQ(sorted.front().kind, AssetDelta::Kind::Changed);
    EXPECT_EQ(sorted.back().id, "z-new");
    EXPECT_EQ(sorted.back().kind, AssetDelta::Kind::Created);

    f.account = "111";
    f.type = "aws.s3.bucket";
    std::vector<Seen> filtered = deltas(**sorted_store, f);
    EXPECT_EQ(filtered.size(), 6u);  // the 5 deleted (odd, not multiples of 3) and z-new
    EXPECT_EQ(deltas(**walked_store, f), filtered);

    AssetDeltaFilter first;  // everything created by scan 1
    first.from = at_ms(kT0 - 1);
    first.to = at_ms(kT0);
    EXPECT_EQ(deltas(**walked_store, first).size(), 30u);
    EXPECT_EQ(deltas(**walked_store, first), deltas(**sorted_store, first));
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace vigil::store::testing
