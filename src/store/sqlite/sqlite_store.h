// The embedded SQLite backend of the Store (store.h), the default.
//
// One file in WAL mode (readers never block the writer), foreign keys on,
// synchronous=NORMAL (durable at every checkpoint; a power cut may lose the
// last commits but never corrupts; a killed process loses nothing committed),
// busy_timeout so a second process waits for the write lock instead of
// failing at once. The schema is migrated on open (migrations.h).
//
// Layout of the implementation, one file per area:
//   sqlite_store.cpp      open, scans (begin/fail/list/get)
//   apply_scan.cpp        the one-transaction write of a scan's changes
//   asset_reads.cpp       heads, history, deltas
//   violation_reads.cpp   violations, events, update_violations
//   exceptions.cpp        exceptions and the audit log
//   groups_scores.cpp     groups, scores, schedules
//   accounts.cpp          users, sessions, API tokens
//   outbox.cpp            the notification outbox
//   fix_runs.cpp          fix runs (remediation records)
//   fix_schedule.cpp      scheduled fixes (AutoFix's grace period)
//   codec.h               times, hashes, statuses, content encoding
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "store/sqlite/codec.h"
#include "store/sqlite/sqlite_db.h"
#include "store/sqlite/writer_lock.h"
#include "store/store.h"

namespace vigil::store::sqlite {

struct SqliteOptions {
  // Open for reading only: nothing is created, migrated or written (a file
  // the user may only read can be read); the schema must be the latest.
  bool read_only = false;
  // Page size of a new file, bytes (a power of two, 512..65536).
  int64_t page_size = 4096;
  // Page cache of the connection, KiB. Larger makes big scans faster.
  int64_t cache_kib = 256 * 1024;
  // for_each_asset_delta: with up to this many versions in the window the
  // candidates are found by time and sorted; with more, the assets are
  // walked in id order, so no sort holds them all (asset_reads.cpp).
  int64_t delta_sort_max = 100000;
  // How asset content is stored (asset_versions.encoding, codec.h), when
  // compressing makes it smaller. Zstd by default, with the store's
  // dictionary: a scan that finds none trains one from its first
  // `dictionary_samples` documents (a smaller scan writes text and trains
  // nothing). At 1M assets that is a 2.6x smaller file for about the CPU of
  // writing the text (docs/performance.md, "Tracker"). Every encoding is
  // read back whatever this is set to.
  enum class Compression { None, Zlib, Zstd };
  Compression compression = Compression::Zstd;
  size_t dictionary_samples = 2000;
  // Test hook: called inside apply_scan's transaction with the number of
  // rows written so far: once before the first row (0), every `hook_every`
  // rows, and once just before COMMIT (with before_commit true). Used to kill
  // a process mid-transaction (tests/store/sqlite_kill_test.cpp).
  std::function<void(uint64_t rows, bool before_commit)> write_hook;
  uint64_t hook_every = 10000;
};

struct ScanWrite;  // scan_write.h: the state write_changes' steps share

class SqliteStore final : public Store {
 public:
  // Opens (creating) `path` and migrates its schema.
  static Result<std::unique_ptr<SqliteStore>> open(const std::string& path,
                                                   SqliteOptions options = {});

  Status acquire_writer(std::chrono::milliseconds wait) override;
  void release_writer() override;
  Result<int64_t> begin_scan(const ScanRecord& scan) override;
  Status apply_scan(const ScanChanges& changes) override;
  Status fail_scan(int64_t scan_id, Time finished, const std::string& error) override;
  Status finish_scan_timing(int64_t scan_id, Time finished,
                            const nlohmann::json& timings) override;  // scan_timing.cpp
  Result<std::vector<ScanRecord>> list_scans(const RecordPage& page) override;
  Result<std::optional<ScanRecord>> get_scan(int64_t id) override;
  Result<std::optional<ScanRecord>> latest_completed_scan() override;
  Result<ScanStamp> newest_scan_stamp() override;

  Result<std::vector<AssetHead>> asset_heads() override;
  Status for_each_asset_head(const std::function<bool(const AssetHead&)>& visit) override;
  Result<std::vector<AssetDelta>> asset_deltas(const AssetDeltaFilter& filter) override;
  Status for_each_asset_delta(const AssetDeltaFilter& filter,
                              const std::function<bool(const AssetDelta&)>& visit) override;
  Result<std::vector<AssetVersion>> asset_history(const std::string& asset_id) override;
  // asset_browse.cpp
  Status for_each_asset(const AssetFilter& filter,
                        const std::function<bool(const AssetListing&)>& visit) override;
  Result<std::vector<AssetTimelineEntry>> asset_timeline(int64_t key) override;
  Result<std::optional<AssetVersion>> asset_version(int64_t key, int version) override;
  // asset_search.cpp
  Result<size_t> index_search(size_t max_versions) override;
  Result<std::vector<AssetMatch>> search_assets(const std::string& words,
                                                const std::vector<std::string>& within_groups,
                                                size_t limit) override;

