// Reading a SQLite store for `vigil store migrate` (sqlite_source.h).
#include "store/migrate/sqlite_source.h"

#include <fmt/format.h>

#include <filesystem>

#include "store/sqlite/codec.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_db.h"

namespace vigil::store::migrate {

struct SqliteSource::State {
  explicit State(const std::string& path) : db(path, /*read_only=*/true) {}
  sqlite::Database db;
  sqlite::ContentDictionaries dictionaries;
};

namespace {

// "SELECT cols FROM t WHERE (k1, k2) > (?1, ?2) ORDER BY k1, k2 LIMIT ?3"; a
// Content column reads as two: its encoding, then the bytes.
std::string migrate_select_sql(const TableSpec& table, bool after) {
  std::string cols, keys, marks;
  for (const Column& c : table.columns) {
    if (!cols.empty()) cols += ", ";
    cols +=
        c.kind == ColumnKind::Content ? fmt::format("encoding, {}", c.name) : std::string(c.name);
  }
  for (size_t i = 0; i < table.key.size(); ++i) {
    keys += fmt::format("{}{}", i ? ", " : "", table.key[i]);
    marks += fmt::format("{}?{}", i ? ", " : "", i + 1);
  }
  std::string where = after ? fmt::format(" WHERE ({}) > ({})", keys, marks) : std::string();
  return fmt::format("SELECT {} FROM {}{} ORDER BY {} LIMIT ?{}", cols, table.name, where, keys,
                     after ? table.key.size() + 1 : 1);
}

ColumnKind migrate_key_kind(const TableSpec& table, std::string_view key) {
  for (const Column& c : table.columns)
    if (c.name == key) return c.kind;
  return ColumnKind::Text;
}

}  // namespace

nlohmann::json key_of(const TableSpec& table, const Row& row) {
  nlohmann::json key = nlohmann::json::array();
  for (std::string_view k : table.key)
    for (size_t i = 0; i < table.columns.size(); ++i) {
      if (table.columns[i].name != k) continue;
      const std::string value = row[i].value_or("");
      if (table.columns[i].kind == ColumnKind::Int)
        key.push_back(std::stoll(value));
      else
        key.push_back(value);
    }
  return key;
}

SqliteSource::SqliteSource(std::string path, std::unique_ptr<State> state)
    : path_(std::move(path)), state_(std::move(state)) {}
SqliteSource::~SqliteSource() {
  if (state_) {
    try {
      state_->db.exec("COMMIT");
    } catch (const std::exception&) {
      // Ending a read transaction; nothing was written.
    }
  }
}

Result<std::unique_ptr<SqliteSource>> SqliteSource::open(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return Error(fmt::format("the source SQLite store {} does not exist", path))
        .with_kind(Error::Kind::NotFound);
  try {
    auto state = std::make_unique<State>(path);
    sqlite::check_schema(state->db);
    state->db.exec("BEGIN");
    // The snapshot starts at the first read: take it now.
    state->db.query("SELECT count(*) FROM schema_migrations").step();
    return std::unique_ptr<SqliteSource>(new SqliteSource(path, std::move(state)));
  } catch (const sqlite::SqliteError& e) {
    Error::Kind kind = e.kind == Error::Kind::Unspecified ? Error::Kind::InvalidInput : e.kind;
    return Error(fmt::format("the source SQLite store: {}", e.what())).with_kind(kind);
  }
}

std::vector<TableColumns> SqliteSource::schema() {
  std::vector<TableColumns> out;
  {
    auto q = state_->db.query(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name");
    while (q.step()) out.push_back({q.str(0), {}});
  }
  for (TableColumns& t : out) {
    auto q = state_->db.query("SELECT name FROM pragma_table_info(?1)");
    q.bind(1, t.table);
    while (q.step()) t.columns.push_back(q.str(0));
  }
  return out;
}

Batch SqliteSource::read_batch(const TableSpec& table, const nlohmann::json& after, size_t limit) {
  bool resume = after.is_array() && !after.empty();
  auto q = state_->db.query(migrate_select_sql(table, resume));
  int param = 1;
  if (resume)
    for (size_t i = 0; i < table.key.size(); ++i, ++param) {
      if (migrate_key_kind(table, table.key[i]) == ColumnKind::Int)
        q.bind(param, after[i].get<int64_t>());
      else
        q.bind(param, after[i].get<std::string>());
    }
  q.bind(param, static_cast<int64_t>(limit) + 1);  // one more: is there a next row?
  Batch batch;
  size_t bytes = 0;
  for (;;) {
    bool full = batch.rows.size() == limit || bytes >= kBatchBytes;
    if (!q.step()) break;
    if (full) return batch;  // and a row follows
    Row row;
    row.reserve(table.columns.size());
    int col = 0;
    for (const Column& c : table.columns) {
      if (c.kind == ColumnKind::Content) {
        int encoding = col++;
        int bytes = col++;
        if (q.is_null(bytes)) {
          row.emplace_back(std::nullopt);
          continue;
        }
        try {
          row.emplace_back(state_->dictionaries.decode(
              state_->db, q.blob(bytes), static_cast<sqlite::ContentEncoding>(q.int64(encoding))));
        } catch (const sqlite::SqliteError& e) {
          throw sqlite::SqliteError(
              fmt::format("{} row {}: cannot decode its content: {}", table.name,
                          row.empty() ? std::string("?") : row.front().value_or("?"), e.what()),
              Error::Kind::Corrupt);
        }
        continue;
      }
      int i = col++;
      if (q.is_null(i)) {
        row.emplace_back(std::nullopt);
        continue;
      }
      switch (c.kind) {
        case ColumnKind::Int:
          row.emplace_back(std::to_string(q.int64(i)));
          break;
        case ColumnKind::Bool:
          row.emplace_back(q.int64(i) != 0 ? "t" : "f");
          break;
        case ColumnKind::Real:
          row.emplace_back(fmt::format("{}", q.real(i)));
          break;
        default:
          row.emplace_back(q.str(i));
      }
    }
    for (const auto& v : row) bytes += v ? v->size() : 0;
    batch.rows.push_back(std::move(row));
  }
  batch.end = true;
  return batch;
}

}  // namespace vigil::store::migrate
