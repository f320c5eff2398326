// SqliteStore: open (pragmas, migrations) and the scan records. See
// sqlite_store.h for the layout of the other areas.
#include "store/sqlite/sqlite_store.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "store/sqlite/codec.h"
#include "store/sqlite/migrations.h"

namespace vigil::store::sqlite {

SqliteStore::SqliteStore(std::unique_ptr<Database> db, SqliteOptions options)
    : db_(std::move(db)), options_(std::move(options)) {
  const std::string& path = db_->path();
  if (!path.empty() && path != ":memory:" && path.rfind("file::memory:", 0) != 0)
    writer_ = std::make_unique<WriterLock>(path + ".lock");
}

Status SqliteStore::acquire_writer(std::chrono::milliseconds wait) {
  if (options_.read_only) {
    Error error;
    error.message = "store: opened for reading only; it records no scan";
    error.file = db_->path();
    return error;
  }
  if (!writer_) return Status::Ok();
  bool held = false;
  try {
    held = writer_->acquire(wait);
  } catch (const std::exception& e) {
    Error error;
    error.message = std::string("store writer lock: ") + e.what();
    error.file = db_->path();
    return error;
  }
  if (held) return Status::Ok();
  std::string holder = writer_->holder();
  std::string who = fmt::format("another process{} holds its writer lock ({})",
                                holder.empty() ? "" : " (" + holder + ")", writer_->path());
  try {
    auto q = db_->query(
        "SELECT id, source, started FROM scans WHERE state = 'running' ORDER BY id DESC LIMIT 1");
    if (q.step())
      who = fmt::format(
          "another process{} is recording scan {} of source '{}' (observed "
          "{:%Y-%m-%dT%H:%M:%SZ})",
          holder.empty() ? "" : " (" + holder + ")", q.int64(0), q.text(1),
          std::chrono::floor<std::chrono::seconds>(from_ms(q.int64(2))));
  } catch (const std::exception&) {
  }
  // Busy, not broken: a retry later may succeed (the API answers 503).
  return Error(fmt::format("{}: {}; scans are recorded one at a time. Wait for it to finish (or "
                           "stop it) and run this again",
                           db_->path(), who))
      .with_kind(Error::Kind::Unavailable);
}

void SqliteStore::release_writer() {
  if (writer_) writer_->release();
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path,
                                                       SqliteOptions options) {
  try {
    auto db = std::make_unique<Database>(path, options.read_only);
    db->exec("PRAGMA busy_timeout = 10000");
    if (!options.read_only) {
      // Takes effect only on a new, empty file (before WAL is set).
      db->exec(fmt::format("PRAGMA page_size = {}", options.page_size).c_str());
      // journal_mode returns a row; a file that cannot do WAL (e.g. on some
      // network filesystems) keeps its mode, which we refuse below.
      db->exec("PRAGMA journal_mode = WAL");
    }
    {
      auto q = db->query("PRAGMA journal_mode");
      if (!q.step() || q.text(0) != "wal")
        throw SqliteError(fmt::format(
            "{}: cannot switch to WAL journal mode (is it on a network filesystem?)", path));
    }
    db->exec("PRAGMA synchronous = NORMAL");
    db->exec("PRAGMA foreign_keys = ON");
    db->exec("PRAGMA temp_store = MEMORY");
    db->exec(fmt::format("PRAGMA cache_size = -{}", options.cache_kib).c_str());
    if (options.read_only)
      check_schema(*db);
    else
      migrate(*db);
    return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(db), std::move(options)));
  } catch (const std::exception& e) {
    Error error;
    error.message = std::string("store open: ") + e.what();
    error.file = path;
    return error;
  }
}

Result<int64_t> SqliteStore::begin_scan(const ScanRecord& scan) {
  if (Status locked = acquire_writer(std::chrono::milliseconds(0)); !locked.ok())
    return locked.error();
  return guard<int64_t>("begin_scan", [&] {
    Transaction tx(*db_);
    // This process holds the writer lock: a scan still `running` belongs to
    // a process that died. Mark it interrupted.
    db_->query(
           "UPDATE scans SET state = 'interrupted', error = 'the scanning process ended before the "
           "scan "
           "was recorded (killed or crashed)' WHERE state = 'running'")
        .run();
    auto q = db_->query(
        "INSERT INTO scans(source, scope, started, state, timings) VALUES (?1, ?2, ?3, 'running', "
        "?4)");
    q.bind(1, scan.source)
        .bind(2, json_text(scan.scope))
        .bind(3, to_ms(scan.started))
        .bind(4, json_text(scan.timings));
    q.run();
    int64_t id = db_->last_insert_rowid();
    tx.commit();
    return id;
  });
}

