// Migration 11: a sorted page of violations reads the sort's index in order
// and stops after the page; it never sorts the whole table (1.7M rows in
// the API benchmark). Checked with SQLite's own query plan, for each sort
// key as violation_reads.cpp spells it, both directions, with and without
// a keyset position.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <string>

#include "store/sqlite/sqlite_store.h"
#include "store/violation_sort_sql.h"

namespace vigil::store::testing {
namespace {

namespace fs = std::filesystem;

std::string plan_of(sqlite::Database& db, const std::string& sql) {
  std::string plan;
  auto q = db.query("EXPLAIN QUERY PLAN " + sql);
  while (q.step()) plan += q.str(3) + "\n";
  return plan;
}

TEST(SqliteViolationSort, EverySortReadsItsIndexWithoutSorting) {
  static std::atomic<int> n{0};
  fs::path dir = fs::temp_directory_path() /
                 ("vigil-violation-sort-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto store = sqlite::SqliteStore::open((dir / "vigil.db").string());
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto& db = (*store)->database();
  for (ViolationSort sort :
       {ViolationSort::Severity, ViolationSort::FirstSeen, ViolationSort::LastChange}) {
    std::string key = violation_sort_key_sql(sort);
    for (const char* direction : {"", " DESC"}) {
      for (bool keyset : {false, true}) {
        std::string sql =
            "SELECT v.id, p.name, a.uid FROM violations v JOIN policies p ON p.id = v.policy "
            "JOIN assets a ON a.id = v.asset WHERE v.status IN ('open')";
        if (keyset) sql += " AND (" + key + ", v.id) > (1, 1)";
        sql += " ORDER BY " + key + direction + ", v.id" + direction + " LIMIT 101";
        std::string plan = plan_of(db, sql);
        SCOPED_TRACE(sql + "\n" + plan);
        EXPECT_NE(plan.find("USING INDEX violations_by_"), std::string::npos);
        EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos);
      }
    }
  }
  // Open findings of one severity in id order (the dashboard's first
  // filter) read the partial index of migration 15: only the page's rows.
  std::string sql =
      "SELECT v.id, p.name, a.uid FROM violations v JOIN policies p ON p.id = v.policy "
      "JOIN assets a ON a.id = v.asset WHERE v.status = 'open' AND v.severity = ?5 "
      "AND v.id > ?9 ORDER BY v.id LIMIT 101";
  std::string plan = plan_of(db, sql);
  EXPECT_NE(plan.find("USING INDEX violations_open_by_severity"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;
  store->reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace vigil::store::testing
