// `vigil store migrate` end to end: a SQLite store recorded through the
// normal path (two scans of examples/estate, an exception granted, a user
// added) is copied into a real PostgreSQL database (one server for this
// executable, tests/store/postgres_server.h); the same read commands give
// the same output on both stores, verification passes, a second run copies
// nothing, a copy interrupted after a few batches resumes to the same
// result, the copied store takes new scans, and a target that is not empty
// is refused.
#include "../store/postgres_server.h"
#include "tracker_cli_fixture.h"

#include <set>

#include "store/store.h"

namespace vigil::testing {
namespace {

using json = nlohmann::json;
using store::testing::PostgresEnvironment;
using store::testing::PostgresServer;

const auto* const kMigrateEnvironment =
    ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

class StoreMigrate : public TrackerCli {
 protected:
  void SetUp() override {
    TrackerCli::SetUp();
    if (IsSkipped()) return;
    pg_ = PostgresServer::get().fresh_database_url();
  }

  std::string capture() const { return std::string(VIGIL_SOURCE_DIR) + "/examples/estate"; }
  std::string pg() const { return "--db '" + pg_ + "'"; }

  // Two scans, an exception and a user, recorded into the SQLite store.
  void record_sqlite() {
    for (const char* now : {"2026-11-20T10:00:00Z", "2026-11-21T10:00:00Z"}) {
      Outcome scan = vigil("scan --capture '" + capture() + "' --now " + now + " " + db());
      ASSERT_NE(scan.code, 1) << scan.err;
    }
    json open = json_of("violations list --status open " + db());
    ASSERT_FALSE(open.empty());
    Outcome granted =
        vigil("exceptions add --policy " + open[0]["policy"]["id"].get<std::string>() +
              " --asset '" + open[0]["asset"]["id"].get<std::string>() +
              "' --reason kept --granted-by alice --expires 30d " + db());
    ASSERT_EQ(granted.code, 0) << granted.err;
    Outcome user = vigil("users add bob --role operator " + db());
    ASSERT_EQ(user.code, 0) << user.err;
  }

  Outcome migrate() {
    return vigil("store migrate --from 'sqlite:" + db_ + "' --to '" + pg_ + "' --batch 100");
  }

  // Every row of the report says ok.
  static void expect_verified(const Outcome& r) {
    EXPECT_EQ(r.code, 0) << r.out << r.err;
    EXPECT_EQ(r.out.find("MISMATCH"), std::string::npos) << r.out;
    for (const char* table : {"scans ", "asset_versions ", "violations ", "violation_events ",
                              "exceptions ", "audit_log ", "users ", "score_snapshots "})
      EXPECT_NE(r.out.find(table), std::string::npos) << table << "\n" << r.out;
    EXPECT_NE(r.out.find("search index: not copied"), std::string::npos) << r.out;
  }

  // The read commands give the same output on both stores.
  void expect_same_reads() {
    for (const char* args : {"violations list --format json", "scans list --format json",
                             "exceptions list --format json", "audit list --format json",
                             "users list --format json", "violations list"}) {
      Outcome lite = vigil(std::string(args) + " " + db());
      Outcome post = vigil(std::string(args) + " " + pg());
      EXPECT_EQ(lite.code, 0) << args << "\n" << lite.err;
      EXPECT_EQ(post.code, lite.code) << args << "\n" << post.err;
      EXPECT_GT(lite.out.size(), 10u) << args;
      EXPECT_EQ(post.out, lite.out) << args;
    }
    // A violation with its event history.
    json all = json_of("violations list " + db());
    ASSERT_FALSE(all.empty());
    std::string show =
        "violations show " + std::to_string(all[0]["id"].get<int64_t>()) + " --format json ";
    EXPECT_EQ(vigil(show + pg()).out, vigil(show + db()).out);
  }

  // Every asset id `words` finds in `location`, after indexing all of it.
  static std::set<std::string> search_hits(const std::string& location, const std::string& words,
                                           size_t* indexed) {
    std::set<std::string> ids;
    auto opened = store::open_store(location);
    EXPECT_TRUE(opened.ok()) << opened.error().message;
    if (!opened.ok()) return ids;
    store::Store& s = **opened;
    *indexed = 0;
    for (;;) {
      auto added = s.index_search(10000);
      EXPECT_TRUE(added.ok()) << added.error().message;
      if (!added.ok() || *added == 0) break;
      *indexed += *added;
    }
    auto hits = s.search_assets(words, {}, 100000);
    EXPECT_TRUE(hits.ok()) << hits.error().message;
    if (hits.ok())
      for (const auto& h : *hits) ids.insert(h.asset.identity.id);
    return ids;
  }

