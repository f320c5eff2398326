// The Store: Vigil's durable state behind one backend-neutral interface.
// sqlite/ is the embedded default; postgres/ implements the same interface
// on a PostgreSQL server, without touching callers. The behaviour of every backend
// is pinned by one shared test suite (tests/store/store_suite.h).
//
// What is stored
//  - scans: scope, start/end, status, per-(account, region, type) collection
//    status and error, counts, step timings.
//  - assets with history: a new version only when the content hash changes;
//    first seen, deleted (and undeleted when it comes back).
//  - violations, identity (policy id, asset id), with every transition as an
//    event (time, scan, from, to, reason).
//  - exceptions (per resource and sticky) and the audit log of every grant,
//    revoke and expiry.
//  - asset groups, per-scan group membership, daily score snapshots,
//    scheduler state (next run per source).
//
// Contract
//  - Writes of one scan are atomic: apply_scan() commits everything in one
//    transaction or nothing. A process killed at any moment leaves the last
//    committed state; the next writer's begin_scan() (under the writer lock,
//    acquire_writer) marks scans left `running` as `interrupted`.
//  - apply_scan() writes in proportion to the changes it is given: the
//    tracker (src/tracker) computes them; the store never rewrites unchanged
//    rows. "Last seen" of an asset or violation is derived from the scans
//    that covered its scope, never stored per row.
//  - apply_scan() stamps asset versions, deletions and violation events with
//    the scan's start time (begin_scan's ScanRecord::started). It and
//    fail_scan() apply only to a scan still `running`; one process records
//    scans at a time (acquire_writer), so a running scan is never taken for
//    dead while its process lives.
//  - Times are UTC, stored with millisecond precision.
//  - Errors are values: every method returns Result/Status; an Error names
//    the operation and the backend's message.
//  - Thread-safety: one Store object is used by one thread at a time; open
//    one Store per thread (SQLite WAL allows concurrent readers).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace vigil::store {

using Time = std::chrono::system_clock::time_point;

// ---------------------------------------------------------------- scans

struct ScopeKey {
  std::string account, region, type;  // region "global" for global services
  auto operator<=>(const ScopeKey&) const = default;
};

struct ScopeStatus {
  ScopeKey key;
  bool ok = true;     // collected successfully: may close violations
  std::string error;  // when !ok: "AccessDenied: ..." (code first)
  uint64_t assets = 0;
};

enum class ScanState { Running, Completed, Failed, Interrupted };
std::string_view to_string(ScanState s);
std::optional<ScanState> scan_state_from(std::string_view text);

// The newest scan's id and state: a stamp that changes whenever a scan is
// begun or recorded (recording changes the state in the transaction that
// writes the scan's changes, and a later scan has a larger id). Caches of
// what only scans write (the score snapshots) key on it.
struct ScanStamp {
  int64_t id = 0;  // 0: no scan yet
  ScanState state = ScanState::Running;
  bool operator==(const ScanStamp&) const = default;
};

struct ScanRecord {
  int64_t id = 0;
  std::string source;          // configured source name, or "cli"
  nlohmann::json scope;        // {"sources": [...], "accounts": [...], "regions": [...], "types": [...]}
  // The observation time: what policies saw as `now`, stamped on the
  // scan's asset versions and violation events. For a scheduled scan it is
  // when the run began; `vigil scan --now T` sets it to T.
  Time started{};
  // Wall clock when the scan's writes committed (or it failed).
  std::optional<Time> finished;
  ScanState state = ScanState::Running;
  std::string error;           // why Failed
  std::vector<ScopeStatus> scopes;
  uint64_t assets = 0, evaluations = 0, violations = 0, compliant = 0, unknown = 0, exempted = 0;
  // Step timings in seconds and the run's real start (wall clock, before
  // collection), as written by the tracker:
  //   {"run_started_ms": 1795651200000, "collect_s": 1.2, "assess_s": 0.3,
  //    "reconcile_s": 0.8, "write_s": 2.1, "total_s": 4.5}
  // total_s = finished - run start; scans written before these keys have
  // only the step timings.
  nlohmann::json timings;
};

// -------------------------------------------------------------- assets

struct AssetIdentity {
  std::string id, type, account, region, name;
};

// The stored head of one asset, enough for the tracker to diff a new scan.
struct AssetHead {
  std::string id;
  ScopeKey scope;                // account, region, type
  uint64_t content_hash = 0;     // of the canonical asset JSON
  bool deleted = false;
  // The source that owns the asset: the source of the scan that wrote its
  // latest version (docs/store.md, "What a scan may change"); empty when unknown.
  std::string source;
  // The backend's key of the asset (distinct per asset, stable while the
  // store is open; 0 when the backend has none): ViolationState::asset_key
  // names the asset by it, so the tracker needs no asset id text per violation.
  int64_t key = 0;
};

