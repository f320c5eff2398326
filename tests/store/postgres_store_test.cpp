// The backend-neutral Store suite on a real PostgreSQL server (one per run
// of this executable, postgres_server.h; a fresh database per test), plus
// what is specific to the PostgreSQL backend: migrations, reopening,
// refusing a newer schema, connection errors, the writer lock between two
// processes' sessions, read-only opening, and open_store's URLs.
#include "store/postgres/pg_store.h"

#include <gtest/gtest.h>

#include "postgres_server.h"
#include "store/postgres/migrations.h"
#include "store_suite.h"

namespace vigil::store::testing {
namespace {

const auto* const kEnvironment = ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

std::unique_ptr<Store> new_pg_store() {
  auto opened = open_store(PostgresServer::get().fresh_database_url());
  if (!opened.ok()) {
    ADD_FAILURE() << opened.error().message;
    return nullptr;
  }
  return std::move(opened).value();
}

INSTANTIATE_TEST_SUITE_P(Postgres, StoreSuite, ::testing::Values(StoreFactory(new_pg_store)),
                         [](const auto&) { return std::string("server"); });

std::unique_ptr<postgres::PgStore> open_pg(const std::string& url,
                                           postgres::PgOptions options = {}) {
  auto opened = postgres::PgStore::open(url, options);
  EXPECT_TRUE(opened.ok()) << (opened.ok() ? "" : opened.error().message);
  return opened.ok() ? std::move(opened).value() : nullptr;
}

int64_t count(postgres::PgStore& store, const std::string& table) {
  return store.connection().exec("SELECT count(*) FROM " + table).int64(0, 0);
}

ScanRecord scan_at(int64_t ms, const std::string& source = "cli") {
  ScanRecord r;
  r.source = source;
  r.started = at_ms(ms);
  return r;
}

TEST(PgStore, MigratesOnceAndKeepsDataAcrossSessions) {
  std::string url = PostgresServer::get().fresh_database_url();
  int64_t violation_id = 0;
  {
    auto store = open_pg(url);
    ASSERT_TRUE(store);
    EXPECT_EQ(count(*store, "schema_migrations"),
              static_cast<int64_t>(postgres::migrations().size()));
    for (const char* table : {"scans", "assets", "asset_versions", "violations", "violation_events",
                              "exceptions", "audit_log", "outbox", "fix_runs"})
      EXPECT_EQ(count(*store, table), 0) << table;
    ScanChanges c;
    c.scan_id = store->begin_scan(scan_at(kT0)).value();
    c.finished = at_ms(kT0 + 1);
    c.asset_versions = {asset("a1", 5)};
    c.new_violations = {violation("p1", asset("a1", 5))};
    ASSERT_TRUE(store->apply_scan(c).ok());
    violation_id = store->violations({})->at(0).id;
  }
  auto again = open_pg(url);
  ASSERT_TRUE(again);
  EXPECT_EQ(count(*again, "schema_migrations"),
            static_cast<int64_t>(postgres::migrations().size()));
  EXPECT_EQ(again->asset_heads()->at(0).content_hash, 5u);
  EXPECT_EQ(again->violation(violation_id)->value().policy_id, "p1");
  EXPECT_EQ(again->list_scans({0})->at(0).state, ScanState::Completed);
}

TEST(PgStore, RefusesANewerSchema) {
  std::string url = PostgresServer::get().fresh_database_url();
  {
    auto store = open_pg(url);
    ASSERT_TRUE(store);
    store->connection().exec(
        "INSERT INTO schema_migrations(version, applied_at, description) "
        "VALUES (999, 0, 'from the future')");
  }
  auto again = open_store(url);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("999"), std::string::npos) << again.error().message;
  EXPECT_NE(again.error().message.find("newer"), std::string::npos) << again.error().message;
}

TEST(PgStore, AConnectionFailureNamesTheServerButNotThePassword) {
  std::string socket = PostgresServer::get().socket_dir() + "/none";
  for (const std::string scheme : {"postgresql", "postgres"}) {
    auto opened = open_store(scheme + "://vigil:s3cr3t-pw@/inventory?host=" + socket);
    ASSERT_FALSE(opened.ok());
    const Error& e = opened.error();
    EXPECT_EQ(e.kind, Error::Kind::Unavailable);
    EXPECT_NE(e.message.find("inventory"), std::string::npos) << e.message;
    EXPECT_NE(e.message.find(socket), std::string::npos) << e.message;
    EXPECT_EQ(e.message.find("s3cr3t-pw"), std::string::npos) << e.message;
  }
  // A database that does not exist on a running server: the server's word.
  auto missing = open_store(PostgresServer::get().url("no_such_db"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("no_such_db"), std::string::npos)
      << missing.error().message;
}

TEST(PgStore, OneWriterAtATimeAndADeadWritersScanIsInterrupted) {
  std::string url = PostgresServer::get().fresh_database_url();
  auto first = open_pg(url);
  auto second = open_pg(url);
  ASSERT_TRUE(first && second);
  int64_t running = first->begin_scan(scan_at(kT0, "prod")).value();
  Status busy = second->acquire_writer(std::chrono::milliseconds(100));
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(busy.error().kind, Error::Kind::Unavailable);
  EXPECT_NE(busy.error().message.find("scan " + std::to_string(running)), std::string::npos)
      << busy.error().message;
  EXPECT_NE(busy.error().message.find("'prod'"), std::string::npos) << busy.error().message;
  EXPECT_FALSE(second->begin_scan(scan_at(kT0 + 1)).ok());
  // The first process dies (its session ends): the lock goes with it.
  first.reset();
  ASSERT_TRUE(second->acquire_writer(std::chrono::milliseconds(2000)).ok());
  int64_t next = second->begin_scan(scan_at(kT0 + 1000)).value();
  EXPECT_EQ(second->get_scan(running)->value().state, ScanState::Interrupted);
  ScanChanges c;
  c.scan_id = next;
  c.finished = at_ms(kT0 + 1500);
  EXPECT_TRUE(second->apply_scan(c).ok());
  // Released, another session may take it at once.
  second->release_writer();
  auto third = open_pg(url);
  ASSERT_TRUE(third);
  EXPECT_TRUE(third->acquire_writer(std::chrono::milliseconds(0)).ok());
}

TEST(PgStore, ReadOnlyOpeningReadsAndWritesNothing) {
  std::string url = PostgresServer::get().fresh_database_url();
  {
    auto store = open_pg(url);
    ASSERT_TRUE(store);
    ScanChanges c;
    c.scan_id = store->begin_scan(scan_at(kT0)).value();
    c.asset_versions = {asset("a1", 1)};
    ASSERT_TRUE(store->apply_scan(c).ok());
  }
  auto reader = open_store(url, OpenMode::ReadOnly);
  ASSERT_TRUE(reader.ok()) << reader.error().message;
  EXPECT_EQ((*reader)->asset_heads()->size(), 1u);
  EXPECT_FALSE((*reader)->begin_scan(scan_at(kT0 + 1)).ok());
  EXPECT_FALSE((*reader)->record_audit({0, at_ms(kT0), "a", "x", "y", {}}).ok());
  // A database never migrated is refused, not created.
  auto blank = PostgresServer::get().url("postgres");
  auto refused = open_store(blank, OpenMode::ReadOnly);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("version 0"), std::string::npos)
      << refused.error().message;
}

// violations.exception_id has no foreign key (migration 6): the store looks
// the exceptions up before writing, in a scan and in an update.
TEST(PgStore, AnUnknownExceptionRollsBackTheWholeScan) {
  auto store = open_pg(PostgresServer::get().fresh_database_url());
  ASSERT_TRUE(store);
  int64_t id = store->begin_scan(scan_at(kT0)).value();
  ScanChanges c;
  c.scan_id = id;
  c.finished = at_ms(kT0 + 1);
  c.asset_versions = {asset("a1", 1), asset("a2", 2)};
  c.new_violations = {violation("p1", asset("a1", 1))};
  c.new_violations[0].exception_id = 4040;  // no such exception
  Status s = store->apply_scan(c);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, Error::Kind::NotFound);
  EXPECT_NE(s.error().message.find("names exception 4040"), std::string::npos) << s.error().message;
  for (const char* table : {"assets", "asset_versions", "violations", "policies"})
    EXPECT_EQ(count(*store, table), 0) << table;
  EXPECT_EQ(store->get_scan(id)->value().state, ScanState::Running);

