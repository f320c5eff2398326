// Small RAII wrappers over the SQLite C API, private to the SQLite store
// (friend: store/migrate, which reads its tables as they are).
//
//   Database      an open connection (sqlite3*), with a cache of prepared
//                 statements keyed by their SQL text: every statement is
//                 prepared once per connection and reused.
//   Query         a borrowed cached statement; bindings are cleared and the
//                 statement reset when the Query goes out of scope.
//   Transaction   BEGIN IMMEDIATE ... COMMIT; rolls back when destroyed
//                 without commit() (an error or an exception unwinding).
//
// Errors: inside the backend a failed SQLite call throws SqliteError (the
// operation cannot continue; the Transaction guard rolls back). Every public
// Store method catches it and returns an Error (see SqliteStore::guard), so
// no exception crosses the module boundary.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"

namespace vigil::store::sqlite {

// `kind` (core/result.h) survives into the Error the Store returns: a busy
// database is Unavailable, a UNIQUE violation a Conflict, "no such row"
// (thrown by the store's own checks) NotFound.
struct SqliteError : std::runtime_error {
  explicit SqliteError(const std::string& message, Error::Kind kind = Error::Kind::Unspecified)
      : std::runtime_error(message), kind(kind) {}
  Error::Kind kind;
};

// The Error kind of an SQLite (extended) result code.
Error::Kind error_kind(int extended_code);

class Database;

class Query {
 public:
  Query(Database& db, sqlite3_stmt* stmt) : db_(&db), stmt_(stmt) {}
  Query(Query&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query();

  // Parameters are 1-based, as in SQLite. Text and blobs given by view or
  // lvalue are bound without a copy: they must outlive the step (or run)
  // that uses them; a temporary std::string is copied (SQLITE_TRANSIENT).
  Query& bind(int i, int64_t value);
  Query& bind(int i, std::string_view text);
  Query& bind(int i, std::string&& text);
  Query& bind(int i, const char* text) { return bind(i, std::string_view(text)); }
  Query& bind(int i, const std::string& text) { return bind(i, std::string_view(text)); }
  Query& bind(int i, double value);
  Query& bind_blob(int i, std::string_view bytes);
  Query& bind_null(int i);
  template <typename T>
  Query& bind(int i, const std::optional<T>& value) {
    return value ? bind(i, *value) : bind_null(i);
  }

  // Next row: true when a row is available, false when done; throws on error.
  bool step();
  // Runs a statement that returns no rows (or ignores them).
  void run();
  // Resets for another execution (keeps the statement), clearing bindings.
  void reset();

  bool is_null(int col) const;
  int64_t int64(int col) const;
  double real(int col) const;
  std::string_view text(int col) const;  // valid until the next step/reset
  std::string str(int col) const { return std::string(text(col)); }
  std::string_view blob(int col) const;
  std::optional<int64_t> opt_int64(int col) const;

 private:
  Database* db_;
  sqlite3_stmt* stmt_;
};

class Database {
 public:
  // Opens (creating) the file, or, read_only, opens it for reading only
  // (nothing created or written). Throws SqliteError naming the path.
  explicit Database(const std::string& path, bool read_only = false);
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Runs one or more statements without parameters.
  void exec(const char* sql);
  // A cached prepared statement for `sql` (prepared on first use).
  Query query(std::string_view sql);
  int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
  int changes() const { return sqlite3_changes(db_); }

  // Throws SqliteError "<what>: <sqlite message> (<path>)".
  [[noreturn]] void fail(std::string_view what) const;
  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

class Transaction {
 public:
  explicit Transaction(Database& db);  // BEGIN IMMEDIATE (waits busy_timeout for the write lock)
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Database& db_;
  bool open_ = true;
};

}  // namespace vigil::store::sqlite
