// The SQL baseline: the benchmark's checks as queries over SQLite's JSON
// functions (json_extract / json_each), as Steampipe/CloudQuery evaluate.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

struct sqlite3;

namespace vigil::bench {

struct SqlCheck {
  std::string id;   // the policy id it mirrors
  std::string sql;  // returns the ids of violating assets
};

// Reads checks.sql: each query follows a line "-- check: <id>".
Result<std::vector<SqlCheck>> read_sql_checks(const std::string& path);

struct SqlCheckRun {
  std::string id;
  size_t rows = 0;
  double seconds = 0;
};

class SqliteBaseline {
 public:
  SqliteBaseline() = default;
  SqliteBaseline(const SqliteBaseline&) = delete;
  SqliteBaseline& operator=(const SqliteBaseline&) = delete;
  ~SqliteBaseline();

  // Creates an in-memory database with table assets(id, type, account,
  // region, doc) and an index on type, filled from a JSON-lines inventory.
  Status load(const std::string& jsonl_path);
  size_t rows() const { return rows_; }

  // Runs one check to completion, counting result rows.
  Result<SqlCheckRun> run(const SqlCheck& check);

 private:
  sqlite3* db_ = nullptr;
  size_t rows_ = 0;
};

}  // namespace vigil::bench