struct AssetVersionWrite {
  AssetIdentity identity;
  uint64_t content_hash = 0;
  std::string content;  // the asset JSON, as collected
};

struct AssetVersion {
  AssetIdentity identity;
  int version = 0;       // 1, 2, ...
  Time valid_from{};
  int64_t scan_id = 0;   // the scan that recorded it
  std::string content;
};

// An asset's change between two times, for `vigil inventory diff`.
struct AssetDelta {
  enum class Kind { Created, Deleted, Changed } kind = Kind::Changed;
  AssetIdentity identity;
  std::optional<AssetVersion> before, after;  // before absent for Created, after for Deleted
};

struct AssetDeltaFilter {
  Time from{}, to{};
  std::optional<std::string> account, type;
};

// One asset as a list shows it (the API's /assets), by its key.
struct AssetListing {
  int64_t key = 0;  // AssetHead::key
  AssetIdentity identity;
  Time first_seen{};
  std::optional<Time> deleted_at;  // when its latest marker deleted it
  int version = 0;                 // of its latest content
};

struct AssetFilter {
  std::optional<std::string> asset_id;  // the asset's id (ARN), exactly
  std::optional<std::string> account, region, type;
  std::optional<std::string> group;  // membership as of the group's last computation
  // A caller's scope, as ViolationFilter::within_groups.
  std::vector<std::string> within_groups;
  bool include_deleted = false;
  int64_t after_key = 0;    // keyset paging: only keys above it (below it when descending)
  size_t limit = 0;         // 0: no limit
  bool descending = false;  // newest first
};

// One row of an asset's timeline, oldest first: a content version, or a
// deletion marker (deleted, version 0).
struct AssetTimelineEntry {
  int version = 0;
  Time valid_from{};
  int64_t scan_id = 0;
  bool deleted = false;
};

// A search hit: the asset and the field its best match was in.
struct AssetMatch {
  AssetListing asset;
  std::string field;  // "id", "name", "tags" or "config"
  double rank = 0;    // lower is better (SQLite FTS5 bm25)
};

// A page of a newest-first record list (scans, audit log).
struct RecordPage {
  size_t limit = 0;       // 0: no limit
  int64_t before_id = 0;  // keyset paging: only ids below it (0: from the newest)
};

// ----------------------------------------------------------- violations

enum class ViolationStatus { Open, Exempted, Closed, Unknown };
std::string_view to_string(ViolationStatus s);
std::optional<ViolationStatus> violation_status_from(std::string_view text);

// Reasons are free text with fixed values used by the tracker:
//   opened, reopened, fixed, resource-deleted, policy-removed, exempted,
//   exception-expired, exception-revoked, unknown, message-changed.
struct Violation {
  int64_t id = 0;
  std::string policy_id;
  AssetIdentity asset;
  ViolationStatus status = ViolationStatus::Open;
  std::string severity;  // "critical" .. "info"
  std::string category;  // "security", ...
  std::string message;
  Time first_seen{};
  Time last_change{};
  std::string close_reason;               // when Closed
  std::optional<int64_t> exception_id;    // when Exempted
};

// What the tracker diffs a scan against, per stored violation: no asset
// identity texts, no times. The views are valid only during the visit call.
struct ViolationState {
  int64_t id = 0;
  int64_t asset_key = 0;  // AssetHead::key of its asset
  std::string_view policy_id;
  ViolationStatus status = ViolationStatus::Open;
  std::string_view severity;
  std::string_view message;
  int64_t exception_id = 0;  // 0: none
  // Whether it was ever open or exempted: false for an unknown finding
  // stored from its first scan that was never found failing.
  bool ever_violated = true;
  // About how many rows the stream gives (a hint for reserving; 0: unknown).
  int64_t rows_hint = 0;
};

// How many tracked violations of one policy on one account's assets have
// one status (Store::violation_counts).
struct ViolationCount {
  std::string policy_id, account;
  ViolationStatus status = ViolationStatus::Open;
  int64_t count = 0;
};

// How many live (not deleted) assets of one type one account has
// (Store::live_asset_counts).
struct AssetCount {
  std::string account, type;
  int64_t count = 0;
};

struct ViolationEvent {
  int64_t violation_id = 0;
  Time at{};
  int64_t scan_id = 0;  // 0 for events outside a scan (exception revoke)
  std::optional<ViolationStatus> from;  // absent for the opening event
  ViolationStatus to = ViolationStatus::Open;
  std::string reason;
  std::string message;
};

