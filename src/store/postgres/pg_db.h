// Small RAII wrappers over libpq, private to the PostgreSQL store
// (friend: store/migrate, which writes its tables as they are).
//
//   Connection   an open session (PGconn*). exec() runs one statement with
//                parameters (always sent separately from the SQL text, in
//                text format: never spliced into it); copy_in() streams
//                rows with COPY ... FROM STDIN.
//   Rows         a PGresult with typed accessors (columns 0-based).
//   Cursor       a server-side cursor read in batches, so a visit of
//                millions of rows never holds them all.
//   Transaction  BEGIN ... COMMIT; rolls back when destroyed without
//                commit(). Nested in an open transaction it is a no-op
//                (the outer one commits or rolls back).
//
// Errors: inside the backend a failed call throws PgError (the operation
// cannot continue; the Transaction guard rolls back). Every public Store
// method catches it and returns an Error (PgStore::guard), so no exception
// crosses the module boundary. PgError::kind maps SQLSTATE classes to
// core/result.h kinds (23505 unique violation: Conflict; 08 connection
// errors: Unavailable; ...).
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vigil::store::postgres {

struct PgError : std::runtime_error {
  explicit PgError(const std::string& message, Error::Kind kind = Error::Kind::Unspecified)
      : std::runtime_error(message), kind(kind) {}
  Error::Kind kind;
};

// Parameters of one statement, $1..$n in order, as text (nullopt: NULL).
class Params {
 public:
  Params& add(std::string_view text) {
    values_.emplace_back(std::string(text));
    return *this;
  }
  Params& add(const char* text) { return add(std::string_view(text)); }
  Params& add(const std::string& text) { return add(std::string_view(text)); }
  Params& add(int64_t v) { return add(std::to_string(v)); }
  Params& add(int v) { return add(int64_t{v}); }
  Params& add(double v);
  Params& add(bool v) { return add(v ? "t" : "f"); }
  Params& add_null() {
    values_.emplace_back(std::nullopt);
    return *this;
  }
  template <typename T>
  Params& add(const std::optional<T>& v) {
    return v ? add(*v) : add_null();
  }
  // A text[] parameter (array literal, every element quoted).
  Params& add_array(const std::vector<std::string>& items);

  size_t size() const { return values_.size(); }
  const std::optional<std::string>& operator[](size_t i) const { return values_[i]; }

 private:
  std::vector<std::optional<std::string>> values_;
};

class Rows {
 public:
  explicit Rows(PGresult* r) : r_(r, &PQclear) {}
  int size() const { return PQntuples(r_.get()); }
  bool empty() const { return size() == 0; }
  bool is_null(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
  std::string_view text(int row, int col) const {
    return {PQgetvalue(r_.get(), row, col), size_t(PQgetlength(r_.get(), row, col))};
  }
  std::string str(int row, int col) const { return std::string(text(row, col)); }
  int64_t int64(int row, int col) const;
  double real(int row, int col) const;
  bool boolean(int row, int col) const { return text(row, col) == "t"; }
  std::optional<int64_t> opt_int64(int row, int col) const {
    if (is_null(row, col)) return std::nullopt;
    return int64(row, col);
  }
  // Rows affected by an INSERT/UPDATE/DELETE.
  int64_t affected() const;

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> r_;
};

class Connection {
 public:
  // Connects with a libpq connection string or URI. Throws PgError (kind
  // Unavailable) naming the host and database and libpq's message, never
  // the password.
  explicit Connection(const std::string& conninfo);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  Rows exec(std::string_view sql, const Params& params = {});
  // Several statements without parameters (a migration).
  void exec_script(std::string_view sql);
  // COPY `target` FROM STDIN (text format): `row` is called until it returns
  // false; each call appends one line (columns tab-separated, escaped with
  // copy_field / copy_null, ending in '\n') to its buffer.
  void copy_in(std::string_view copy_sql, const std::function<bool(std::string& buffer)>& row);
  bool in_transaction() const;
  // "database D on H" (no credentials), for messages.
  const std::string& where() const { return where_; }
  PGconn* handle() const { return conn_; }

 private:
  [[noreturn]] void fail(std::string_view what, const PGresult* r) const;
  PGconn* conn_ = nullptr;
  std::string where_;
};

// Appends one COPY text-format field (escaped) and a tab (or '\n' when last).
void copy_field(std::string& buffer, std::string_view value, bool last = false);
void copy_null(std::string& buffer, bool last = false);

class Transaction {
 public:
  explicit Transaction(Connection& c);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Connection& c_;
  bool owner_ = false;
  bool open_ = true;
};

// Reads `sql` through a server-side cursor, `batch` rows at a time, calling
// `visit(rows, i)` per row until it returns false. Runs in its own
// transaction when none is open.
void for_each_row(Connection& c, const std::string& sql, const Params& params,
                  const std::function<bool(const Rows&, int)>& visit, int batch = 5000);

}  // namespace vigil::store::postgres
