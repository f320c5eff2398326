// `vigil store migrate`: copies a SQLite store into a PostgreSQL store,
// table by table (tables.h), and verifies the copy.
//
// Contract
//  - The target is migrated to the latest schema and held with the store's
//    writer lock for the whole run. A table the copy has not started must
//    be empty in the target (else Conflict: migrate into an empty store).
//  - Rows are read in primary-key order from one snapshot of the source and
//    written with their ids, `batch` rows per transaction together with the
//    table's progress (pg_target.h); identity sequences are then moved past
//    the copied ids, and the target's search index is emptied so that
//    `vigil serve` rebuilds it from the copied versions.
//  - Resume: a run after an interrupted one (killed, failed) continues after
//    the last committed batch; a run after a finished one copies nothing
//    and verifies again. Progress recorded from another source is a Conflict.
//  - Verification: per table, the row count and the checksum of
//    row_checksum.h, read from both sides after the copy. A mismatch is not
//    an Error: the report says which tables differ (MigrateReport::verified).
//  - Errors are values: an Error names the table and the key after which
//    the failing batch starts, and the backend's message.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/migrate/row_checksum.h"

namespace vigil::store::migrate {

struct MigrateOptions {
  std::string from;     // the SQLite store's file
  std::string to;       // the PostgreSQL store's URL
  size_t batch = 5000;  // rows per transaction
  // Tests: fail (kind Internal) after committing this many batches; 0: never.
  size_t fail_after_batches = 0;
  // Called after each committed batch: the table and its rows copied so far.
  std::function<void(std::string_view table, uint64_t rows)> on_batch;
};

struct TableResult {
  std::string table;
  uint64_t copied = 0;  // rows copied by this run
  TableChecksum source, target;
  bool ok() const { return source == target; }
};

struct MigrateReport {
  bool resumed = false;  // an earlier run's progress was found
  uint64_t copied = 0;   // rows copied by this run
  double copy_seconds = 0, verify_seconds = 0;
  std::vector<TableResult> tables;
  bool verified() const {
    for (const TableResult& t : tables)
      if (!t.ok()) return false;
    return true;
  }
};

Result<MigrateReport> migrate_sqlite_to_postgres(const MigrateOptions& options);

}  // namespace vigil::store::migrate
