#include "tracker_floor.h"

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <unordered_map>

namespace vigil::bench {

namespace {

using Clock = std::chrono::steady_clock;

// Runs `sql`; on failure records SQLite's message in `run.error`.
bool exec(sqlite3* db, const char* sql, FloorRun& run) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK) return true;
  run.error = std::string(sql) + ": " + (message ? message : "failed");
  sqlite3_free(message);
  return false;
}

bool step_done(sqlite3* db, sqlite3_stmt* stmt, FloorRun& run) {
  int rc = sqlite3_step(stmt);
  sqlite3_reset(stmt);
  if (rc == SQLITE_DONE) return true;
  run.error = sqlite3_errmsg(db);
  return false;
}

double since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void insert_rows(sqlite3* db, const std::string& jsonl, const Inventory& inventory,
                 const ScanResult& result, FloorRun& run) {
  if (!exec(db,
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
            "CREATE TABLE a(id INTEGER PRIMARY KEY, uid TEXT, type TEXT, account TEXT, region "
            "TEXT, content BLOB);"
            "CREATE TABLE v(id INTEGER PRIMARY KEY, asset INTEGER, policy INTEGER, message TEXT);"
            "BEGIN",
            run))
    return;
  sqlite3_stmt* asset = nullptr;
  sqlite3_stmt* violation = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO a VALUES (?1, ?2, ?3, ?4, ?5, ?6)", -1, &asset, nullptr);
  sqlite3_prepare_v2(db, "INSERT INTO v(asset, policy, message) VALUES (?1, ?2, ?3)", -1,
                     &violation, nullptr);
  std::ifstream in(jsonl);
  std::string line;
  std::unordered_map<const Asset*, int64_t> rows;
  rows.reserve(inventory.size());
  for (size_t i = 0; i < inventory.size() && run.error.empty(); ++i) {
    if (!std::getline(in, line)) {
      run.error = jsonl + ": fewer lines than assets";
      break;
    }
    const Asset& a = inventory.at(i);
    rows.emplace(&a, int64_t(i + 1));
    sqlite3_bind_int64(asset, 1, int64_t(i + 1));
    sqlite3_bind_text(asset, 2, a.id.data(), int(a.id.size()), SQLITE_STATIC);
    sqlite3_bind_text(asset, 3, a.type.data(), int(a.type.size()), SQLITE_STATIC);
    sqlite3_bind_text(asset, 4, a.account.data(), int(a.account.size()), SQLITE_STATIC);
    sqlite3_bind_text(asset, 5, a.region.data(), int(a.region.size()), SQLITE_STATIC);
    sqlite3_bind_blob(asset, 6, line.data(), int(line.size()), SQLITE_STATIC);
    if (step_done(db, asset, run)) ++run.asset_rows;
  }
  std::unordered_map<const CompiledPolicy*, int64_t> policies;
  for (const Finding& f : result.findings) {
    if (!run.error.empty()) break;
    if (f.status != FindingStatus::Violation) continue;
    int64_t policy = policies.emplace(f.policy, int64_t(policies.size() + 1)).first->second;
    sqlite3_bind_int64(violation, 1, rows[f.asset]);
    sqlite3_bind_int64(violation, 2, policy);
    sqlite3_bind_text(violation, 3, f.message.data(), int(f.message.size()), SQLITE_STATIC);
    if (step_done(db, violation, run)) ++run.violation_rows;
  }
  sqlite3_finalize(asset);
  sqlite3_finalize(violation);
  if (run.error.empty()) exec(db, "COMMIT", run);
}

}  // namespace

FloorRun write_floor(const std::string& db_path, const std::string& jsonl,
                     const Inventory& inventory, const ScanResult& result) {
  FloorRun run;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db_path + suffix);
  sqlite3* db = nullptr;
  auto start = Clock::now();
  if (sqlite3_open(db_path.c_str(), &db) != SQLITE_OK) {
    run.error = db_path + ": " + sqlite3_errmsg(db);
  } else {
    insert_rows(db, jsonl, inventory, result, run);
  }
  sqlite3_close(db);  // checkpoints the WAL, as the store's commit path eventually does
  run.seconds = since(start);
  return run;
}

FloorRun read_floor(const std::string& db_path) {
  FloorRun run;
  sqlite3* db = nullptr;
  auto start = Clock::now();
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    run.error = db_path + ": " + sqlite3_errmsg(db);
    sqlite3_close(db);
    return run;
  }
  size_t bytes = 0;  // touched so the reads cannot be skipped
  for (auto [sql, count] : {std::pair{"SELECT id, type, uid FROM a", &run.asset_rows},
                            std::pair{"SELECT asset, policy, message FROM v", &run.violation_rows}}) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
      run.error = sqlite3_errmsg(db);
      break;
    }
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      bytes += size_t(sqlite3_column_bytes(stmt, 2)) + size_t(sqlite3_column_int64(stmt, 0) & 1);
      ++*count;
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  run.seconds = since(start);
  if (bytes == 0 && run.asset_rows > 0) run.error = "read no bytes";
  return run;
}

}  // namespace vigil::bench
