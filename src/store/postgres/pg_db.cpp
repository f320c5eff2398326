// libpq wrappers of the PostgreSQL store (pg_db.h).
#include "store/postgres/pg_db.h"

#include <fmt/format.h>

#include <atomic>
#include <charconv>
#include <cstdlib>

namespace vigil::store::postgres {

namespace {

// The Error kind of a SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html).
Error::Kind kind_of(std::string_view state) {
  if (state == "23505") return Error::Kind::Conflict;                         // unique_violation
  if (state == "40001" || state == "40P01") return Error::Kind::Unavailable;  // retry
  if (state == "55P03" || state == "57014") return Error::Kind::Unavailable;  // lock, cancel
  if (state.substr(0, 2) == "08" || state.substr(0, 2) == "57" || state.substr(0, 2) == "53")
    return Error::Kind::Unavailable;  // connection, operator intervention, resources
  if (state.substr(0, 2) == "22") return Error::Kind::InvalidInput;  // data exception
  if (state.substr(0, 2) == "XX") return Error::Kind::Corrupt;
  return Error::Kind::Unspecified;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// "database D on H[:P] as U", from the connection string (never its password).
std::string describe(const std::string& conninfo) {
  char* err = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &err);
  if (!options) {
    if (err) PQfreemem(err);
    return "PostgreSQL (an invalid connection string)";
  }
  std::string host, port, db, user;
  for (PQconninfoOption* o = options; o->keyword; ++o) {
    if (!o->val) continue;
    std::string_view k(o->keyword);
    if (k == "host" || (k == "hostaddr" && host.empty())) host = o->val;
    if (k == "port") port = o->val;
    if (k == "dbname") db = o->val;
    if (k == "user") user = o->val;
  }
  PQconninfoFree(options);
  if (host.empty()) host = "the default socket";
  std::string out = fmt::format("PostgreSQL database '{}' on {}", db.empty() ? user : db, host);
  if (!port.empty()) out += ":" + port;
  if (!user.empty()) out += " as " + user;
  return out;
}

void no_notices(void*, const char*) {}

}  // namespace

Params& Params::add(double v) { return add(fmt::format("{}", v)); }

Params& Params::add_array(const std::vector<std::string>& items) {
  std::string literal = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) literal += ',';
    literal += '"';
    for (char ch : items[i]) {
      if (ch == '"' || ch == '\\') literal += '\\';
      literal += ch;
    }
    literal += '"';
  }
  literal += '}';
  values_.emplace_back(std::move(literal));
  return *this;
}

int64_t Rows::int64(int row, int col) const {
  std::string_view t = text(row, col);
  int64_t v = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || p != t.data() + t.size())
    throw PgError(fmt::format("column {}: '{}' is not an integer", col, t), Error::Kind::Corrupt);
  return v;
}

double Rows::real(int row, int col) const {
  return std::strtod(std::string(text(row, col)).c_str(), nullptr);
}

int64_t Rows::affected() const {
  const char* n = PQcmdTuples(r_.get());
  return n && *n ? std::strtoll(n, nullptr, 10) : 0;
}

Connection::Connection(const std::string& conninfo) : where_(describe(conninfo)) {
  conn_ = PQconnectdb(conninfo.c_str());
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
    std::string message = conn_ ? trimmed(PQerrorMessage(conn_)) : "out of memory";
    if (conn_) PQfinish(conn_);
    conn_ = nullptr;
    throw PgError(fmt::format("cannot connect to {}: {}", where_, message),
                  Error::Kind::Unavailable);
  }
  PQsetNoticeProcessor(conn_, no_notices, nullptr);
}

Connection::~Connection() {
  if (conn_) PQfinish(conn_);
}

void Connection::fail(std::string_view what, const PGresult* r) const {
  std::string message;
  Error::Kind kind = Error::Kind::Unspecified;
  if (r) {
    const char* primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    const char* detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
    const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    message = primary ? primary : trimmed(PQresultErrorMessage(r));
    if (detail) message += fmt::format(" ({})", detail);
    if (state) kind = kind_of(state);
  }
  if (message.empty()) message = trimmed(PQerrorMessage(conn_));
  if (PQstatus(conn_) != CONNECTION_OK) kind = Error::Kind::Unavailable;
  throw PgError(fmt::format("{}: {} ({})", what, message, where_), kind);
}