// Orders of a violation list. Severity ranks critical 4, high 3, medium 2,
// low 1, info 0 and any other word -1; times are milliseconds since the epoch.
enum class ViolationSort { Id, Severity, FirstSeen, LastChange };
std::string_view to_string(ViolationSort s);
std::optional<ViolationSort> violation_sort_from(std::string_view text);
int severity_rank(std::string_view severity);
// The value a row sorts by under `sort` (the id for ViolationSort::Id).
int64_t violation_sort_value(const Violation& v, ViolationSort sort);

struct ViolationFilter {
  std::vector<ViolationStatus> statuses;  // empty: all
  std::optional<std::string> policy_id, account, region, type, severity, category;
  std::optional<std::string> asset_id;    // the asset's id (ARN), exactly
  std::optional<std::string> group;       // membership as of the group's last computation
  // A caller's scope: only assets that are members of at least one of these
  // groups (empty: no restriction). A group that does not exist adds nothing.
  std::vector<std::string> within_groups;
  size_t limit = 0;                       // 0: no limit
  // The rows' order; ids break ties, so every order is total.
  ViolationSort sort = ViolationSort::Id;
  // Keyset paging: only rows after (after_value, after_id) in the order
  // (0: from the first). after_value is the last row's violation_sort_value()
  // and is ignored for ViolationSort::Id.
  int64_t after_id = 0;
  int64_t after_value = 0;
  // The order reversed (ids newest first, severity most severe first,
  // times latest first); "after" then means "below".
  bool descending = false;
};

// A change to an existing violation; the store appends the event too.
struct ViolationUpdate {
  int64_t id = 0;
  ViolationStatus to = ViolationStatus::Open;
  std::string reason;
  std::string message;   // new message (also when unchanged)
  std::string severity;  // may change with a severity override
  std::string close_reason;
  std::optional<int64_t> exception_id;
};

// --------------------------------------------------------- exceptions

// A per-resource exception names one (policy, asset); a sticky one selects
// policies (ids, category, severity) and assets (group name or CEL
// condition) and covers assets that appear later.
struct ExceptionRecord {
  int64_t id = 0;
  bool sticky = false;
  // Per-resource:
  std::string policy_id, asset_id;
  // Sticky selectors (empty = any):
  std::vector<std::string> policy_ids;
  std::string category, severity;
  std::string group;          // asset group name
  std::string condition;      // CEL over the asset
  std::string reason, requested_by, granted_by, ticket;
  Time created{};
  Time expires{};
  std::optional<Time> revoked;
  std::string revoked_by, revoke_reason;
};

struct AuditEntry {
  int64_t id = 0;
  Time at{};
  std::string actor;   // who
  std::string action;  // "exception.grant", "exception.revoke", "exception.expire", "group.add", ...
  std::string object;  // "exception:12"
  nlohmann::json details;  // what and why
};

// --------------------------------------------------------------- groups

struct GroupRecord {
  std::string name;
  std::string description;
  nlohmann::json criteria;  // {"accounts": [], "regions": [], "types": [], "tags": {k: v}, "condition": "CEL"}
  std::string origin;       // "config" or "cli"
};

// ------------------------------------------- users, sessions, API tokens

// Who may use the API (src/auth). Roles are "viewer", "operator", "admin";
// `groups` limits what the user sees to those asset groups (empty: all).
struct UserRecord {
  int64_t id = 0;
  std::string name;
  std::string password_hash;  // Argon2id encoded; empty: cannot log in with a password
  std::string role;
  std::vector<std::string> groups;
  bool must_change_password = false;  // a one-time password: change it before anything else
  bool disabled = false;
  Time created{};
  // Single sign-on (auth/sso_login.h): "<issuer> <sub>", the provider's id
  // of the person the account belongs to; empty for a local account. Set
  // when the account is made; update_user() never changes it.
  std::string sso_subject;
};

// A login session: the browser holds the secret in a cookie, the store only
// its digest (auth/secrets.h), and the CSRF token the session's pages send.
struct SessionRecord {
  std::string digest;
  int64_t user_id = 0;
  std::string csrf;
  std::string address;  // where the login came from
  Time created{};
  Time expires{};
};

// An API token for automation: shown once, stored as a digest, at most the
// role and groups of the user who made it, always expiring.
struct TokenRecord {
  int64_t id = 0;
  std::string name;
  std::string digest;
  int64_t user_id = 0;
  std::string user;  // the owner's name (read only)
  std::string role;
  std::vector<std::string> groups;
  Time created{};
  Time expires{};
  std::optional<Time> revoked;
};

// ------------------------------------------------------------- scoring

