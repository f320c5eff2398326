// The backend-neutral Store suite on SQLite files, plus what is specific to
// the SQLite backend: pragmas, migrations, reopening, refusing a newer
// schema, open_store's locations.
#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <atomic>
#include <filesystem>

#include "store/sqlite/migrations.h"
#include "store_suite.h"

namespace vigil::store::testing {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test under the system temp dir, removed at exit.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> n{0};
    path_ = fs::temp_directory_path() /
            ("vigil-store-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

// Keeps the directories of the suite's stores until the process ends.
std::vector<std::unique_ptr<TempDir>>& suite_dirs() {
  static std::vector<std::unique_ptr<TempDir>> dirs;
  return dirs;
}

std::unique_ptr<Store> new_sqlite_store() {
  suite_dirs().push_back(std::make_unique<TempDir>());
  auto opened = open_store(suite_dirs().back()->file("vigil.db"));
  if (!opened.ok()) {
    ADD_FAILURE() << opened.error().message;
    return nullptr;
  }
  return std::move(opened).value();
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreSuite, ::testing::Values(StoreFactory(new_sqlite_store)),
                         [](const auto&) { return std::string("file"); });

std::string pragma(sqlite::SqliteStore& store, const std::string& name) {
  auto q = store.database().query("PRAGMA " + name);
  return q.step() ? q.str(0) : std::string();
}

int64_t count(sqlite::SqliteStore& store, const std::string& table) {
  auto q = store.database().query("SELECT count(*) FROM " + table);
  return q.step() ? q.int64(0) : -1;
}

TEST(SqliteStore, OpensInWalWithForeignKeysAndMigrations) {
  TempDir dir;
  auto opened = sqlite::SqliteStore::open(dir.file("a.db"));
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  auto& store = **opened;
  EXPECT_EQ(pragma(store, "journal_mode"), "wal");
  EXPECT_EQ(pragma(store, "foreign_keys"), "1");
  EXPECT_EQ(pragma(store, "synchronous"), "1");  // NORMAL
  EXPECT_NE(pragma(store, "busy_timeout"), "0");
  EXPECT_EQ(pragma(store, "user_version"), std::to_string(sqlite::latest_schema_version()));
  EXPECT_EQ(count(store, "schema_migrations"), static_cast<int64_t>(sqlite::migrations().size()));
  for (const char* table :
       {"scans", "scan_scopes", "assets", "asset_versions", "violations", "violation_events",
        "exceptions", "audit_log", "asset_groups", "group_members", "score_snapshots", "schedules"})
    EXPECT_EQ(count(store, table), 0) << table;
}

// Reproduced on main: the store and its WAL/SHM files were created with the
// umask's mode (0644 under the usual 022): readable by every local user.
TEST(SqliteStore, FilesArePrivateWhateverTheUmask) {
  TempDir dir;
  mode_t old = ::umask(0);
  {
    auto opened = sqlite::SqliteStore::open(dir.file("private.db"));
    ::umask(old);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    for (const char* suffix : {"", "-wal", "-shm"}) {
      fs::path file = dir.file(std::string("private.db") + suffix);
      ASSERT_TRUE(fs::exists(file)) << file;
      EXPECT_EQ(fs::status(file).permissions() & fs::perms::all,
                fs::perms::owner_read | fs::perms::owner_write)
          << file;
    }
  }
}

TEST(SqliteStore, ReopenKeepsDataAndDoesNotMigrateAgain) {
  TempDir dir;
  int64_t violation_id = 0;
  {
    auto store = open_store(dir.file("a.db"));
    ASSERT_TRUE(store.ok());
    ScanRecord r;
    r.started = at_ms(kT0);
    int64_t id = (*store)->begin_scan(r).value();
    ScanChanges c;
    c.scan_id = id;
    c.finished = at_ms(kT0 + 1);
    c.asset_versions = {asset("a1", 5)};
    c.new_violations = {violation("p1", asset("a1", 5))};
    ASSERT_TRUE((*store)->apply_scan(c).ok());
    violation_id = (*store)->violations({})->at(0).id;
  }
  auto again = sqlite::SqliteStore::open(dir.file("a.db"));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(count(**again, "schema_migrations"), static_cast<int64_t>(sqlite::migrations().size()));
  auto heads = (*again)->asset_heads();
  ASSERT_EQ(heads->size(), 1u);
  EXPECT_EQ((*heads)[0].content_hash, 5u);
  auto v = (*again)->violation(violation_id);
  ASSERT_TRUE(v.ok() && v->has_value());
  EXPECT_EQ((*v)->policy_id, "p1");
  EXPECT_EQ((*again)->list_scans({0})->at(0).state, ScanState::Completed);
}

TEST(SqliteStore, RefusesANewerSchema) {
  TempDir dir;
  {
    auto store = sqlite::SqliteStore::open(dir.file("a.db"));
    ASSERT_TRUE(store.ok());
    (*store)->database().exec(
        "INSERT INTO schema_migrations(version, applied_at, description) VALUES (999, 0, 'from the "
        "future')");
  }
  auto again = open_store(dir.file("a.db"));
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("999"), std::string::npos) << again.error().message;
  EXPECT_NE(again.error().message.find("newer"), std::string::npos) << again.error().message;
}

TEST(SqliteStore, OpenStoreLocations) {
  TempDir dir;
  EXPECT_TRUE(open_store("sqlite:" + dir.file("b.db")).ok());
  EXPECT_TRUE(fs::exists(dir.file("b.db")));
  // A postgresql:// URL goes to the PostgreSQL store (postgres_store_test.cpp), never to a file.
  auto pg = open_store("postgresql://vigil@/vigil?host=" + dir.file("no-server"));
  ASSERT_FALSE(pg.ok());
  EXPECT_EQ(pg.error().kind, Error::Kind::Unavailable) << pg.error().message;
  EXPECT_FALSE(fs::exists(dir.file("postgresql:")));
  auto bad = open_store(dir.file("no/such/dir/c.db"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("no/such/dir"), std::string::npos) << bad.error().message;
  EXPECT_FALSE(open_store("").ok());
}

TEST(SqliteStore, CompressedContentReadsBackWhateverTheSetting) {
  TempDir dir;
  AssetVersionWrite big = asset("big", 1);
  big.content = "{\"rules\":[";
  for (int i = 0; i < 500; ++i)
    big.content += "{\"port\":" + std::to_string(i) + ",\"cidr\":\"0.0.0.0/0\"},";
  big.content += "{}]}";
  {
    sqlite::SqliteOptions options;
    options.compression = sqlite::SqliteOptions::Compression::Zlib;
    auto store = sqlite::SqliteStore::open(dir.file("z.db"), options);
    ASSERT_TRUE(store.ok());
    ScanRecord r;
    r.started = at_ms(kT0);
    ScanChanges c;
    c.scan_id = (*store)->begin_scan(r).value();
    c.asset_versions = {big, asset("small", 2)};
    ASSERT_TRUE((*store)->apply_scan(c).ok());
    auto q = (*store)->database().query(
        "SELECT encoding, length(content) FROM asset_versions ORDER BY id");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.int64(0), 1);  // zlib
    EXPECT_LT(q.int64(1), static_cast<int64_t>(big.content.size()) / 4);
  }
  auto plain = sqlite::SqliteStore::open(dir.file("z.db"));  // default options
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ((*plain)->asset_history("big")->at(0).content, big.content);
  EXPECT_EQ((*plain)->asset_history("small")->at(0).content, asset("small", 2).content);
}

TEST(SqliteStore, ForeignKeyViolationRollsBackTheWholeScan) {
  TempDir dir;
  auto opened = sqlite::SqliteStore::open(dir.file("a.db"));
  ASSERT_TRUE(opened.ok());
  auto& store = **opened;
  ScanRecord r;
  r.started = at_ms(kT0);
  int64_t id = store.begin_scan(r).value();
  ScanChanges c;
  c.scan_id = id;
  c.finished = at_ms(kT0 + 1);
  c.asset_versions = {asset("a1", 1), asset("a2", 2)};
  c.new_violations = {violation("p1", asset("a1", 1))};
  c.new_violations[0].exception_id = 4040;  // no such exception: a foreign-key violation at insert
  Status s = store.apply_scan(c);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("FOREIGN KEY"), std::string::npos) << s.error().message;
  EXPECT_EQ(count(store, "assets"), 0);
  EXPECT_EQ(count(store, "asset_versions"), 0);
  EXPECT_EQ(count(store, "violations"), 0);
  EXPECT_EQ(count(store, "policies"), 0);
  EXPECT_EQ(store.get_scan(id)->value().state, ScanState::Running);
}

