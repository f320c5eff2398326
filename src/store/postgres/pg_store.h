// The PostgreSQL backend of the Store (store.h), opened by a libpq URL
// (postgresql://user@host/db?...): several vigil processes on several
// machines may share one database.
//
// Contract: the same behaviour as the SQLite store, pinned by the shared
// suite (tests/store/store_suite.h); the schema is migrated on open
// (migrations.h). The writer lock (acquire_writer) is a session-level
// advisory lock: PostgreSQL drops it when the session ends, so a process
// that dies lets the next writer in, which marks its scan interrupted.
// Writes of one scan are one transaction; bulk rows go through COPY into
// temporary tables and set-based statements (apply_scan.cpp). Reads of
// millions of rows go through server-side cursors (pg_db.h for_each_row).
//
// Layout of the implementation, one file per area (like sqlite/):
//   pg_db.h               libpq wrappers: connection, parameters, COPY, cursors, transactions
//   migrations.cpp        the numbered schema
//   pg_store.cpp          open, the writer lock, scans (begin/fail/list/get/timing)
//   apply_scan.cpp        the one-transaction write of a scan's changes
//   asset_reads.cpp       heads, history, deltas, browsing, timeline
//   asset_search.cpp      full-text search (tsvector, GIN)
//   violation_reads.cpp   violations, events, updates outside a scan
//   exceptions.cpp        exceptions and the audit log
//   groups_scores.cpp     groups, scores, schedules
//   accounts.cpp          users, sessions, API tokens
//   outbox.cpp            the notification outbox
//   fix_runs.cpp          fix runs
//   fix_schedule.cpp      scheduled fixes (AutoFix's grace period)
//   pg_codec.h            times, hashes, JSON
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "store/postgres/pg_db.h"
#include "store/store.h"

namespace vigil::store::postgres {

// The session-level advisory lock that makes one process the writer
// ("vigil-wr"); `vigil store migrate` holds it on its target too.
inline constexpr int64_t kWriterLock = 0x7669676c2d7772;
// The session-level advisory lock of the scheduling leader ("vigil-ld").
inline constexpr int64_t kLeaderLock = 0x7669676c2d6c64;

struct PgOptions {
  // Read only: nothing is created, migrated or written (the session is
  // read-only); the schema must be the latest.
  bool read_only = false;
  // How often acquire_writer() tries the lock again while waiting.
  std::chrono::milliseconds lock_poll{50};
};

class PgStore final : public Store {
 public:
  // Connects to `url` (a libpq URI or connection string) and migrates the
  // schema. Errors (kind Unavailable for a connection failure) name the host
  // and database and libpq's message, never the password.
  static Result<std::unique_ptr<PgStore>> open(const std::string& url, PgOptions options = {});
  ~PgStore() override;

  Status acquire_writer(std::chrono::milliseconds wait) override;
  void release_writer() override;
  Result<int64_t> begin_scan(const ScanRecord& scan) override;
  Status apply_scan(const ScanChanges& changes) override;
  Status fail_scan(int64_t scan_id, Time finished, const std::string& error) override;
  Status finish_scan_timing(int64_t scan_id, Time finished, const nlohmann::json& timings) override;
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
  Status for_each_asset(const AssetFilter& filter,
                        const std::function<bool(const AssetListing&)>& visit) override;
  Result<std::vector<AssetTimelineEntry>> asset_timeline(int64_t key) override;
  Result<std::optional<AssetVersion>> asset_version(int64_t key, int version) override;
  Result<size_t> index_search(size_t max_versions) override;
  Result<std::vector<AssetMatch>> search_assets(const std::string& words,
                                                const std::vector<std::string>& within_groups,
                                                size_t limit) override;

  Result<std::vector<Violation>> violations(const ViolationFilter& filter) override;
  Result<std::vector<std::string>> policy_ids() override;
  Result<std::vector<ViolationCount>> violation_counts(
      const std::vector<std::string>& policies,
      const std::optional<std::string>& account) override;  // violation_reads.cpp
  Result<std::vector<AssetCount>> live_asset_counts(
      const std::optional<std::string>& account) override;  // violation_reads.cpp
  Status for_each_violation(const ViolationFilter& filter,
                            const std::function<bool(const Violation&)>& visit) override;
  Status for_each_violation_state(const std::function<bool(const ViolationState&)>& visit) override;
  Result<std::unique_ptr<Store>> open_reader() override;
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

  Result<size_t> enqueue_messages(const std::vector<OutboxMessage>& messages) override;
  Result<std::vector<OutboxMessage>> due_messages(Time now, size_t limit) override;
  Status mark_message_sent(int64_t id, Time at) override;
  Status mark_message_failed(int64_t id, const std::string& error,
                             std::optional<Time> next_attempt) override;
  Result<std::vector<OutboxMessage>> outbox_messages(size_t limit) override;

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

  // For tests and tools: the session.
  Connection& connection() { return *db_; }

 private:
  PgStore(std::unique_ptr<Connection> db, std::string url, PgOptions options);

  template <typename T, typename F>
  Result<T> guard(std::string_view operation, F&& body);
  template <typename F>
  Status guard_status(std::string_view operation, F&& body);
  Error store_error(std::string_view operation, std::string_view message, Error::Kind kind) const {
    Error error("store " + std::string(operation) + ": " + std::string(message));
    return std::move(error).with_kind(kind);
  }

  // Shared by the area files (each defined in its area's file).
  void write_changes(const ScanChanges& changes);                    // apply_scan.cpp
  void insert_audit(const AuditEntry& entry);                        // exceptions.cpp
  size_t insert_outbox(const std::vector<OutboxMessage>& messages);  // outbox.cpp
  // Applies updates in order, each with its event (violation_reads.cpp).
  void apply_updates(const std::vector<ViolationUpdate>& updates, int64_t at_ms,
                     std::optional<int64_t> scan_id);
  void load_scopes(ScanRecord& scan);  // pg_store.cpp
  Status not_writable(std::string_view operation) const;

  std::unique_ptr<Connection> db_;
  std::string url_;
  PgOptions options_;
  bool writer_held_ = false;
  bool leader_held_ = false;
};

template <typename T, typename F>
Result<T> PgStore::guard(std::string_view operation, F&& body) {
  try {
    return Result<T>(body());
  } catch (const PgError& e) {
    return store_error(operation, e.what(), e.kind);
  } catch (const std::exception& e) {
    return store_error(operation, e.what(), Error::Kind::Internal);
  }
}

template <typename F>
Status PgStore::guard_status(std::string_view operation, F&& body) {
  try {
    body();
    return Status::Ok();
  } catch (const PgError& e) {
    return store_error(operation, e.what(), e.kind);
  } catch (const std::exception& e) {
    return store_error(operation, e.what(), Error::Kind::Internal);
  }
}

}  // namespace vigil::store::postgres