Rows Connection::exec(std::string_view sql, const Params& params) {
  std::vector<const char*> values(params.size());
  for (size_t i = 0; i < params.size(); ++i) values[i] = params[i] ? params[i]->c_str() : nullptr;
  std::string text(sql);
  PGresult* r = PQexecParams(conn_, text.c_str(), static_cast<int>(params.size()), nullptr,
                             values.data(), nullptr, nullptr, 0);
  ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    Rows guard(r);
    fail(text.substr(0, text.find(' ', 12)), r);
  }
  return Rows(r);
}

void Connection::exec_script(std::string_view sql) {
  std::string text(sql);
  PGresult* r = PQexec(conn_, text.c_str());
  Rows guard(r);
  if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) fail("script", r);
}

void Connection::copy_in(std::string_view copy_sql,
                         const std::function<bool(std::string& buffer)>& row) {
  std::string text(copy_sql);
  {
    PGresult* r = PQexec(conn_, text.c_str());
    Rows guard(r);
    if (!r || PQresultStatus(r) != PGRES_COPY_IN) fail("COPY", r);
  }
  std::string buffer;
  auto send = [&] {
    if (!buffer.empty() &&
        PQputCopyData(conn_, buffer.data(), static_cast<int>(buffer.size())) != 1)
      fail("COPY data", nullptr);
    buffer.clear();
  };
  try {
    while (row(buffer))
      if (buffer.size() >= (1u << 20)) send();
    send();
  } catch (...) {
    PQputCopyEnd(conn_, "aborted by the writer");
    while (PGresult* r = PQgetResult(conn_)) PQclear(r);
    throw;
  }
  if (PQputCopyEnd(conn_, nullptr) != 1) fail("COPY end", nullptr);
  PGresult* first_error = nullptr;
  while (PGresult* r = PQgetResult(conn_)) {
    if (PQresultStatus(r) != PGRES_COMMAND_OK && !first_error)
      first_error = r;
    else
      PQclear(r);
  }
  if (first_error) {
    Rows guard(first_error);
    fail("COPY", first_error);
  }
}

bool Connection::in_transaction() const {
  PGTransactionStatusType s = PQtransactionStatus(conn_);
  return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
}

void copy_field(std::string& buffer, std::string_view value, bool last) {
  // Runs without a character to escape are appended whole (a version's
  // content is kilobytes of JSON with none).
  size_t from = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    std::string_view escaped;
    switch (value[i]) {
      case '\\':
        escaped = "\\\\";
        break;
      case '\t':
        escaped = "\\t";
        break;
      case '\n':
        escaped = "\\n";
        break;
      case '\r':
        escaped = "\\r";
        break;
      default:
        continue;
    }
    buffer.append(value.substr(from, i - from));
    buffer.append(escaped);
    from = i + 1;
  }
  buffer.append(value.substr(from));
  buffer += last ? '\n' : '\t';
}

void copy_null(std::string& buffer, bool last) {
  buffer += "\\N";
  buffer += last ? '\n' : '\t';
}

Transaction::Transaction(Connection& c) : c_(c), owner_(!c.in_transaction()) {
  if (owner_) c_.exec("BEGIN");
}

Transaction::~Transaction() {
  if (owner_ && open_) {
    try {
      c_.exec("ROLLBACK");
    } catch (const std::exception&) {
    }
  }
}

void Transaction::commit() {
  if (owner_ && open_) c_.exec("COMMIT");
  open_ = false;
}

void for_each_row(Connection& c, const std::string& sql, const Params& params,
                  const std::function<bool(const Rows&, int)>& visit, int batch) {
  static std::atomic<int> counter{0};
  std::string name = fmt::format("vigil_cursor_{}", counter++);
  Transaction tx(c);
  c.exec(fmt::format("DECLARE {} NO SCROLL CURSOR FOR {}", name, sql), params);
  std::string fetch = fmt::format("FETCH FORWARD {} FROM {}", batch, name);
  bool more = true;
  while (more) {
    Rows rows = c.exec(fetch);
    for (int i = 0; i < rows.size() && more; ++i) more = visit(rows, i);
    if (rows.size() < batch) break;
  }
  c.exec("CLOSE " + name);
  tx.commit();
}

}  // namespace vigil::store::postgres
