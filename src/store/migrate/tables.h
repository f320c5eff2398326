// The tables `vigil store migrate` copies from a SQLite store into a
// PostgreSQL store, in an order that satisfies the foreign keys, with the
// columns both schemas share (sqlite/migrations.cpp, postgres/migrations.cpp)
// and how each column's value travels:
//   Int      INTEGER -> BIGINT/INTEGER (ids, times in ms, counts, hashes)
//   Text     TEXT -> TEXT
//   Real     REAL -> DOUBLE PRECISION
//   Bool     INTEGER 0/1 -> BOOLEAN
//   Json     TEXT -> JSONB (PostgreSQL normalizes it: compared parsed)
//   Content  asset_versions.content BLOB with its `encoding` -> TEXT (decoded)
// `key` names the primary-key columns: rows are read in that order and the
// last copied key is the resume point. `identity` says whether `id` is an
// identity column whose sequence must be moved past the copied ids.
//
// Not copied: asset_search and search_progress (the target rebuilds its own
// search index; migrate resets its progress), content_dictionaries (SQLite
// only: content arrives decoded), schema_migrations, jobs (work in flight).
#pragma once

#include <span>
#include <string_view>
#include <vector>

namespace vigil::store::migrate {

enum class ColumnKind { Int, Text, Real, Bool, Json, Content };

struct Column {
  std::string_view name;
  ColumnKind kind;
};

struct TableSpec {
  std::string_view name;
  std::vector<Column> columns;
  std::vector<std::string_view> key;  // a prefix-free list of columns of `columns`
  bool identity = false;
};

// Every copied table, parents before children.
std::span<const TableSpec> copied_tables();

// The table's spec by name; nullptr when it is not copied.
const TableSpec* find_table(std::string_view name);

}  // namespace vigil::store::migrate
