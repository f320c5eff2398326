// See sqlite_db.h.
#include "store/sqlite/sqlite_db.h"

#include <fmt/format.h>

#include "core/private_files.h"

namespace vigil::store::sqlite {

Query::~Query() {
  if (stmt_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Query& Query::bind(int i, int64_t value) {
  if (sqlite3_bind_int64(stmt_, i, value) != SQLITE_OK) db_->fail("bind");
  return *this;
}

Query& Query::bind(int i, std::string_view text) {
  if (sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_STATIC) !=
      SQLITE_OK)
    db_->fail("bind");
  return *this;
}

Query& Query::bind(int i, std::string&& text) {
  if (sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) !=
      SQLITE_OK)
    db_->fail("bind");
  return *this;
}

Query& Query::bind(int i, double value) {
  if (sqlite3_bind_double(stmt_, i, value) != SQLITE_OK) db_->fail("bind");
  return *this;
}

Query& Query::bind_blob(int i, std::string_view bytes) {
  if (sqlite3_bind_blob(stmt_, i, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC) !=
      SQLITE_OK)
    db_->fail("bind");
  return *this;
}

Query& Query::bind_null(int i) {
  if (sqlite3_bind_null(stmt_, i) != SQLITE_OK) db_->fail("bind");
  return *this;
}

bool Query::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string sql = sqlite3_sql(stmt_);
  if (sql.size() > 80) sql = sql.substr(0, 77) + "...";
  db_->fail(sql);
}

void Query::run() {
  while (step()) {
  }
}

void Query::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Query::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
int64_t Query::int64(int col) const { return sqlite3_column_int64(stmt_, col); }
double Query::real(int col) const { return sqlite3_column_double(stmt_, col); }

std::string_view Query::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (!p) return {};
  return {p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
}

std::string_view Query::blob(int col) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
  if (!p) return {};
  return {p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
}

std::optional<int64_t> Query::opt_int64(int col) const {
  if (is_null(col)) return std::nullopt;
  return int64(col);
}

Database::Database(const std::string& path, bool read_only) : path_(path) {
  // Before SQLite's first use in the process: no allocation statistics.
  // With them every sqlite3_malloc/free takes a global mutex, ~7% of a
  // large scan's write (docs/performance.md, "Tracker"). Refused, harmlessly,
  // when SQLite is already initialized.
  static const int configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)configured;
  // A store holds a company's inventory: created private whatever the umask
  // (SQLite gives the -wal and -shm files the database file's mode).
  if (!read_only && path != ":memory:" && !path.starts_with("file:") && !path.empty())
    if (Status created = create_private_file(path); !created.ok())
      throw SqliteError(fmt::format("cannot open {}: {}", path, created.error().message));
  const int flags = read_only ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
                              : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    if (db_) sqlite3_close(db_);
    db_ = nullptr;
    throw SqliteError(
        fmt::format("cannot open {}: {} (check the path and its permissions)", path, message));
  }
  sqlite3_extended_result_codes(db_, 1);
}

Database::~Database() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  if (db_) sqlite3_close(db_);
}

void Database::exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    std::string head = sql;
    if (head.size() > 80) head = head.substr(0, 77) + "...";
    throw SqliteError(fmt::format("{}: {} ({})", head, text, path_),
                      error_kind(sqlite3_extended_errcode(db_)));
  }
}

Query Database::query(std::string_view sql) {
  auto it = cache_.find(std::string(sql));
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt, nullptr) != SQLITE_OK)
      fail(fmt::format("prepare \"{}\"", sql));
    it = cache_.emplace(std::string(sql), stmt).first;
  }
  return Query(*this, it->second);
}

Error::Kind error_kind(int extended_code) {
  switch (extended_code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error::Kind::Unavailable;
    case SQLITE_CONSTRAINT:
      return extended_code == SQLITE_CONSTRAINT_UNIQUE ||
                     extended_code == SQLITE_CONSTRAINT_PRIMARYKEY
                 ? Error::Kind::Conflict
                 : Error::Kind::InvalidInput;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Error::Kind::Corrupt;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
      return Error::Kind::Io;
    default:
      return Error::Kind::Unspecified;
  }
}

void Database::fail(std::string_view what) const {
  throw SqliteError(fmt::format("{}: {} ({})", what, sqlite3_errmsg(db_), path_),
                    error_kind(sqlite3_extended_errcode(db_)));
}

Transaction::Transaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (open_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT");
  open_ = false;
}

}  // namespace vigil::store::sqlite