  // The same scan without it is written; then an update naming exception
  // 4041 changes nothing, and one naming an existing exception is written.
  c.new_violations[0].exception_id.reset();
  ASSERT_TRUE(store->apply_scan(c).ok());
  int64_t violation = store->violations({})->at(0).id;
  ViolationUpdate exempt{violation,    ViolationStatus::Exempted, "exception", "m", "", "",
                         int64_t{4041}};
  Status u = store->update_violations({exempt}, at_ms(kT0 + 2));
  ASSERT_FALSE(u.ok());
  EXPECT_NE(u.error().message.find("exception 4041 does not exist"), std::string::npos)
      << u.error().message;
  EXPECT_EQ(store->violations({})->at(0).status, ViolationStatus::Open);
  EXPECT_EQ(count(*store, "violation_events"), 0);
  ExceptionRecord e;
  e.policy_id = "p1";
  e.created = at_ms(kT0);
  e.expires = at_ms(kT0 + 1'000'000);
  int64_t granted = store->add_exception(e, {0, at_ms(kT0), "a", "grant", "", {}}).value();
  exempt.exception_id = granted;
  ASSERT_TRUE(store->update_violations({exempt}, at_ms(kT0 + 3)).ok());
  EXPECT_EQ(store->violations({})->at(0).exception_id, granted);
}

