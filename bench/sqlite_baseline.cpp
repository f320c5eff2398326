// See sqlite_baseline.h.
#include "sqlite_baseline.h"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/json_doc.h"

namespace vigil::bench {

Result<std::vector<SqlCheck>> read_sql_checks(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error::at_offset(path + ": cannot open the SQL checks", 0);
  std::vector<SqlCheck> checks;
  std::string line;
  const std::string marker = "-- check: ";
  while (std::getline(in, line)) {
    if (line.rfind(marker, 0) == 0) {
      checks.push_back({line.substr(marker.size()), ""});
    } else if (!checks.empty() && line.rfind("--", 0) != 0) {
      checks.back().sql += line + "\n";
    }
  }
  if (checks.empty()) return Error::at_offset(path + ": no \"-- check: <id>\" sections", 0);
  return checks;
}

SqliteBaseline::~SqliteBaseline() {
  if (db_) sqlite3_close(db_);
}

namespace {
Status sql_error(sqlite3* db, const std::string& what) {
  return Error::at_offset(what + ": " + sqlite3_errmsg(db), 0);
}
}  // namespace

Status SqliteBaseline::load(const std::string& jsonl_path) {
  if (sqlite3_open(":memory:", &db_) != SQLITE_OK) return sql_error(db_, "sqlite3_open");
  const char* schema =
      "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-4000000;"
      "CREATE TABLE assets(id TEXT PRIMARY KEY, type TEXT, account TEXT, region TEXT, doc TEXT);";
  if (sqlite3_exec(db_, schema, nullptr, nullptr, nullptr) != SQLITE_OK) return sql_error(db_, "create table");
  sqlite3_stmt* insert = nullptr;
  if (sqlite3_prepare_v2(db_, "INSERT INTO assets VALUES (?1, ?2, ?3, ?4, ?5)", -1, &insert, nullptr) != SQLITE_OK)
    return sql_error(db_, "prepare insert");
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> guard(insert, &sqlite3_finalize);
  std::ifstream in(jsonl_path);
  if (!in) return Error::at_offset(jsonl_path + ": cannot open", 0);
  sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr);
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    // The identity columns are read with the same parser Vigil uses; the
    // document itself is stored as text, as the SQL tools store it.
    Result<JsonDoc> doc = JsonDoc::parse(line);
    if (!doc.ok()) return Error::at_offset(jsonl_path + ":" + std::to_string(line_no) + ": " + doc.error().message, 0);
    JsonRef root = doc->root();
    const char* cols[] = {"id", "type", "account", "region"};
    for (int c = 0; c < 4; ++c) {
      std::string_view v = root.find(cols[c]).as_string();
      sqlite3_bind_text(insert, c + 1, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    }
    sqlite3_bind_text(insert, 5, line.data(), static_cast<int>(line.size()), SQLITE_STATIC);
    if (sqlite3_step(insert) != SQLITE_DONE) return sql_error(db_, jsonl_path + ":" + std::to_string(line_no) + ": insert");
    sqlite3_reset(insert);
    ++rows_;
  }
  if (sqlite3_exec(db_, "COMMIT; CREATE INDEX assets_type ON assets(type); ANALYZE;", nullptr, nullptr, nullptr) != SQLITE_OK)
    return sql_error(db_, "commit/index");
  return Status::Ok();
}

Result<SqlCheckRun> SqliteBaseline::run(const SqlCheck& check) {
  SqlCheckRun r;
  r.id = check.id;
  auto start = std::chrono::steady_clock::now();
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, check.sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
    return sql_error(db_, "check " + check.id).error();
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) ++r.rows;
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return sql_error(db_, "check " + check.id).error();
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace vigil::bench
