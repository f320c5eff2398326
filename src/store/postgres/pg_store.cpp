// PgStore: open (session settings, migrations), the writer lock and the scan
// records. See pg_store.h for the layout of the other areas.
#include "store/postgres/pg_store.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <thread>

#include "store/postgres/migrations.h"
#include "store/postgres/pg_codec.h"

namespace vigil::store::postgres {

PgStore::PgStore(std::unique_ptr<Connection> db, std::string url, PgOptions options)
    : db_(std::move(db)), url_(std::move(url)), options_(options) {}

PgStore::~PgStore() { release_writer(); }

Result<std::unique_ptr<PgStore>> PgStore::open(const std::string& url, PgOptions options) {
  try {
    auto db = std::make_unique<Connection>(url);
    db->exec("SET client_min_messages = warning");
    if (options.read_only) {
      db->exec("SET default_transaction_read_only = on");
      check_schema(*db);
    } else {
      migrate(*db);
    }
    return std::unique_ptr<PgStore>(new PgStore(std::move(db), url, options));
  } catch (const PgError& e) {
    return Error(std::string("store open: ") + e.what()).with_kind(e.kind);
  } catch (const std::exception& e) {
    return Error(std::string("store open: ") + e.what()).with_kind(Error::Kind::Internal);
  }
}

Status PgStore::not_writable(std::string_view operation) const {
  return Error(fmt::format("store {}: {} is opened for reading only; it records no scan", operation,
                           db_->where()))
      .with_kind(Error::Kind::InvalidInput);
}

Status PgStore::acquire_writer(std::chrono::milliseconds wait) {
  if (options_.read_only) return not_writable("acquire_writer");
  if (writer_held_) return Status::Ok();
  auto deadline = std::chrono::steady_clock::now() + wait;
  Status s = guard_status("acquire_writer", [&] {
    for (;;) {
      Rows r = db_->exec("SELECT pg_try_advisory_lock($1)", Params().add(kWriterLock));
      if (r.boolean(0, 0)) {
        writer_held_ = true;
        return;
      }
      if (std::chrono::steady_clock::now() >= deadline) return;
      std::this_thread::sleep_for(options_.lock_poll);
    }
  });
  if (!s.ok() || writer_held_) return s;
  std::string who = "another process holds its writer lock";
  try {
    Rows r = db_->exec(
        "SELECT id, source, started FROM scans WHERE state = 'running' ORDER BY id DESC LIMIT 1");
    if (!r.empty())
      who = fmt::format(
          "another process is recording scan {} of source '{}' (observed {:%Y-%m-%dT%H:%M:%SZ})",
          r.int64(0, 0), r.text(0, 1),
          std::chrono::floor<std::chrono::seconds>(from_ms(r.int64(0, 2))));
  } catch (const std::exception&) {
  }
  return Error(fmt::format("{}: {}; scans are recorded one at a time. Wait for it to finish (or "
                           "stop it) and run this again",
                           db_->where(), who))
      .with_kind(Error::Kind::Unavailable);
}

void PgStore::release_writer() {
  if (!writer_held_) return;
  writer_held_ = false;
  try {
    db_->exec("SELECT pg_advisory_unlock($1)", Params().add(kWriterLock));
  } catch (const std::exception&) {
    // The session is gone, and the lock with it.
  }
}

Result<int64_t> PgStore::begin_scan(const ScanRecord& scan) {
  if (Status locked = acquire_writer(std::chrono::milliseconds(0)); !locked.ok())
    return locked.error();
  return guard<int64_t>("begin_scan", [&] {
    Transaction tx(*db_);
    // This process holds the writer lock: a scan still `running` belongs to
    // a process that died. Mark it interrupted.
    db_->exec(
        "UPDATE scans SET state = 'interrupted', error = 'the scanning process ended before the "
        "scan was recorded (killed or crashed)' WHERE state = 'running'");
    Rows r = db_->exec(
        "INSERT INTO scans(source, scope, started, state, timings) "
        "VALUES ($1, $2::jsonb, $3, 'running', $4::jsonb) RETURNING id",
        Params()
            .add(scan.source)
            .add(json_text(scan.scope))
            .add(to_ms(scan.started))
            .add(json_text(scan.timings)));
    int64_t id = r.int64(0, 0);
    tx.commit();
    return id;
  });
}

Status PgStore::fail_scan(int64_t scan_id, Time finished, const std::string& error) {
  return guard_status("fail_scan", [&] {
    Transaction tx(*db_);
    Rows r = db_->exec("SELECT state FROM scans WHERE id = $1 FOR UPDATE", Params().add(scan_id));
    if (r.empty()) throw PgError(fmt::format("no scan with id {}", scan_id), Error::Kind::NotFound);
    if (r.text(0, 0) != "running")
      throw PgError(fmt::format("scan {} is {}, not running: its record stays as it is", scan_id,
                                r.text(0, 0)),
                    Error::Kind::Conflict);
    db_->exec("UPDATE scans SET state = 'failed', finished = $2, error = $3 WHERE id = $1",
              Params().add(scan_id).add(to_ms(finished)).add(error));
    tx.commit();
  });
}

Status PgStore::finish_scan_timing(int64_t scan_id, Time finished, const nlohmann::json& timings) {
  return guard_status("finish_scan_timing", [&] {
    Transaction tx(*db_);
    Rows r = db_->exec("SELECT state FROM scans WHERE id = $1 FOR UPDATE", Params().add(scan_id));
    if (r.empty()) throw PgError(fmt::format("no scan with id {}", scan_id), Error::Kind::NotFound);
    if (r.text(0, 0) == "running")
      throw PgError(fmt::format(
          "scan {} is still running; record its changes (apply_scan) or failure first", scan_id));
    db_->exec("UPDATE scans SET finished = $2, timings = $3::jsonb WHERE id = $1",
              Params().add(scan_id).add(to_ms(finished)).add(json_text(timings)));
    tx.commit();
  });
}

namespace {

constexpr std::string_view kScanColumns =
    "SELECT id, source, scope::text, started, finished, state, error, assets, evaluations, "
    "violations, compliant, unknown, exempted, timings::text FROM scans ";

ScanRecord read_scan(const Rows& r, int i) {
  ScanRecord s;
  s.id = r.int64(i, 0);
  s.source = r.str(i, 1);
  s.scope = json_from(r.text(i, 2));
  s.started = from_ms(r.int64(i, 3));
  if (!r.is_null(i, 4)) s.finished = from_ms(r.int64(i, 4));
  s.state = scan_state_from(r.text(i, 5)).value_or(ScanState::Failed);
  s.error = r.str(i, 6);
  s.assets = static_cast<uint64_t>(r.int64(i, 7));
  s.evaluations = static_cast<uint64_t>(r.int64(i, 8));
  s.violations = static_cast<uint64_t>(r.int64(i, 9));
  s.compliant = static_cast<uint64_t>(r.int64(i, 10));
  s.unknown = static_cast<uint64_t>(r.int64(i, 11));
  s.exempted = static_cast<uint64_t>(r.int64(i, 12));
  s.timings = json_from(r.text(i, 13));
  return s;
}

}  // namespace

void PgStore::load_scopes(ScanRecord& scan) {
  Rows r = db_->exec(
      "SELECT account, region, type, ok, error, assets FROM scan_scopes WHERE scan_id = $1 "
      "ORDER BY account, region, type",
      Params().add(scan.id));
  for (int i = 0; i < r.size(); ++i) {
    ScopeStatus s;
    s.key = {r.str(i, 0), r.str(i, 1), r.str(i, 2)};
    s.ok = r.boolean(i, 3);
    s.error = r.str(i, 4);
    s.assets = static_cast<uint64_t>(r.int64(i, 5));
    scan.scopes.push_back(std::move(s));
  }
}

Result<std::vector<ScanRecord>> PgStore::list_scans(const RecordPage& page) {
  return guard<std::vector<ScanRecord>>("list_scans", [&] {
    std::vector<ScanRecord> out;
    Params p;
    std::string sql(kScanColumns);
    sql += record_page_sql(page, p);
    Rows r = db_->exec(sql, p);
    for (int i = 0; i < r.size(); ++i) out.push_back(read_scan(r, i));
    for (ScanRecord& s : out) load_scopes(s);
    return out;
  });
}

Result<std::optional<ScanRecord>> PgStore::get_scan(int64_t id) {
  return guard<std::optional<ScanRecord>>("get_scan", [&]() -> std::optional<ScanRecord> {
    Rows r = db_->exec(std::string(kScanColumns) + "WHERE id = $1", Params().add(id));
    if (r.empty()) return std::nullopt;
    ScanRecord scan = read_scan(r, 0);
    load_scopes(scan);
    return scan;
  });
}

Result<ScanStamp> PgStore::newest_scan_stamp() {
  return guard<ScanStamp>("newest_scan_stamp", [&] {
    ScanStamp stamp;
    Rows r = db_->exec("SELECT id, state FROM scans ORDER BY id DESC LIMIT 1");
    if (!r.empty()) {
      stamp.id = r.int64(0, 0);
      stamp.state = scan_state_from(r.text(0, 1)).value_or(ScanState::Failed);
    }
    return stamp;
  });
}

Result<std::optional<ScanRecord>> PgStore::latest_completed_scan() {
  return guard<std::optional<ScanRecord>>(
      "latest_completed_scan", [&]() -> std::optional<ScanRecord> {
        Rows r = db_->exec(std::string(kScanColumns) +
                           "WHERE state = 'completed' ORDER BY started DESC, id DESC LIMIT 1");
        if (r.empty()) return std::nullopt;
        return read_scan(r, 0);
      });
}

Result<std::unique_ptr<Store>> PgStore::open_reader() {
  PgOptions options = options_;
  auto opened = open(url_, options);
  if (!opened.ok()) return opened.error();
  return std::unique_ptr<Store>(std::move(opened).value());
}

}  // namespace vigil::store::postgres
