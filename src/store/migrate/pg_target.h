// The PostgreSQL side of `vigil store migrate`: a PostgreSQL store migrated
// to this vigil's latest schema, held with the store's writer lock (no scan
// or `vigil serve` writes it meanwhile), and the copy's progress.
//
// Progress: table store_migration_progress holds one row per copied table
// that was started: the source it came from, the key of the last row copied
// (a JSON array, sqlite_source.h key_of), the rows copied, whether the table
// is done. write_batch() commits a batch of rows and its progress row in
// one transaction, so a copy killed at any moment resumes exactly after the
// last batch it committed. The table stays after the copy (a later run
// finds everything done and only verifies); dropping it is harmless.
//
// Errors: open() returns them (Unavailable when the server does not answer,
// Conflict when another process holds the writer lock); the other methods
// throw postgres::PgError, caught by the copier.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "store/migrate/row_checksum.h"
#include "store/migrate/schema_check.h"
#include "store/migrate/tables.h"

namespace vigil::store::postgres {
class Connection;
}

namespace vigil::store::migrate {

struct TableProgress {
  std::string source;
  nlohmann::json last_key;  // null before the first batch
  uint64_t rows = 0;
  bool done = false;
};

class PgTarget {
 public:
  static Result<std::unique_ptr<PgTarget>> open(const std::string& url);
  ~PgTarget();
  PgTarget(const PgTarget&) = delete;
  PgTarget& operator=(const PgTarget&) = delete;

  // Every table of the store's schema with its columns (schema_check.h).
  std::vector<TableColumns> schema();
  // Progress rows by table name (empty when no copy was started).
  std::map<std::string, TableProgress> progress();
  // Rows in `table` now.
  uint64_t count(const TableSpec& table);
  // Writes `rows` (COPY, explicit ids) and `progress` for `table`, in one
  // transaction.
  void write_batch(const TableSpec& table, const std::vector<Row>& rows,
                   const TableProgress& progress);
  // Moves `table`'s id sequence past its largest id.
  void reset_sequence(const TableSpec& table);
  // Empties the search index and its progress: `vigil serve` rebuilds it.
  void reset_search();
  // Visits every row of `table` (any order) as the copier wrote it.
  void for_each_row(const TableSpec& table, const std::function<void(const Row&)>& visit);
  const std::string& where() const;

 private:
  explicit PgTarget(std::unique_ptr<postgres::Connection> c);
  std::unique_ptr<postgres::Connection> c_;
};

}  // namespace vigil::store::migrate