TEST(SqliteStore, UnchangedRescanWritesOnlyTheScanRow) {
  TempDir dir;
  auto opened = sqlite::SqliteStore::open(dir.file("a.db"));
  ASSERT_TRUE(opened.ok());
  auto& store = **opened;
  ScanRecord r;
  r.started = at_ms(kT0);
  ScanChanges c;
  c.scan_id = store.begin_scan(r).value();
  for (int i = 0; i < 100; ++i) {
    c.asset_versions.push_back(asset("a" + std::to_string(i), i));
    c.new_violations.push_back(violation("p", c.asset_versions.back()));
  }
  ASSERT_TRUE(store.apply_scan(c).ok());
  int before = sqlite3_total_changes(store.database().handle());
  r.started = at_ms(kT0 + 1000);
  ScanChanges same;
  same.scan_id = store.begin_scan(r).value();
  int after_begin = sqlite3_total_changes(store.database().handle());
  same.scopes = {{{"111", "us-east-1", "aws.s3.bucket"}, true, "", 100}};
  ASSERT_TRUE(store.apply_scan(same).ok());
  EXPECT_EQ(after_begin - before, 1);  // the scan row
  EXPECT_EQ(sqlite3_total_changes(store.database().handle()) - after_begin,
            2);  // scan row + one scope
}

}  // namespace
}  // namespace vigil::store::testing