struct ScoreRow {
  std::string day;        // "2026-11-26" (UTC)
  std::string dimension;  // "overall", "group", "account", "category", "severity", "policy"
  std::string key;        // "" for overall
  double score = 0;       // 0..100
  uint64_t evaluated = 0, violations = 0, compliant = 0, exempted = 0, unknown = 0;
};

// ------------------------------------------------------------ schedule

struct ScheduleState {
  std::string source;
  std::optional<Time> last_run, next_run;
  std::string last_status;  // "completed", "failed: ..."
};

// ------------------------------------------------ notification outbox
//
// Messages waiting to be delivered (src/notify). One row per message and
// channel ("email", "webhook:<name>"); `key` is unique: enqueuing a key
// already stored is a no-op, so a restart never sends a message twice. A
// row stays until delivered: a failed attempt records its error and the
// next attempt time (backoff chosen by the caller); after the caller's last
// attempt the row is `abandoned` (kept, with its last error, for people).

struct OutboxMessage {
  int64_t id = 0;       // assigned by the store
  std::string key;      // idempotency key, unique
  std::string channel;  // "email", "webhook:<name>"
  std::string kind;     // the event kind ("violations-opened", ...)
  std::string payload;  // the message (notify/message.h JSON)
  Time created{};
  Time next_attempt{};  // due when <= now
  int attempts = 0;
  std::string last_error;  // of the last failed attempt
  std::optional<Time> sent;
  bool abandoned = false;  // no more attempts
};

// ------------------------------------------------------------ fix runs
//
// One remediation of one violation (src/fix, docs/autofix.md): its plan
// (the exact AWS calls, the backup of what they change, the undo calls),
// who ran it, when, and how it went. A run is recorded `executing` (or
// `undoing`) BEFORE its first AWS call, so a process that dies mid-way
// leaves a row that says so: the next `vigil fix` re-reads the resource to
// decide what happened, never repeating a call blindly.

enum class FixState { Planned, Executing, Executed, Verified, Failed, Undoing, Undone };
std::string_view to_string(FixState s);
std::optional<FixState> fix_state_from(std::string_view text);

struct FixRun {
  int64_t id = 0;  // assigned by the store
  int64_t violation_id = 0;
  std::string action;  // fix action id ("s3-block-public-access")
  std::string policy_id, asset_id, account;
  FixState state = FixState::Planned;
  nlohmann::json plan;  // fix/action.h FixPlan JSON (calls, backup, undo, digest)
  std::string actor;    // who ran it
  Time created{}, updated{};
  // What happened: per call outcome, the verification, the asset before and
  // after ({"calls": [...], "verify": {...}, "before": {...}, "after": {...}}).
  nlohmann::json result = nlohmann::json::object();
  std::string error;  // why Failed (or the last problem)
};

struct FixRunFilter {
  std::vector<FixState> states;  // empty: all
  std::optional<int64_t> violation_id;
  size_t limit = 0;  // 0: no limit
};

// ---------------------------------------------- scheduled fixes (AutoFix)
//
// A violation's fix waiting out its grace period (src/fix/autofix_*.h,
// docs/autofix.md); stored by sqlite/fix_schedule.cpp (SQLite migration 12)
// and postgres/fix_schedule.cpp (PostgreSQL migration 3).
//  - At most one plan per violation is active (scheduled, running,
//    awaiting-approval): adding another is an Error of kind Conflict.
//  - Every change of a plan is written with its notices (outbox rows,
//    stored keys skipped) and its audit entry in one transaction: a plan is
//    never recorded without its notice, nor a notice queued without its plan.
//  - `running` is written before the runner is called; a plan found
//    `running` by a later process is resolved from its fix run.

enum class PlanState {
  Scheduled,         // waiting for `due`
  Running,           // handed to the runner (fix/runner.h)
  AwaitingApproval,  // mode manual, due: waits for an operator's `vigil fix apply`
  Suspended,         // a check failed or could not be made (reason): never executed
  Cancelled,         // the violation was exempted or closed before the due time
  Applied,           // the fix run verified the fix; the violation is closed
  Failed,            // the fix run failed (reason); not retried
  DryRun,            // dry-run mode: the run recorded `planned`, nothing sent
};
std::string_view to_string(PlanState s);  // "scheduled", "awaiting-approval", ...
std::optional<PlanState> plan_state_from(std::string_view text);

