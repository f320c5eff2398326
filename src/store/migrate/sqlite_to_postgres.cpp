// The copy and its verification (sqlite_to_postgres.h).
#include "store/migrate/sqlite_to_postgres.h"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "store/migrate/pg_target.h"
#include "store/migrate/schema_check.h"
#include "store/migrate/sqlite_source.h"
#include "store/postgres/pg_db.h"
#include "store/sqlite/sqlite_db.h"

namespace vigil::store::migrate {
namespace {

using Clock = std::chrono::steady_clock;

double migrate_seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The source as recorded in the progress table: its absolute path.
std::string migrate_source_identity(const std::string& path) {
  std::error_code ec;
  auto p = std::filesystem::weakly_canonical(path, ec);
  return ec ? path : p.string();
}

// Runs `step`, turning a backend exception into an Error about `what`.
template <typename F>
Status migrate_guard(const std::string& what, F&& step) {
  try {
    step();
    return Status::Ok();
  } catch (const sqlite::SqliteError& e) {
    return Error(fmt::format("{}: source: {}", what, e.what()))
        .with_kind(e.kind == Error::Kind::Unspecified ? Error::Kind::Corrupt : e.kind);
  } catch (const postgres::PgError& e) {
    return Error(fmt::format("{}: target: {}", what, e.what())).with_kind(e.kind);
  } catch (const std::exception& e) {
    return Error(fmt::format("{}: {}", what, e.what())).with_kind(Error::Kind::Internal);
  }
}

std::string migrate_key_text(const nlohmann::json& key) {
  return key.is_null() ? std::string("from its first row") : "after key " + key.dump();
}

}  // namespace

Result<MigrateReport> migrate_sqlite_to_postgres(const MigrateOptions& options) {
  if (options.batch == 0)
    return Error("store migrate: --batch must be at least 1").with_kind(Error::Kind::InvalidInput);
  auto source = SqliteSource::open(options.from);
  if (!source.ok()) return source.error();
  auto target = PgTarget::open(options.to);
  if (!target.ok()) return target.error();
  SqliteSource& from = **source;
  PgTarget& to = **target;
  const std::string identity = migrate_source_identity(options.from);

  Status drift = Status::Ok();
  Status read_schemas = migrate_guard("reading the stores' schemas", [&] {
    drift = check_known_schema(from.schema(), "source");
    if (drift.ok()) drift = check_known_schema(to.schema(), "target");
  });
  if (!read_schemas.ok()) return read_schemas.error();
  if (!drift.ok()) return drift.error();

  MigrateReport report;
  std::map<std::string, TableProgress> progress;
  Status checked = migrate_guard("reading the target's migration progress", [&] {
    progress = to.progress();
    for (const auto& [name, p] : progress)
      if (p.source != identity)
        throw std::invalid_argument(
            fmt::format("the target holds a migration from {} (table {}), not from {}", p.source,
                        name, identity));
  });
  if (!checked.ok()) {
    Error e = checked.error();
    if (e.kind == Error::Kind::Internal) e.kind = Error::Kind::Conflict;
    return e;
  }
  report.resumed = !progress.empty();
  for (const TableSpec& table : copied_tables()) {
    if (progress.count(std::string(table.name))) continue;
    uint64_t rows = 0;
    Status counted =
        migrate_guard(fmt::format("counting {}", table.name), [&] { rows = to.count(table); });
    if (!counted.ok()) return counted.error();
    if (rows != 0)
      return Error(fmt::format("the target's table {} already has {} row{} and no migration "
                               "progress: migrate into an empty PostgreSQL store",
                               table.name, rows, rows == 1 ? "" : "s"))
          .with_kind(Error::Kind::Conflict);
  }

  auto copy_start = Clock::now();
  size_t batches = 0;
  for (const TableSpec& table : copied_tables()) {
    TableProgress p = progress[std::string(table.name)];
    p.source = identity;
    TableResult result;
    result.table = std::string(table.name);
    while (!p.done) {
      nlohmann::json after = p.last_key;
      Status copied =
          migrate_guard(fmt::format("copying {} {}", table.name, migrate_key_text(after)), [&] {
            Batch batch = from.read_batch(table, after, options.batch);
            const std::vector<Row>& rows = batch.rows;
            p.done = batch.end;
            if (!rows.empty()) p.last_key = key_of(table, rows.back());
            p.rows += rows.size();
            to.write_batch(table, rows, p);
            result.copied += rows.size();
          });
      if (!copied.ok()) return copied.error();
      ++batches;
      if (options.on_batch) options.on_batch(table.name, p.rows);
      if (options.fail_after_batches != 0 && batches == options.fail_after_batches)
        return Error(fmt::format("copying {}: stopped after {} batch{} (injected failure)",
                                 table.name, batches, batches == 1 ? "" : "es"))
            .with_kind(Error::Kind::Internal);
    }
    report.copied += result.copied;
    report.tables.push_back(std::move(result));
  }
  Status finished = migrate_guard("resetting the target's sequences and search index", [&] {
    for (const TableSpec& table : copied_tables()) to.reset_sequence(table);
    to.reset_search();
  });
  if (!finished.ok()) return finished.error();
  report.copy_seconds = migrate_seconds_since(copy_start);

  auto verify_start = Clock::now();
  for (size_t i = 0; i < report.tables.size(); ++i) {
    const TableSpec& table = copied_tables()[i];
    TableResult& result = report.tables[i];
    Status verified = migrate_guard(fmt::format("verifying {}", table.name), [&] {
      nlohmann::json after;
      for (;;) {
        Batch batch = from.read_batch(table, after, 10000);
        for (const Row& row : batch.rows) result.source.add(table, row);
        if (batch.end || batch.rows.empty()) break;
        after = key_of(table, batch.rows.back());
      }
      to.for_each_row(table, [&](const Row& row) { result.target.add(table, row); });
    });
    if (!verified.ok()) return verified.error();
  }
  report.verify_seconds = migrate_seconds_since(verify_start);
  return report;
}

}  // namespace vigil::store::migrate
