// Writing a PostgreSQL store for `vigil store migrate` (pg_target.h).
#include "store/migrate/pg_target.h"

#include <fmt/format.h>

#include "store/postgres/migrations.h"
#include "store/postgres/pg_db.h"
#include "store/postgres/pg_store.h"

namespace vigil::store::migrate {

using postgres::Connection;
using postgres::Params;
using postgres::PgError;
using postgres::Rows;

namespace {

std::string migrate_column_list(const TableSpec& table) {
  std::string cols;
  for (const Column& c : table.columns) {
    if (!cols.empty()) cols += ", ";
    cols += fmt::format("\"{}\"", c.name);
  }
  return cols;
}

}  // namespace

PgTarget::PgTarget(std::unique_ptr<Connection> c) : c_(std::move(c)) {}

PgTarget::~PgTarget() {
  try {
    c_->exec("SELECT pg_advisory_unlock($1)", Params().add(postgres::kWriterLock));
  } catch (const std::exception&) {
    // The session ends with the connection, and the lock with it.
  }
}

const std::string& PgTarget::where() const { return c_->where(); }

Result<std::unique_ptr<PgTarget>> PgTarget::open(const std::string& url) {
  try {
    auto c = std::make_unique<Connection>(url);
    c->exec("SET client_min_messages = warning");
    postgres::migrate(*c);
    Rows lock = c->exec("SELECT pg_try_advisory_lock($1)", Params().add(postgres::kWriterLock));
    if (!lock.boolean(0, 0))
      return Error(fmt::format("{}: another vigil process is writing to this store (its writer "
                               "lock is held); stop it and run the migration again",
                               c->where()))
          .with_kind(Error::Kind::Conflict);
    c->exec(
        "CREATE TABLE IF NOT EXISTS store_migration_progress ("
        " table_name TEXT PRIMARY KEY, source TEXT NOT NULL, last_key TEXT,"
        " rows BIGINT NOT NULL DEFAULT 0, done BOOLEAN NOT NULL DEFAULT FALSE)");
    return std::unique_ptr<PgTarget>(new PgTarget(std::move(c)));
  } catch (const PgError& e) {
    return Error(fmt::format("the target PostgreSQL store: {}", e.what())).with_kind(e.kind);
  }
}

std::vector<TableColumns> PgTarget::schema() {
  std::vector<TableColumns> out;
  Rows r = c_->exec(
      "SELECT table_name, column_name FROM information_schema.columns"
      " WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position");
  for (int i = 0; i < r.size(); ++i) {
    if (out.empty() || out.back().table != r.text(i, 0)) out.push_back({r.str(i, 0), {}});
    out.back().columns.push_back(r.str(i, 1));
  }
  return out;
}

std::map<std::string, TableProgress> PgTarget::progress() {
  std::map<std::string, TableProgress> out;
  Rows r =
      c_->exec("SELECT table_name, source, last_key, rows, done FROM store_migration_progress");
  for (int i = 0; i < r.size(); ++i) {
    TableProgress p;
    p.source = r.str(i, 1);
    if (!r.is_null(i, 2))
      p.last_key = nlohmann::json::parse(r.text(i, 2), nullptr, /*allow_exceptions=*/false);
    if (p.last_key.is_discarded()) p.last_key = nullptr;
    p.rows = static_cast<uint64_t>(r.int64(i, 3));
    p.done = r.boolean(i, 4);
    out[r.str(i, 0)] = std::move(p);
  }
  return out;
}

uint64_t PgTarget::count(const TableSpec& table) {
  return static_cast<uint64_t>(
      c_->exec(fmt::format("SELECT count(*) FROM {}", table.name)).int64(0, 0));
}

void PgTarget::write_batch(const TableSpec& table, const std::vector<Row>& rows,
                           const TableProgress& progress) {
  postgres::Transaction tx(*c_);
  if (!rows.empty()) {
    size_t next = 0;
    c_->copy_in(fmt::format("COPY {} ({}) FROM STDIN", table.name, migrate_column_list(table)),
                [&](std::string& buffer) {
                  if (next == rows.size()) return false;
                  const Row& row = rows[next++];
                  for (size_t i = 0; i < row.size(); ++i) {
                    bool last = i + 1 == row.size();
                    if (row[i])
                      postgres::copy_field(buffer, *row[i], last);
                    else
                      postgres::copy_null(buffer, last);
                  }
                  return true;
                });
  }
  c_->exec(
      "INSERT INTO store_migration_progress(table_name, source, last_key, rows, done)"
      " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (table_name) DO UPDATE SET"
      " source = excluded.source, last_key = excluded.last_key, rows = excluded.rows,"
      " done = excluded.done",
      Params()
          .add(table.name)
          .add(progress.source)
          .add(progress.last_key.is_null() ? std::optional<std::string>()
                                           : std::optional<std::string>(progress.last_key.dump()))
          .add(static_cast<int64_t>(progress.rows))
          .add(progress.done));
  tx.commit();
}

void PgTarget::reset_sequence(const TableSpec& table) {
  if (!table.identity) return;
  // setval(seq, max, true): the next id is max + 1; an empty table starts at 1.
  c_->exec(
      fmt::format("SELECT setval(pg_get_serial_sequence('{0}', 'id'),"
                  " coalesce((SELECT max(id) FROM {0}), 1),"
                  " (SELECT max(id) FROM {0}) IS NOT NULL)",
                  table.name));
}

void PgTarget::reset_search() {
  postgres::Transaction tx(*c_);
  c_->exec("DELETE FROM asset_search");
  c_->exec("UPDATE search_progress SET indexed_through = 0");
  tx.commit();
}

void PgTarget::for_each_row(const TableSpec& table, const std::function<void(const Row&)>& visit) {
  std::string sql = fmt::format("SELECT {} FROM {}", migrate_column_list(table), table.name);
  Row row(table.columns.size());
  postgres::for_each_row(*c_, sql, Params(), [&](const Rows& r, int i) {
    for (size_t col = 0; col < row.size(); ++col) {
      int c = static_cast<int>(col);
      if (r.is_null(i, c))
        row[col].reset();
      else
        row[col] = r.str(i, c);
    }
    visit(row);
    return true;
  });
}

}  // namespace vigil::store::migrate