struct ScheduledFix {
  int64_t id = 0;  // assigned by the store
  int64_t violation_id = 0;
  std::string action, policy_id, asset_id, account;
  std::string mode = "auto";  // the policy's autofix mode: "auto" or "manual"
  PlanState state = PlanState::Scheduled;
  nlohmann::json plan;                  // fix/action.h FixPlan JSON (calls, backup, undo, digest)
  std::string digest;                   // the plan's digest: the resource as the owner was told
  std::vector<std::string> recipients;  // who is told (owners and the policy's notify)
  Time created{}, due{}, updated{};
  std::optional<Time> started;    // when it was handed to the runner (rate limits count these)
  std::optional<int64_t> run_id;  // its fix run
  std::string reason;             // why the last change (suspended, rescheduled, failed, ...)
};

struct ScheduledFixFilter {
  std::vector<PlanState> states;  // empty: all
  std::optional<int64_t> violation_id;
  std::optional<Time> due_by;         // due <= this
  std::optional<Time> started_since;  // started >= this
  size_t limit = 0;                   // 0: no limit
};

// ------------------------------------------------------ one scan's write

struct ScanChanges {
  int64_t scan_id = 0;
  Time finished{};
  ScanState state = ScanState::Completed;
  std::string error;
  std::vector<ScopeStatus> scopes;
  uint64_t assets = 0, evaluations = 0, violations = 0, compliant = 0, unknown = 0, exempted = 0;
  nlohmann::json timings;

  std::vector<AssetVersionWrite> asset_versions;  // new assets and changed content
  std::vector<std::string> deleted_assets;         // ids gone from a successfully collected scope
  // id ignored (the store assigns one) and so are asset type/account/region/
  // name (the asset row has them): only asset.id is read.
  std::vector<Violation> new_violations;
  // Optional pull sources, for millions of rows without holding them all
  // (5M Violation objects take ~3 GB): the store calls each inside the
  // transaction, after the vector above, until it returns false; each call
  // fills `out` (reuse its buffers) and returns true. Equivalent to
  // appending the rows to the vectors.
  std::function<bool(AssetVersionWrite& out)> more_asset_versions;
  std::function<bool(Violation& out)> more_new_violations;
  std::vector<ViolationUpdate> violation_updates;  // event added per update
  // Group membership: full replacement per group listed (groups not listed keep theirs).
  std::vector<std::pair<std::string, std::vector<std::string>>> group_members;
  std::vector<ScoreRow> scores;                    // upserted by (day, dimension, key)
  std::vector<AuditEntry> audit;                   // e.g. exception expiries noticed by this scan
  // Notifications caused by this scan, enqueued in its transaction (keys
  // already stored are skipped).
  std::vector<OutboxMessage> outbox;
};

// ------------------------------------------------------------------ jobs
//
// The work queue of several `vigil` processes sharing one store
// (daemon/jobs.h, `vigil worker`). A scan of a source is a `run` of jobs:
// one `scan` job (the whole source), or `collect` jobs (a part of a live
// AWS collection each) and one `reconcile` job (assess and record them).
//
// Claiming: a job is claimable when queued, or running with its lease
// expired (its worker died or stalled: it is taken over, attempts + 1). A
// `reconcile` job is claimable only when no `collect` job of its run is
// queued or running. Jobs are claimed in id order; a claim is atomic, so
// two workers never hold the same job (PostgreSQL: FOR UPDATE SKIP LOCKED;
// SQLite: one write transaction). A job whose lease expired with
// `attempts` already at `max_attempts` is failed ("lost by ... N times")
// instead of being claimed again.
//
// Only the holder (worker name and an unexpired claim) may renew or finish
// a job: anyone else gets Conflict, and must drop what it was doing.
//
// Housekeeping: finishing a `reconcile` job empties the results of its
// run's collect jobs (the parts are recorded or given up); a claim deletes
// jobs finished more than kJobsKept ago.
struct JobRecord {
  int64_t id = 0;
  std::string run;                                    // every job of one scan shares it
  std::string kind;                                   // "scan" | "collect" | "reconcile"
  std::string source;                                 // the vigil.yaml source's name
  nlohmann::json payload = nlohmann::json::object();  // kind-specific (daemon/jobs.h)
  std::string state = "queued";                       // queued | running | done | failed
  int attempts = 0, max_attempts = 3;
  std::string worker;  // the last claimer
  Time created{};
  std::optional<Time> started, lease_until, finished;
  std::string result;  // done: kind-specific text (a collect job's capture part)
  std::string error;   // failed: why
};

inline constexpr std::chrono::hours kJobsKept{24 * 7};

struct JobFilter {
  std::string run;               // empty: any
  bool unfinished_only = false;  // queued or running
  bool with_results = false;     // read `result` (may be large)
  size_t limit = 0;              // 0: no limit
};

// -------------------------------------------------------------- the store

class Store {
 public:
  virtual ~Store() = default;

