// The SQLite side of `vigil store migrate`: a SQLite store opened for
// reading only (nothing created or written), at this vigil's latest schema,
// read inside one read transaction so the copy and its verification see one
// snapshot even while a scan writes (WAL).
//
// read_batch returns up to `limit` rows of a table in primary-key order
// after the key `after` (a JSON array of the key columns' values, as
// key_of() makes; null: from the first row), asset content decoded to text
// (with the store's zstd dictionaries), and stops early once the rows hold
// kBatchBytes of values (so large documents do not fill the memory);
// Batch::end says that the table has no more rows.
//
// Errors: open() returns them (NotFound for a missing file, InvalidInput for
// a store at another schema); read_batch throws sqlite::SqliteError naming
// the table, caught by the copier (sqlite_to_postgres.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "store/migrate/row_checksum.h"
#include "store/migrate/schema_check.h"
#include "store/migrate/tables.h"

namespace vigil::store::migrate {

// The key of `row` (its key columns' values: numbers for Int, strings else).
nlohmann::json key_of(const TableSpec& table, const Row& row);

// The value bytes after which a batch ends, whatever its row limit.
inline constexpr size_t kBatchBytes = size_t{64} << 20;

struct Batch {
  std::vector<Row> rows;
  bool end = false;  // no rows after these
};

class SqliteSource {
 public:
  static Result<std::unique_ptr<SqliteSource>> open(const std::string& path);
  ~SqliteSource();
  SqliteSource(const SqliteSource&) = delete;
  SqliteSource& operator=(const SqliteSource&) = delete;

  // Every table of the store with its columns (schema_check.h).
  std::vector<TableColumns> schema();
  Batch read_batch(const TableSpec& table, const nlohmann::json& after, size_t limit);
  const std::string& path() const { return path_; }

 private:
  struct State;
  SqliteSource(std::string path, std::unique_ptr<State> state);
  std::string path_;
  std::unique_ptr<State> state_;
};

}  // namespace vigil::store::migrate