Status SqliteStore::fail_scan(int64_t scan_id, Time finished, const std::string& error) {
  return guard_status("fail_scan", [&] {
    Transaction tx(*db_);
    {
      auto q = db_->query("SELECT state FROM scans WHERE id = ?1");
      q.bind(1, scan_id);
      if (!q.step()) throw SqliteError(fmt::format("no scan with id {}", scan_id));
      if (q.text(0) != "running")
        throw SqliteError(fmt::format("scan {} is {}, not running: its record stays as it is",
                                      scan_id, q.text(0)));
    }
    auto q =
        db_->query("UPDATE scans SET state = 'failed', finished = ?2, error = ?3 WHERE id = ?1");
    q.bind(1, scan_id).bind(2, to_ms(finished)).bind(3, error).run();
    tx.commit();
  });
}

namespace {

constexpr std::string_view kScanColumns =
    "SELECT id, source, scope, started, finished, state, error, assets, evaluations, violations, "
    "compliant, "
    "unknown, exempted, timings FROM scans ";

ScanRecord read_scan(const Query& q) {
  ScanRecord s;
  s.id = q.int64(0);
  s.source = q.str(1);
  s.scope = json_from(q.text(2));
  s.started = from_ms(q.int64(3));
  if (!q.is_null(4)) s.finished = from_ms(q.int64(4));
  s.state = scan_state_from(q.text(5)).value_or(ScanState::Failed);
  s.error = q.str(6);
  s.assets = static_cast<uint64_t>(q.int64(7));
  s.evaluations = static_cast<uint64_t>(q.int64(8));
  s.violations = static_cast<uint64_t>(q.int64(9));
  s.compliant = static_cast<uint64_t>(q.int64(10));
  s.unknown = static_cast<uint64_t>(q.int64(11));
  s.exempted = static_cast<uint64_t>(q.int64(12));
  s.timings = json_from(q.text(13));
  return s;
}

}  // namespace

void SqliteStore::load_scopes(ScanRecord& scan) {
  auto q = db_->query(
      "SELECT account, region, type, ok, error, assets FROM scan_scopes WHERE scan_id = ?1 "
      "ORDER BY account, region, type");
  q.bind(1, scan.id);
  while (q.step()) {
    ScopeStatus s;
    s.key = {q.str(0), q.str(1), q.str(2)};
    s.ok = q.int64(3) != 0;
    s.error = q.str(4);
    s.assets = static_cast<uint64_t>(q.int64(5));
    scan.scopes.push_back(std::move(s));
  }
}

Result<std::vector<ScanRecord>> SqliteStore::list_scans(const RecordPage& page) {
  return guard<std::vector<ScanRecord>>("list_scans", [&] {
    std::vector<ScanRecord> out;
    auto q = db_->query(std::string(kScanColumns) + (page.before_id ? "WHERE id < ?2 " : "") +
                        "ORDER BY id DESC LIMIT ?1");
    q.bind(1, page.limit == 0 ? int64_t{-1} : static_cast<int64_t>(page.limit));
    if (page.before_id) q.bind(2, page.before_id);
    while (q.step()) out.push_back(read_scan(q));
    for (ScanRecord& s : out) load_scopes(s);
    return out;
  });
}

Result<std::optional<ScanRecord>> SqliteStore::get_scan(int64_t id) {
  return guard<std::optional<ScanRecord>>("get_scan", [&]() -> std::optional<ScanRecord> {
    std::optional<ScanRecord> scan;
    {
      auto q = db_->query(std::string(kScanColumns) + "WHERE id = ?1");
      q.bind(1, id);
      if (q.step()) scan = read_scan(q);
    }
    if (scan) load_scopes(*scan);
    return scan;
  });
}

Result<ScanStamp> SqliteStore::newest_scan_stamp() {
  return guard<ScanStamp>("newest_scan_stamp", [&] {
    ScanStamp stamp;
    auto q = db_->query("SELECT id, state FROM scans ORDER BY id DESC LIMIT 1");
    if (q.step()) {
      stamp.id = q.int64(0);
      stamp.state = scan_state_from(q.text(1)).value_or(ScanState::Failed);
    }
    return stamp;
  });
}

Result<std::optional<ScanRecord>> SqliteStore::latest_completed_scan() {
  return guard<std::optional<ScanRecord>>(
      "latest_completed_scan", [&]() -> std::optional<ScanRecord> {
        auto q = db_->query(std::string(kScanColumns) +
                            "WHERE state = 'completed' ORDER BY started DESC, id DESC LIMIT 1");
        if (!q.step()) return std::nullopt;
        return read_scan(q);
      });
}

}  // namespace vigil::store::sqlite