  Result<std::vector<Violation>> violations(const ViolationFilter& filter) override;
  Result<std::vector<std::string>> policy_ids() override;  // violation_reads.cpp
  Result<std::vector<ViolationCount>> violation_counts(
      const std::vector<std::string>& policies,
      const std::optional<std::string>& account) override;  // violation_reads.cpp
  Result<std::vector<AssetCount>> live_asset_counts(
      const std::optional<std::string>& account) override;  // violation_reads.cpp
  Status for_each_violation(const ViolationFilter& filter,
                            const std::function<bool(const Violation&)>& visit) override;
  Status for_each_violation_state(
      const std::function<bool(const ViolationState&)>& visit) override;  // violation_reads.cpp
  Result<std::unique_ptr<Store>> open_reader() override;                  // violation_reads.cpp
  Result<std::optional<Violation>> violation(int64_t id) override;
  Result<std::vector<ViolationEvent>> violation_events(int64_t id) override;
  Status update_violations(const std::vector<ViolationUpdate>& updates, Time at) override;

  Result<int64_t> add_exception(const ExceptionRecord& exception, const AuditEntry& audit) override;
  Status revoke_exception(int64_t id, Time at, const std::string& by, const std::string& reason,
                          const AuditEntry& audit) override;
  Status revoke_exception(int64_t id, Time at, const std::string& by, const std::string& reason,
                          const AuditEntry& audit,
                          const std::vector<ViolationUpdate>& updates) override;
  Result<std::vector<ExceptionRecord>> exceptions(bool include_inactive, Time now) override;
  Result<std::optional<ExceptionRecord>> exception(int64_t id) override;
  Result<std::vector<AuditEntry>> audit_log(const RecordPage& page) override;

  Status put_group(const GroupRecord& group, const AuditEntry& audit) override;
  Status delete_group(const std::string& name, const AuditEntry& audit) override;
  Result<std::vector<GroupRecord>> groups() override;
  Result<std::vector<std::string>> group_members(const std::string& name) override;

  // accounts.cpp
  Result<int64_t> add_user(const UserRecord& user, const AuditEntry& audit) override;
  Status update_user(const UserRecord& user, bool end_sessions, const AuditEntry& audit) override;
  Status delete_user(const std::string& name, const AuditEntry& audit) override;
  Result<std::optional<UserRecord>> user(const std::string& name) override;
  Result<std::optional<UserRecord>> user_by_id(int64_t id) override;
  Result<std::vector<UserRecord>> users() override;
  Status add_session(const SessionRecord& session) override;
  Result<std::optional<SessionRecord>> session(const std::string& digest, Time now) override;
  Status delete_session(const std::string& digest) override;
  Result<int64_t> add_token(const TokenRecord& token, const AuditEntry& audit) override;
  Result<std::optional<TokenRecord>> token(const std::string& digest) override;
  Result<std::vector<TokenRecord>> tokens() override;
  Status revoke_token(int64_t id, Time at, const AuditEntry& audit) override;
  Status record_audit(const AuditEntry& audit) override;

  Result<std::vector<ScoreRow>> scores(const std::string& dimension, const std::string& from_day,
                                       const std::string& to_day) override;

  Status put_schedule(const ScheduleState& state) override;
  Result<std::vector<ScheduleState>> schedules() override;

  // outbox.cpp
  Result<size_t> enqueue_messages(const std::vector<OutboxMessage>& messages) override;
  Result<std::vector<OutboxMessage>> due_messages(Time now, size_t limit) override;
  Status mark_message_sent(int64_t id, Time at) override;
  Status mark_message_failed(int64_t id, const std::string& error,
                             std::optional<Time> next_attempt) override;
  Result<std::vector<OutboxMessage>> outbox_messages(size_t limit) override;

  // fix_runs.cpp
  Result<int64_t> add_fix_run(const FixRun& run, const AuditEntry& audit) override;
  Status update_fix_run(const FixRun& run, const std::vector<ViolationUpdate>& updates,
                        const AuditEntry& audit) override;
  Result<std::optional<FixRun>> fix_run(int64_t id) override;
  Result<std::vector<FixRun>> fix_runs(const FixRunFilter& filter) override;