  // Scans
  //
  // Recording scans is one process at a time. acquire_writer() takes the
  // store's writer lock, waiting up to `wait` for another process to let it
  // go; the error names the scan that process is recording. The
  // lock is held until release_writer() or the Store is destroyed, and the
  // OS drops it when the process dies. begin_scan() takes it without
  // waiting when it is not held. So a scan still `running` while this
  // process holds the lock belongs to a process that died, and begin_scan()
  // marks it interrupted; a live scan is never marked.
  virtual Status acquire_writer(std::chrono::milliseconds wait) = 0;
  virtual void release_writer() = 0;
  virtual Result<int64_t> begin_scan(const ScanRecord& scan) = 0;  // state Running; returns id
  // Atomic. Errors (nothing written): scan not running, an unknown violation
  // id in an update, a violation or group member naming an asset not in the
  // store, a group not defined (put_group first), an unknown deleted asset.
  virtual Status apply_scan(const ScanChanges& changes) = 0;
  virtual Status fail_scan(int64_t scan_id, Time finished, const std::string& error) = 0;
  // After apply_scan() or fail_scan() committed: the wall-clock time the
  // scan really ended and its final step timings (the write step can only
  // be timed once it is done). Replaces finished and timings only. Errors:
  // no such scan, or the scan is still running.
  virtual Status finish_scan_timing(int64_t scan_id, Time finished,
                                    const nlohmann::json& timings) = 0;
  virtual Result<std::vector<ScanRecord>> list_scans(const RecordPage& page) = 0;  // newest first
  // The completed scan with the latest observation time (`started`), scopes
  // not loaded; none when no scan completed.
  virtual Result<std::optional<ScanRecord>> latest_completed_scan() = 0;
  virtual Result<std::optional<ScanRecord>> get_scan(int64_t id) = 0;
  virtual Result<ScanStamp> newest_scan_stamp() = 0;  // one row read

  // Assets
  virtual Result<std::vector<AssetHead>> asset_heads() = 0;  // every asset ever seen, deleted included
  // Streaming forms for millions of rows: `visit` is called once per row in
  // key order (the same rows as the vector forms), without materializing the
  // whole set; return false from it to stop early (still Ok).
  virtual Status for_each_asset_head(const std::function<bool(const AssetHead&)>& visit) = 0;
  // The live (not deleted) assets counted by (account, type), sorted by
  // those; only `account`'s when given. One aggregate query.
  virtual Result<std::vector<AssetCount>> live_asset_counts(
      const std::optional<std::string>& account) = 0;
  virtual Result<std::vector<AssetDelta>> asset_deltas(const AssetDeltaFilter& filter) = 0;
  // The same deltas, one at a time (by asset id), holding only the current
  // one's contents: a first scan of 1M assets is ~2 GB of contents.
  virtual Status for_each_asset_delta(const AssetDeltaFilter& filter,
                                      const std::function<bool(const AssetDelta&)>& visit) = 0;
  virtual Result<std::vector<AssetVersion>> asset_history(const std::string& asset_id) = 0;
  // Assets by key (asset_browse.cpp); the visit returns false to stop.
  virtual Status for_each_asset(const AssetFilter& filter,
                                const std::function<bool(const AssetListing&)>& visit) = 0;
  virtual Result<std::vector<AssetTimelineEntry>> asset_timeline(int64_t key) = 0;
  // One content version of an asset (nullopt: no such asset or version).
  virtual Result<std::optional<AssetVersion>> asset_version(int64_t key, int version) = 0;
  // Assets whose id, name, tags or configuration values contain every word
  // of `words` (prefixes of words), best first; within_groups as in
  // AssetFilter. Deleted assets are not searched.
  // Adds up to `max_versions` asset versions written since the last call to
  // the search index; returns how many it added (0: the index is current).
  // Search sees a scan's assets once this has run after it.
  virtual Result<size_t> index_search(size_t max_versions) = 0;
  virtual Result<std::vector<AssetMatch>> search_assets(
      const std::string& words, const std::vector<std::string>& within_groups, size_t limit) = 0;

