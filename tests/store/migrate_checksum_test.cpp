// `vigil store migrate`'s pieces that need no PostgreSQL server: the
// canonical row text behind its checksums (PostgreSQL's printing of float8
// and jsonb must compare equal to SQLite's text), the checksum's order
// independence, and the schema drift guard against a real, freshly created
// SQLite store (every table and column of this vigil's SQLite schema is one
// store/migrate/tables.cpp copies or knowingly leaves out).
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>

#include "store/migrate/row_checksum.h"
#include "store/migrate/schema_check.h"
#include "store/migrate/sqlite_source.h"
#include "store/migrate/tables.h"
#include "store/store.h"

namespace vigil::store::testing {
namespace {

namespace fs = std::filesystem;
using migrate::ColumnKind;
using migrate::Row;

TEST(MigrateChecksum, FloatsAndJsonCompareByValueNotSpelling) {
  EXPECT_EQ(migrate::canonical_field(ColumnKind::Real, "0.1"),
            migrate::canonical_field(ColumnKind::Real, "0.10000000000000001"));
  EXPECT_EQ(migrate::canonical_field(ColumnKind::Real, "87.5"),
            migrate::canonical_field(ColumnKind::Real, "8.75e1"));
  EXPECT_NE(migrate::canonical_field(ColumnKind::Real, "87.5"),
            migrate::canonical_field(ColumnKind::Real, "87.25"));
  // jsonb reorders keys and respaces.
  EXPECT_EQ(migrate::canonical_field(ColumnKind::Json, R"({"b":1,"a":[true,null]})"),
            migrate::canonical_field(ColumnKind::Json, R"({"a": [true, null], "b": 1})"));
  EXPECT_NE(migrate::canonical_field(ColumnKind::Json, R"({"a":1})"),
            migrate::canonical_field(ColumnKind::Json, R"({"a":2})"));
  // Text is compared as it is.
  EXPECT_NE(migrate::canonical_field(ColumnKind::Text, R"({"b":1,"a":2})"),
            migrate::canonical_field(ColumnKind::Text, R"({"a":2,"b":1})"));
}

TEST(MigrateChecksum, IsOrderIndependentAndTellsNullFromEmpty) {
  const migrate::TableSpec& table = *migrate::find_table("policies");
  Row a{"1", "aws-s3-a"}, b{"2", "aws-s3-b"};
  migrate::TableChecksum forward, backward;
  forward.add(table, a);
  forward.add(table, b);
  backward.add(table, b);
  backward.add(table, a);
  EXPECT_EQ(forward, backward);
  EXPECT_EQ(forward.rows, 2u);

  migrate::TableChecksum one_changed;
  one_changed.add(table, a);
  one_changed.add(table, Row{"2", "aws-s3-c"});
  EXPECT_NE(forward, one_changed);

  const migrate::TableSpec& assets = *migrate::find_table("assets");
  Row with_null{"1", "u", "t", "a", "r", "", "0", std::nullopt, "1", "7", std::nullopt};
  Row with_empty = with_null;
  with_empty[10] = "";
  EXPECT_NE(migrate::row_hash(assets, with_null), migrate::row_hash(assets, with_empty));
}

TEST(MigrateSchema, EveryTableAndColumnOfTheSqliteStoreIsKnown) {
  static std::atomic<int> n{0};
  fs::path dir =
      fs::temp_directory_path() /
      ("vigil-migrate-schema-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
  fs::create_directories(dir);
  std::string path = (dir / "vigil.db").string();
  {
    auto created = open_store(path);
    ASSERT_TRUE(created.ok()) << created.error().message;
  }
  auto source = migrate::SqliteSource::open(path);
  ASSERT_TRUE(source.ok()) << source.error().message;
  std::vector<migrate::TableColumns> schema = (*source)->schema();
  EXPECT_GE(schema.size(), migrate::copied_tables().size());
  Status known = migrate::check_known_schema(schema, "source");
  EXPECT_TRUE(known.ok()) << known.error().message;

  // A column the copy would not carry is refused, naming it.
  for (auto& t : schema)
    if (t.table == "violations") t.columns.push_back("triage_note");
  Status drift = migrate::check_known_schema(schema, "source");
  ASSERT_FALSE(drift.ok());
  EXPECT_EQ(drift.error().kind, Error::Kind::Internal);
  EXPECT_NE(drift.error().message.find("violations has a column triage_note"), std::string::npos)
      << drift.error().message;
  source->reset();
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace vigil::store::testing
