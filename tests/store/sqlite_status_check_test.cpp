// Migration 3: violations.status's CHECK is rewritten from an IN list to
// comparisons (SQLite builds a temporary b-tree per insert for the list).
// The rule must stay the same, on a new store and on one upgraded from
// schema 1 with rows, and the file must stay sound.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>

#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_store.h"
#include "store_test_data.h"

namespace vigil::store::testing {
namespace {

namespace fs = std::filesystem;

class StatusCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> n{0};
    dir_ = fs::temp_directory_path() /
           ("vigil-status-check-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "vigil.db").string();
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // The CHECK holds, the file is sound, and the schema text is the new one.
  void expect_rule(sqlite::SqliteStore& store) {
    auto& db = store.database();
    {
      auto q = db.query("SELECT sql FROM sqlite_schema WHERE name = 'violations'");
      ASSERT_TRUE(q.step());
      std::string sql = q.str(0);
      EXPECT_EQ(sql.find("status IN"), std::string::npos) << sql;
      EXPECT_NE(sql.find("status = 'unknown'"), std::string::npos) << sql;
    }
    {
      auto q = db.query("PRAGMA integrity_check");
      ASSERT_TRUE(q.step());
      EXPECT_EQ(q.str(0), "ok");
    }
    db.exec(
        "INSERT OR IGNORE INTO policies(id, name) VALUES (77, 'check-p');"
        "INSERT OR IGNORE INTO assets(id, uid, type, account, region, first_seen, version, "
        "hash) VALUES (77, 'check-a', 't', '1', 'r', 0, 1, 0)");
    for (const char* status : {"open", "exempted", "closed", "unknown"}) {
      db.exec("DELETE FROM violations WHERE asset = 77");
      EXPECT_NO_THROW(
          db.exec((std::string("INSERT INTO violations(policy, asset, status, severity, "
                               "category, message, first_seen, last_change) VALUES "
                               "(77, 77, '") +
                   status + "', 'high', 'security', 'm', 0, 0)")
                      .c_str()))
          << status;
    }
    db.exec("DELETE FROM violations WHERE asset = 77");
    try {
      db.exec(
          "INSERT INTO violations(policy, asset, status, severity, category, message, "
          "first_seen, last_change) VALUES (77, 77, 'opened', 'high', 'security', 'm', 0, 0)");
      ADD_FAILURE() << "status 'opened' was accepted";
    } catch (const sqlite::SqliteError& e) {
      EXPECT_NE(std::string(e.what()).find("CHECK"), std::string::npos) << e.what();
    }
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(StatusCheckTest, ANewStoreHasTheRuleWithoutAnInList) {
  auto store = sqlite::SqliteStore::open(path_);
  ASSERT_TRUE(store.ok()) << store.error().message;
  expect_rule(**store);
}

TEST_F(StatusCheckTest, AStoreAtSchemaOneWithViolationsUpgrades) {
  {
    sqlite::Database db(path_);
    db.exec("PRAGMA journal_mode = WAL");
    db.exec(std::string(sqlite::migrations()[0].sql).c_str());
    db.exec(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT "
        "NULL, description TEXT NOT NULL);"
        "INSERT INTO schema_migrations VALUES (1, 0, 'schema 1'); PRAGMA user_version = 1;"
        "INSERT INTO policies(id, name) VALUES (1, 'p1');"
        "INSERT INTO assets(id, uid, type, account, region, first_seen, version, hash) VALUES "
        "(1, 'a1', 'aws.s3.bucket', '111', 'us-east-1', 0, 1, 1);"
        "INSERT INTO violations(policy, asset, status, severity, category, message, first_seen, "
        "last_change) VALUES (1, 1, 'closed', 'high', 'security', 'old', 0, 0)");
  }
  auto store = sqlite::SqliteStore::open(path_);
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto v = (*store)->violations({});
  ASSERT_TRUE(v.ok()) << v.error().message;
  ASSERT_EQ(v->size(), 1u);
  EXPECT_EQ(v->at(0).status, ViolationStatus::Closed);
  EXPECT_EQ(v->at(0).message, "old");
  expect_rule(**store);
  // A second connection opened afterwards sees the same schema.
  auto again = sqlite::SqliteStore::open(path_);
  ASSERT_TRUE(again.ok()) << again.error().message;
  expect_rule(**again);
}

}  // namespace
}  // namespace vigil::store::testing