// The writes of an unchanged re-scan: the scan row and its scopes, nothing
// per asset or violation (PostgreSQL's own count of this transaction's rows).
TEST(PgStore, UnchangedRescanWritesOnlyTheScanRows) {
  auto store = open_pg(PostgresServer::get().fresh_database_url());
  ASSERT_TRUE(store);
  ScanChanges c;
  c.scan_id = store->begin_scan(scan_at(kT0)).value();
  for (int i = 0; i < 100; ++i) {
    c.asset_versions.push_back(asset("a" + std::to_string(i), i));
    c.new_violations.push_back(violation("p", c.asset_versions.back()));
  }
  ASSERT_TRUE(store->apply_scan(c).ok());
  ScanChanges same;
  same.scan_id = store->begin_scan(scan_at(kT0 + 1000)).value();
  same.scopes = {{{"111", "us-east-1", "aws.s3.bucket"}, true, "", 100}};
  postgres::Connection& db = store->connection();
  // This session's row counts by table (they include earlier transactions
  // not yet reported to the statistics system: compare before and after).
  auto written = [&] {
    postgres::Rows r =
        db.exec("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables");
    std::map<std::string, int64_t> out;
    for (int i = 0; i < r.size(); ++i) out[r.str(i, 0)] = r.int64(i, 1);
    return out;
  };
  db.exec("BEGIN");  // apply_scan joins this transaction
  auto before = written();
  ASSERT_TRUE(store->apply_scan(same).ok());
  auto after = written();
  db.exec("COMMIT");
  std::map<std::string, int64_t> rows;
  for (const auto& [table, n] : after)
    if (n != before[table]) rows[table] = n - before[table];
  EXPECT_EQ(rows, (std::map<std::string, int64_t>{{"scan_scopes", 1}, {"scans", 1}}));
  EXPECT_EQ(count(*store, "asset_versions"), 100);
}

}  // namespace
}  // namespace vigil::store::testing