  // Violations
  virtual Result<std::vector<Violation>> violations(const ViolationFilter& filter) = 0;
  // Every policy id a violation was ever recorded for, sorted.
  virtual Result<std::vector<std::string>> policy_ids() = 0;  // by id
  // The violations of `policies` (ids; none: no rows) that are not closed
  // (open, exempted, unknown) counted by (policy, account of the asset,
  // status), sorted by those; only `account`'s when given. One aggregate
  // query: no row per violation leaves the store.
  virtual Result<std::vector<ViolationCount>> violation_counts(
      const std::vector<std::string>& policies, const std::optional<std::string>& account) = 0;
  virtual Status for_each_violation(const ViolationFilter& filter,
                                    const std::function<bool(const Violation&)>& visit) = 0;
  // Every violation (all statuses, by id) in its compact form, for the
  // tracker's reconcile of millions of rows; `visit` returns false to stop.
  virtual Status for_each_violation_state(
      const std::function<bool(const ViolationState&)>& visit) = 0;
  // Another handle on the same store for reading on another thread while
  // this one is used (SQLite: a second connection to the file; WAL lets it
  // read while this one writes). The tracker streams heads and violations
  // through two handles at once. Errors: those of opening the store.
  virtual Result<std::unique_ptr<Store>> open_reader() = 0;
  virtual Result<std::optional<Violation>> violation(int64_t id) = 0;
  // Oldest first; the first is the opening event (reason "opened", or the
  // initial status for a violation born exempted/unknown). Empty: no such id.
  virtual Result<std::vector<ViolationEvent>> violation_events(int64_t id) = 0;
  // Outside a scan (revoking an exception re-opens its violations at once).
  virtual Status update_violations(const std::vector<ViolationUpdate>& updates, Time at) = 0;

  // Exceptions and audit (grant/revoke write their audit entry in the same transaction)
  virtual Result<int64_t> add_exception(const ExceptionRecord& exception, const AuditEntry& audit) = 0;
  virtual Status revoke_exception(int64_t id, Time at, const std::string& by, const std::string& reason,
                                  const AuditEntry& audit) = 0;
  // The same, and `updates` (the violations the exception exempted, moved
  // to another exception or back to open; events at `at`, no scan) in the
  // same transaction.
  virtual Status revoke_exception(int64_t id, Time at, const std::string& by, const std::string& reason,
                                  const AuditEntry& audit,
                                  const std::vector<ViolationUpdate>& updates) = 0;
  virtual Result<std::vector<ExceptionRecord>> exceptions(bool include_inactive, Time now) = 0;
  virtual Result<std::optional<ExceptionRecord>> exception(int64_t id) = 0;
  virtual Result<std::vector<AuditEntry>> audit_log(const RecordPage& page) = 0;  // newest first

  // Groups
  virtual Status put_group(const GroupRecord& group, const AuditEntry& audit) = 0;  // insert or replace
  virtual Status delete_group(const std::string& name, const AuditEntry& audit) = 0;
  virtual Result<std::vector<GroupRecord>> groups() = 0;
  virtual Result<std::vector<std::string>> group_members(const std::string& name) = 0;

  // Users, sessions and API tokens. Every change that is not a session
  // writes its audit entry in the same transaction. Errors: a name taken
  // (kind Conflict), no such user or token (NotFound).
  virtual Result<int64_t> add_user(const UserRecord& user, const AuditEntry& audit) = 0;
  // Replaces role, groups, password hash, must_change_password, disabled of
  // the user `user.name`; ends the user's sessions when `end_sessions`.
  virtual Status update_user(const UserRecord& user, bool end_sessions,
                             const AuditEntry& audit) = 0;
  virtual Status delete_user(const std::string& name,
                             const AuditEntry& audit) = 0;  // its sessions and tokens too
  virtual Result<std::optional<UserRecord>> user(const std::string& name) = 0;
  virtual Result<std::optional<UserRecord>> user_by_id(int64_t id) = 0;
  virtual Result<std::vector<UserRecord>> users() = 0;  // by name
  virtual Status add_session(const SessionRecord& session) = 0;
  // The session with that digest, unless it expired by `now`.
  virtual Result<std::optional<SessionRecord>> session(const std::string& digest, Time now) = 0;
  virtual Status delete_session(const std::string& digest) = 0;
  virtual Result<int64_t> add_token(const TokenRecord& token, const AuditEntry& audit) = 0;
  virtual Result<std::optional<TokenRecord>> token(
      const std::string& digest) = 0;                     // revoked and expired included
  virtual Result<std::vector<TokenRecord>> tokens() = 0;  // newest first
  virtual Status revoke_token(int64_t id, Time at, const AuditEntry& audit) = 0;
  // An audit entry on its own (a login, a logout, a refused request).
  virtual Status record_audit(const AuditEntry& audit) = 0;

  // Scores
  virtual Result<std::vector<ScoreRow>> scores(const std::string& dimension, const std::string& from_day,
                                               const std::string& to_day) = 0;

  // Scheduler
  virtual Status put_schedule(const ScheduleState& state) = 0;
  virtual Result<std::vector<ScheduleState>> schedules() = 0;