  std::string pg_;
};

TEST_F(StoreMigrate, CopiesEverythingVerifiesAndReadsTheSame) {
  record_sqlite();
  Outcome first = migrate();
  expect_verified(first);
  EXPECT_EQ(first.out.find("resumed"), std::string::npos) << first.out;
  expect_same_reads();

  // The search index was not copied: the target indexes every copied
  // version (as `vigil serve` does on start) and finds what SQLite finds.
  size_t indexed_pg = 0, indexed_lite = 0;
  std::set<std::string> pg_hits = search_hits(pg_, "bucket", &indexed_pg);
  std::set<std::string> lite_hits = search_hits(db_, "bucket", &indexed_lite);
  EXPECT_GT(indexed_pg, 100u);
  EXPECT_FALSE(pg_hits.empty());
  EXPECT_EQ(pg_hits, lite_hits);

  // A second run finds everything copied: nothing more, verified again.
  Outcome second = migrate();
  expect_verified(second);
  EXPECT_NE(second.out.find("an earlier run copied everything: copied 0 rows"), std::string::npos)
      << second.out;

  // The copy takes new scans: ids continue after the copied ones.
  Outcome scan = vigil("scan --capture '" + capture() + "' --now 2026-11-22T10:00:00Z " + pg());
  EXPECT_NE(scan.code, 1) << scan.err;
  json scans = json_of("scans list " + pg());
  ASSERT_EQ(scans.size(), 3u) << scans.dump(1);
  EXPECT_EQ(scans[0]["id"], 3);

  // Verification sees that the target changed since (a third scan).
  Outcome changed = migrate();
  EXPECT_EQ(changed.code, 1) << changed.out;
  EXPECT_NE(changed.out.find("MISMATCH"), std::string::npos) << changed.out;
  EXPECT_NE(changed.err.find("verification failed: scans"), std::string::npos) << changed.err;
}

TEST_F(StoreMigrate, AnInterruptedCopyResumesToTheSameResult) {
  record_sqlite();
  ::setenv("VIGIL_STORE_MIGRATE_FAIL_AFTER_BATCHES", "4", 1);
  Outcome cut = migrate();
  ::unsetenv("VIGIL_STORE_MIGRATE_FAIL_AFTER_BATCHES");
  EXPECT_EQ(cut.code, 1) << cut.out;
  EXPECT_NE(cut.err.find("injected failure"), std::string::npos) << cut.err;
  // The first batches are committed: the target is not empty, but partial.
  json scans = json_of("scans list " + pg());
  EXPECT_EQ(scans.size(), 2u);

  // Another source cannot continue this copy.
  fs::path other = dir_ / "other.db";
  fs::copy_file(db_, other);
  Outcome foreign =
      vigil("store migrate --from '" + other.string() + "' --to '" + pg_ + "' --batch 100");
  EXPECT_EQ(foreign.code, 1) << foreign.out;
  EXPECT_NE(foreign.err.find("the target holds a migration from " + db_), std::string::npos)
      << foreign.err;

  Outcome resumed = migrate();
  expect_verified(resumed);
  EXPECT_NE(resumed.out.find("resumed an earlier copy"), std::string::npos) << resumed.out;
  expect_same_reads();
}

TEST_F(StoreMigrate, RefusesATargetThatIsNotEmpty) {
  for (const std::string& store : {db(), pg()}) {
    Outcome scan = vigil("scan --capture '" + capture() + "' --now 2026-11-20T10:00:00Z " + store);
    ASSERT_NE(scan.code, 1) << scan.err;
  }
  Outcome refused = migrate();
  EXPECT_EQ(refused.code, 1) << refused.out;
  EXPECT_NE(refused.err.find("already has"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("empty PostgreSQL store"), std::string::npos) << refused.err;
  // Nothing was written: the target still holds its own one scan.
  EXPECT_EQ(json_of("scans list " + pg()).size(), 1u);
  // A source that is not a store is an error naming it.
  Outcome missing = vigil("store migrate --from /nonexistent/vigil.db --to '" + pg_ + "'");
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("/nonexistent/vigil.db does not exist"), std::string::npos)
      << missing.err;
}

}  // namespace
}  // namespace vigil::testing