  // fix_schedule.cpp
  Result<int64_t> add_scheduled_fix(const ScheduledFix& plan,
                                    const std::vector<OutboxMessage>& notices,
                                    const AuditEntry& audit) override;
  Status update_scheduled_fix(const ScheduledFix& plan, const std::vector<OutboxMessage>& notices,
                              const AuditEntry& audit) override;
  Result<std::vector<ScheduledFix>> scheduled_fixes(const ScheduledFixFilter& filter) override;

  // jobs.cpp
  Result<std::vector<int64_t>> enqueue_jobs(const std::vector<JobRecord>& jobs) override;
  Result<std::optional<JobRecord>> claim_job(const std::string& worker, Time now,
                                             Time lease_until) override;
  Status renew_job(int64_t id, const std::string& worker, Time lease_until) override;
  Status finish_job(int64_t id, const std::string& worker, const std::string& state,
                    const std::string& result, const std::string& error, Time at) override;
  Result<std::vector<JobRecord>> jobs(const JobFilter& filter) override;
  Result<bool> try_leadership() override;

  // For tests and tools: the connection (PRAGMA checks, row counts).
  Database& database() { return *db_; }

 private:
  SqliteStore(std::unique_ptr<Database> db, SqliteOptions options);

  // Runs `body`, turning a thrown SqliteError/std::exception into an Error
  // "store <operation>: <message>".
  template <typename T, typename F>
  Result<T> guard(std::string_view operation, F&& body);
  template <typename F>
  Status guard_status(std::string_view operation, F&& body);
  Error store_error(std::string_view operation, std::string_view message, Error::Kind kind) const {
    Error error("store " + std::string(operation) + ": " + std::string(message), db_->path());
    return std::move(error).with_kind(kind);
  }

  // Helpers shared by the area files (each defined in its area's file).
  void write_changes(const ScanChanges& changes);    // apply_scan.cpp
  void insert_audit(const AuditEntry& entry);        // exceptions.cpp
  size_t insert_outbox(const std::vector<OutboxMessage>& messages);  // outbox.cpp
  int64_t policy_key(const std::string& policy_id);  // apply_scan.cpp
  void apply_update(const ViolationUpdate& update, int64_t at_ms, std::optional<int64_t> scan_id);
  void load_scopes(ScanRecord& scan);  // sqlite_store.cpp

  // write_changes' steps, in the order it runs them (apply_scan.cpp).
  // running_scan_start throws unless the scan is running; it returns when
  // the scan started (ms).
  int64_t running_scan_start(int64_t scan);
  void write_scan_outcome(const ScanChanges& changes);
  void write_scopes(const ScanChanges& changes, ScanWrite& w);
  void write_asset_versions(const ScanChanges& changes, ScanWrite& w);
  void write_deletions(const ScanChanges& changes, ScanWrite& w);
  void write_new_violations(const ScanChanges& changes, ScanWrite& w);
  void write_violation_updates(const ScanChanges& changes, ScanWrite& w);
  void write_group_members(const ScanChanges& changes, ScanWrite& w);
  void write_scores(const ScanChanges& changes, ScanWrite& w);
  void write_audit(const ScanChanges& changes, ScanWrite& w);  // and the outbox
  // The key of asset `uid`, written by this scan or stored before; throws
  // naming `what` `name` (e.g. "violation of", a policy id) when neither.
  int64_t asset_key(const ScanWrite& w, const std::string& uid, std::string_view what,
                    std::string_view name);

  std::unique_ptr<Database> db_;
  SqliteOptions options_;
  std::unique_ptr<WriterLock> writer_;  // null for a store without a file
  std::unique_ptr<WriterLock> leader_;  // try_leadership: "<file>.leader"
  ContentDictionaries dictionaries_;  // asset content: apply_scan.cpp, asset_reads.cpp
};

}  // namespace vigil::store::sqlite

// ------------------------------------------------------------ guard (inline)

namespace vigil::store::sqlite {

template <typename T, typename F>
Result<T> SqliteStore::guard(std::string_view operation, F&& body) {
  try {
    return Result<T>(body());
  } catch (const SqliteError& e) {
    return store_error(operation, e.what(), e.kind);
  } catch (const std::exception& e) {
    return store_error(operation, e.what(), Error::Kind::Internal);
  }
}

template <typename F>
Status SqliteStore::guard_status(std::string_view operation, F&& body) {
  try {
    body();
    return Status::Ok();
  } catch (const SqliteError& e) {
    return store_error(operation, e.what(), e.kind);
  } catch (const std::exception& e) {
    return store_error(operation, e.what(), Error::Kind::Internal);
  }
}

}  // namespace vigil::store::sqlite