  // Notification outbox (see OutboxMessage). enqueue returns how many were
  // new (a stored key is skipped, not an error).
  virtual Result<size_t> enqueue_messages(const std::vector<OutboxMessage>& messages) = 0;
  // Not sent, not abandoned, next_attempt <= now; earliest due first.
  virtual Result<std::vector<OutboxMessage>> due_messages(Time now, size_t limit) = 0;
  virtual Status mark_message_sent(int64_t id, Time at) = 0;
  // A failed attempt: attempts + 1, its error, and the next attempt time
  // (absent: abandoned).
  virtual Status mark_message_failed(int64_t id, const std::string& error,
                                     std::optional<Time> next_attempt) = 0;
  // Every row, newest first (`vigil`, tests); 0: no limit.
  virtual Result<std::vector<OutboxMessage>> outbox_messages(size_t limit) = 0;

  // Fix runs (FixRun). add_fix_run and update_fix_run write their audit
  // entry in the same transaction; update_fix_run also applies `updates`
  // (the violation closed as auto-fixed, or reopened by an undo; events at
  // `run.updated`, no scan). Errors: no such run (NotFound).
  virtual Result<int64_t> add_fix_run(const FixRun& run, const AuditEntry& audit) = 0;
  virtual Status update_fix_run(const FixRun& run, const std::vector<ViolationUpdate>& updates,
                                const AuditEntry& audit) = 0;
  virtual Result<std::optional<FixRun>> fix_run(int64_t id) = 0;
  virtual Result<std::vector<FixRun>> fix_runs(const FixRunFilter& filter) = 0;  // newest first

  // Scheduled fixes (ScheduledFix, AutoFix's grace period).
  // add: the plan with its notices and audit entry (Conflict: the violation
  // has an active plan); update: state, due, updated, started, run_id and
  // reason, with its notices and audit entry (NotFound: no such plan).
  virtual Result<int64_t> add_scheduled_fix(const ScheduledFix& plan,
                                            const std::vector<OutboxMessage>& notices,
                                            const AuditEntry& audit) = 0;
  virtual Status update_scheduled_fix(const ScheduledFix& plan,
                                      const std::vector<OutboxMessage>& notices,
                                      const AuditEntry& audit) = 0;
  // Earliest due first, then by id.
  virtual Result<std::vector<ScheduledFix>> scheduled_fixes(const ScheduledFixFilter& filter) = 0;

  // Jobs (JobRecord). enqueue: all in one transaction, ids in order.
  virtual Result<std::vector<int64_t>> enqueue_jobs(const std::vector<JobRecord>& jobs) = 0;
  // The first claimable job, now running for `worker` until `lease_until`
  // (without its result); none: nothing to do.
  virtual Result<std::optional<JobRecord>> claim_job(const std::string& worker, Time now,
                                                     Time lease_until) = 0;
  // Conflict when `worker` no longer holds job `id` (taken over, finished).
  virtual Status renew_job(int64_t id, const std::string& worker, Time lease_until) = 0;
  // `state` "done" (with `result`) or "failed" (with `error`); Conflict as renew_job.
  virtual Status finish_job(int64_t id, const std::string& worker, const std::string& state,
                            const std::string& result, const std::string& error, Time at) = 0;
  virtual Result<std::vector<JobRecord>> jobs(const JobFilter& filter) = 0;  // by id

  // Scheduling leadership among several `vigil serve` processes on one
  // store: true when this Store now holds it (or already did). Held until
  // the Store is destroyed or the process dies (PostgreSQL: a session
  // advisory lock; SQLite: a flock on "<file>.leader").
  virtual Result<bool> try_leadership() = 0;
};

// Opens (creating if needed) a store from a URL-ish location:
//   "path/to/vigil.db" or "sqlite:path/to/vigil.db"  -> SQLite (WAL, foreign keys, migrations
//   applied) "postgresql://..." or "postgres://..."             -> PostgreSQL (libpq URI;
//   migrations applied)
// Releases the store's writer lock (Store::acquire_writer) when it goes out
// of scope.
class WriterRelease {
 public:
  explicit WriterRelease(Store& store) : store_(store) {}
  ~WriterRelease() { store_.release_writer(); }
  WriterRelease(const WriterRelease&) = delete;
  WriterRelease& operator=(const WriterRelease&) = delete;

 private:
  Store& store_;
};

// OpenMode::ReadOnly: for commands that only read (lists, reports): nothing
// is created or written, so a file the user may only read can be read; a
// store whose schema is older than this vigil's is refused (it would need a
// migration).
enum class OpenMode { ReadWrite, ReadOnly };
Result<std::unique_ptr<Store>> open_store(const std::string& location,
                                          OpenMode mode = OpenMode::ReadWrite);

}  // namespace vigil::store
