// Migration 4: assets.source, the source that owns each asset, filled for
// existing rows from their history (the source of the scan that wrote the
// latest version). Upgraded from a schema-3 file with rows.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_store.h"

namespace vigil::store {
namespace {

namespace fs = std::filesystem;

TEST(OwnerMigration, ExistingAssetsBelongToTheSourceOfTheirLatestVersion) {
  fs::path dir =
      fs::temp_directory_path() / ("vigil-owner-migration-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "vigil.db").string();
  {
    sqlite::Database db(path);
    db.exec("PRAGMA journal_mode = WAL");
    for (int v = 0; v < 3; ++v) db.exec(std::string(sqlite::migrations()[v].sql).c_str());
    db.exec(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT "
        "NULL, description TEXT NOT NULL);"
        "INSERT INTO schema_migrations VALUES (1, 0, 's1'), (2, 0, 's2'), (3, 0, 's3');"
        "PRAGMA user_version = 3;"
        "INSERT INTO scans(id, source, scope, started, state) VALUES "
        "(1, 'estate', '{}', 10, 'completed'), (2, 'samples', '{}', 20, 'completed');"
        "INSERT INTO assets(id, uid, type, account, region, first_seen, version, hash) VALUES "
        "(1, 'a1', 't', '1', 'r', 10, 2, 1), (2, 'a2', 't', '1', 'r', 10, 1, 1),"
        "(3, 'a3', 't', '1', 'r', 10, 1, 1);"
        "INSERT INTO asset_versions(asset, version, valid_from, scan_id, hash, encoding, content) "
        "VALUES (1, 1, 10, 1, 1, 0, '{}'), (1, 2, 20, 2, 1, 0, '{}'), (2, 1, 10, 1, 1, 0, '{}');"
        // a3's latest row is a deletion marker by samples: its owner stays estate's
        "INSERT INTO asset_versions(asset, version, valid_from, scan_id, hash, encoding, content) "
        "VALUES (3, 1, 10, 1, 1, 0, '{}');"
        "INSERT INTO asset_versions(asset, valid_from, scan_id) VALUES (3, 20, 2);");
  }
  auto store = sqlite::SqliteStore::open(path);
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto heads = (*store)->asset_heads();
  ASSERT_TRUE(heads.ok()) << heads.error().message;
  ASSERT_EQ(heads->size(), 3u);
  for (const AssetHead& h : *heads)
    EXPECT_EQ(h.source, h.id == "a1" ? "samples" : "estate") << h.id;
  store->reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace vigil::store
