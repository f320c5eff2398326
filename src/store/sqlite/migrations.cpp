// The schema of the SQLite store, one numbered SQL block per migration.
// docs/store.md explains the tables; never edit a released block, add one.
//
// Conventions: times are INTEGER milliseconds since the Unix epoch (UTC);
// content hashes are the uint64 bit pattern stored as INTEGER; internal keys
// are INTEGER PRIMARY KEY (the rowid) and text identities (asset ids, policy
// ids, group names) are stored once and referenced by key.
#include "store/sqlite/migrations.h"

#include <fmt/format.h>

#include <chrono>

namespace vigil::store::sqlite {

namespace {

constexpr std::string_view kMigration1 = R"sql(
CREATE TABLE scans (
  id          INTEGER PRIMARY KEY,
  source      TEXT    NOT NULL,
  scope       TEXT    NOT NULL DEFAULT '{}',
  started     INTEGER NOT NULL,
  finished    INTEGER,
  state       TEXT    NOT NULL CHECK (state IN ('running', 'completed', 'failed', 'interrupted')),
  error       TEXT    NOT NULL DEFAULT '',
  assets      INTEGER NOT NULL DEFAULT 0,
  evaluations INTEGER NOT NULL DEFAULT 0,
  violations  INTEGER NOT NULL DEFAULT 0,
  compliant   INTEGER NOT NULL DEFAULT 0,
  unknown     INTEGER NOT NULL DEFAULT 0,
  exempted    INTEGER NOT NULL DEFAULT 0,
  timings     TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX scans_running ON scans(state) WHERE state = 'running';

CREATE TABLE scan_scopes (
  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  account TEXT    NOT NULL,
  region  TEXT    NOT NULL,
  type    TEXT    NOT NULL,
  ok      INTEGER NOT NULL,
  error   TEXT    NOT NULL DEFAULT '',
  assets  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (scan_id, account, region, type)
) WITHOUT ROWID;

-- One row per asset ever seen; version/hash are the head (latest content).
CREATE TABLE assets (
  id         INTEGER PRIMARY KEY,
  uid        TEXT    NOT NULL UNIQUE,
  type       TEXT    NOT NULL,
  account    TEXT    NOT NULL,
  region     TEXT    NOT NULL,
  name       TEXT    NOT NULL DEFAULT '',
  first_seen INTEGER NOT NULL,
  deleted_at INTEGER,
  version    INTEGER NOT NULL,
  hash       INTEGER NOT NULL
);
CREATE INDEX assets_by_account ON assets(account, type);

-- Content versions and deletion markers (version, hash and content NULL).
-- The asset's state at time T is its last row with valid_from <= T.
-- encoding: 0 = content is the JSON text, 1 = zlib-compressed JSON.
CREATE TABLE asset_versions (
  id         INTEGER PRIMARY KEY,
  asset      INTEGER NOT NULL REFERENCES assets(id),
  version    INTEGER,
  valid_from INTEGER NOT NULL,
  scan_id    INTEGER NOT NULL REFERENCES scans(id),
  hash       INTEGER,
  encoding   INTEGER NOT NULL DEFAULT 0,
  content    BLOB
);
CREATE INDEX asset_versions_by_asset ON asset_versions(asset, valid_from);
CREATE INDEX asset_versions_by_time ON asset_versions(valid_from);

CREATE TABLE policies (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);

CREATE TABLE exceptions (
  id            INTEGER PRIMARY KEY,
  sticky        INTEGER NOT NULL,
  policy_id     TEXT    NOT NULL DEFAULT '',
  asset_id      TEXT    NOT NULL DEFAULT '',
  policy_ids    TEXT    NOT NULL DEFAULT '[]',
  category      TEXT    NOT NULL DEFAULT '',
  severity      TEXT    NOT NULL DEFAULT '',
  group_name    TEXT    NOT NULL DEFAULT '',
  condition     TEXT    NOT NULL DEFAULT '',
  reason        TEXT    NOT NULL DEFAULT '',
  requested_by  TEXT    NOT NULL DEFAULT '',
  granted_by    TEXT    NOT NULL DEFAULT '',
  ticket        TEXT    NOT NULL DEFAULT '',
  created       INTEGER NOT NULL,
  expires       INTEGER NOT NULL,
  revoked       INTEGER,
  revoked_by    TEXT    NOT NULL DEFAULT '',
  revoke_reason TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX exceptions_active ON exceptions(expires) WHERE revoked IS NULL;

CREATE TABLE violations (
  id           INTEGER PRIMARY KEY,
  policy       INTEGER NOT NULL REFERENCES policies(id),
  asset        INTEGER NOT NULL REFERENCES assets(id),
  status       TEXT    NOT NULL CHECK (status IN ('open', 'exempted', 'closed', 'unknown')),
  severity     TEXT    NOT NULL,
  category     TEXT    NOT NULL,
  message      TEXT    NOT NULL,
  first_seen   INTEGER NOT NULL,
  last_change  INTEGER NOT NULL,
  close_reason TEXT    NOT NULL DEFAULT '',
  exception_id INTEGER REFERENCES exceptions(id),
  opened_scan  INTEGER REFERENCES scans(id),
  UNIQUE (asset, policy)
);
CREATE INDEX violations_by_policy ON violations(policy);
-- Most rows are open; listing open violations reads the table in id order,
-- so only the other statuses are indexed (queries repeat the WHERE term).
CREATE INDEX violations_not_open ON violations(status, severity) WHERE status <> 'open';

-- seq numbers the events of one violation from 1; clustered by violation.
-- The opening event (seq 1) is written lazily: while a violation has no
-- event rows, its opening event is read from the violation row itself
-- (first_seen, opened_scan, status, message), which has not changed since;
-- the first update writes it before its own event. A first scan of millions
-- of violations thus writes one row per violation, not two.
CREATE TABLE violation_events (
  violation   INTEGER NOT NULL REFERENCES violations(id),
  seq         INTEGER NOT NULL,
  at          INTEGER NOT NULL,
  scan_id     INTEGER REFERENCES scans(id),
  from_status TEXT,
  to_status   TEXT    NOT NULL,
  reason      TEXT    NOT NULL,
  message     TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (violation, seq)
) WITHOUT ROWID;

CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY,
  at      INTEGER NOT NULL,
  actor   TEXT    NOT NULL,
  action  TEXT    NOT NULL,
  object  TEXT    NOT NULL,
  details TEXT    NOT NULL DEFAULT '{}'
);

CREATE TABLE asset_groups (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  criteria    TEXT NOT NULL DEFAULT '{}',
  origin      TEXT NOT NULL DEFAULT ''
);

CREATE TABLE group_members (
  group_id INTEGER NOT NULL REFERENCES asset_groups(id) ON DELETE CASCADE,
  asset    INTEGER NOT NULL REFERENCES assets(id),
  PRIMARY KEY (group_id, asset)
) WITHOUT ROWID;

CREATE TABLE score_snapshots (
  day        TEXT    NOT NULL,
  dimension  TEXT    NOT NULL,
  key        TEXT    NOT NULL,
  score      REAL    NOT NULL,
  evaluated  INTEGER NOT NULL DEFAULT 0,
  violations INTEGER NOT NULL DEFAULT 0,
  compliant  INTEGER NOT NULL DEFAULT 0,
  exempted   INTEGER NOT NULL DEFAULT 0,
  unknown    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (dimension, day, key)
) WITHOUT ROWID;

CREATE TABLE schedules (
  source      TEXT PRIMARY KEY,
  last_run    INTEGER,
  next_run    INTEGER,
  last_status TEXT NOT NULL DEFAULT ''
);
)sql";

// Asset content compressed with Zstandard dictionaries (codec.h): encoding 2
// in asset_versions is a zstd frame; when its header names a dictionary id,
// that is a row here. Rows are written inside the scan that trains them and
// never deleted (old versions keep naming them). A vigil that knows only
// schema 1 cannot decode encoding 2, and refuses this schema on open.
constexpr std::string_view kMigration2 = R"sql(
CREATE TABLE content_dictionaries (
  id      INTEGER PRIMARY KEY,
  created INTEGER NOT NULL,
  scan_id INTEGER REFERENCES scans(id),
  samples INTEGER NOT NULL,
  dict    BLOB    NOT NULL
);
)sql";

// violations.status's CHECK as comparisons instead of an IN list: SQLite
// evaluates an IN list of more than two constants by building a temporary
// b-tree, once per execution of the statement, i.e. per inserted row (2 us of
// a ~5 us insert; docs/performance.md, "Tracker"). The rule is the same, so
// no row changes: only the table's SQL text in sqlite_schema is rewritten
// (SQLite's documented writable_schema procedure for such changes; migrate()
// then bumps schema_version so every connection reloads the schema).
constexpr std::string_view kMigration3 = R"sql(
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
  'CHECK (status IN (''open'', ''exempted'', ''closed'', ''unknown''))',
  'CHECK (status = ''open'' OR status = ''exempted'' OR status = ''closed'' OR status = ''unknown'')')
WHERE type = 'table' AND name = 'violations';
PRAGMA writable_schema = OFF;
)sql";

// Ownership (docs/store.md, "What a scan may change"): an asset belongs to the source of the scan
// that wrote its latest version; only that source's scans may delete it or close its violations.
// Existing rows get the owner their history says.
constexpr std::string_view kMigration4 = R"sql(
ALTER TABLE assets ADD COLUMN source TEXT;
UPDATE assets SET source = (
  SELECT s.source FROM asset_versions v JOIN scans s ON s.id = v.scan_id
  WHERE v.asset = assets.id AND v.version IS NOT NULL
  ORDER BY v.valid_from DESC, v.id DESC LIMIT 1);
)sql";

// Unknown findings are stored from their first scan ("what could we not
// check?"). A row that was never open or exempted must not close as "fixed":
// ever_violated says whether it was. Every existing row was opened as a
// violation.
constexpr std::string_view kMigration5 = R"sql(
ALTER TABLE violations ADD COLUMN ever_violated INTEGER NOT NULL DEFAULT 1;
)sql";

constexpr std::string_view kMigration6 = R"sql(
CREATE TABLE users (
  id                   INTEGER PRIMARY KEY,
  name                 TEXT    NOT NULL UNIQUE,
  password_hash        TEXT    NOT NULL DEFAULT '',
  role                 TEXT    NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  groups               TEXT    NOT NULL DEFAULT '[]',
  must_change_password INTEGER NOT NULL DEFAULT 0,
  disabled             INTEGER NOT NULL DEFAULT 0,
  created              INTEGER NOT NULL
);

CREATE TABLE sessions (
  digest  TEXT    PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf    TEXT    NOT NULL,
  address TEXT    NOT NULL DEFAULT '',
  created INTEGER NOT NULL,
  expires INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id      INTEGER PRIMARY KEY,
  name    TEXT    NOT NULL,
  digest  TEXT    NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role    TEXT    NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  groups  TEXT    NOT NULL DEFAULT '[]',
  created INTEGER NOT NULL,
  expires INTEGER NOT NULL,
  revoked INTEGER
);
)sql";

// The notification outbox (src/notify, store.h OutboxMessage): one row per
// message and channel until delivered; `key` makes enqueuing idempotent.
constexpr std::string_view kMigration7 = R"sql(
CREATE TABLE outbox (
  id           INTEGER PRIMARY KEY,
  key          TEXT    NOT NULL UNIQUE,
  channel      TEXT    NOT NULL,
  kind         TEXT    NOT NULL,
  payload      TEXT    NOT NULL,
  created      INTEGER NOT NULL,
  next_attempt INTEGER NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 0,
  last_error   TEXT    NOT NULL DEFAULT '',
  sent         INTEGER,
  abandoned    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_due ON outbox(next_attempt) WHERE sent IS NULL AND abandoned = 0;
)sql";

// Search over assets (asset_search.cpp): one full-text row per asset content
// version, keyed by asset_versions.id and never deleted (a contentless FTS5
// table cannot delete a row without its original text); a hit counts only
// while it is its asset's latest version. Rows are added after scans by
// Store::index_search, not inside a scan's transaction; search_progress
// holds the last asset_versions.id indexed.
constexpr std::string_view kMigration8 = R"sql(
CREATE VIRTUAL TABLE asset_search USING fts5(uid, name, config, content='', tokenize='unicode61');
CREATE TABLE search_progress (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  indexed_through INTEGER NOT NULL
);
INSERT INTO search_progress VALUES (1, 0);
)sql";

// Single sign-on accounts (auth/sso_login.h): the provider's id of the
// person ("<issuer> <sub>"); '' for local accounts, which every existing one is.
constexpr std::string_view kMigration9 = R"sql(
ALTER TABLE users ADD COLUMN sso_subject TEXT NOT NULL DEFAULT '';
)sql";

// Fix runs (store.h FixRun, src/fix).
constexpr std::string_view kMigration10 = R"sql(
CREATE TABLE fix_runs (
  id           INTEGER PRIMARY KEY,
  violation_id INTEGER NOT NULL REFERENCES violations(id),
  action       TEXT    NOT NULL,
  policy_id    TEXT    NOT NULL,
  asset_id     TEXT    NOT NULL,
  account      TEXT    NOT NULL,
  state        TEXT    NOT NULL CHECK (state IN ('planned', 'executing', 'executed', 'verified',
                                                 'failed', 'undoing', 'undone')),
  plan         TEXT    NOT NULL,
  actor        TEXT    NOT NULL,
  created      INTEGER NOT NULL,
  updated      INTEGER NOT NULL,
  result       TEXT    NOT NULL DEFAULT '{}',
  error        TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX fix_runs_violation ON fix_runs(violation_id);
CREATE INDEX fix_runs_in_flight ON fix_runs(state) WHERE state IN ('executing', 'undoing');
)sql";

// Sorted violation lists (ViolationFilter::sort) read these in order and stop
// after a page. The severity expression is store.h severity_rank(), spelled
// exactly as violation_reads.cpp's sort key (SQLite matches an expression
// index by its text's parse; violation_sort_test checks the plan).
constexpr std::string_view kMigration11 = R"sql(
CREATE INDEX violations_by_severity ON violations(
  (CASE severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2
                 WHEN 'low' THEN 1 WHEN 'info' THEN 0 ELSE -1 END));
CREATE INDEX violations_by_first_seen ON violations(first_seen);
CREATE INDEX violations_by_last_change ON violations(last_change);
)sql";

// Scheduled fixes (store.h ScheduledFix, fix/autofix_*.h): at most one
// active plan per violation (the partial unique index).
constexpr std::string_view kMigration12 = R"sql(
CREATE TABLE fix_schedule (
  id           INTEGER PRIMARY KEY,
  violation_id INTEGER NOT NULL REFERENCES violations(id),
  action       TEXT    NOT NULL,
  policy_id    TEXT    NOT NULL,
  asset_id     TEXT    NOT NULL,
  account      TEXT    NOT NULL,
  mode         TEXT    NOT NULL CHECK (mode IN ('auto', 'manual')),
  state        TEXT    NOT NULL CHECK (state IN ('scheduled', 'running', 'awaiting-approval',
                                                 'suspended', 'cancelled', 'applied', 'failed',
                                                 'dry-run')),
  plan         TEXT    NOT NULL,
  digest       TEXT    NOT NULL,
  recipients   TEXT    NOT NULL DEFAULT '[]',
  created      INTEGER NOT NULL,
  due          INTEGER NOT NULL,
  updated      INTEGER NOT NULL,
  started      INTEGER,
  run_id       INTEGER REFERENCES fix_runs(id),
  reason       TEXT    NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX fix_schedule_active ON fix_schedule(violation_id)
  WHERE state IN ('scheduled', 'running', 'awaiting-approval');
CREATE INDEX fix_schedule_due ON fix_schedule(state, due);
CREATE INDEX fix_schedule_started ON fix_schedule(started) WHERE started IS NOT NULL;
)sql";

// The jobs of several processes sharing the store (store.h JobRecord).
constexpr std::string_view kMigration13 = R"sql(
CREATE TABLE jobs (
  id           INTEGER PRIMARY KEY,
  run          TEXT    NOT NULL,
  kind         TEXT    NOT NULL CHECK (kind IN ('scan', 'collect', 'reconcile')),
  source       TEXT    NOT NULL,
  payload      TEXT    NOT NULL DEFAULT '{}',
  state        TEXT    NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL DEFAULT 3,
  worker       TEXT    NOT NULL DEFAULT '',
  created      INTEGER NOT NULL,
  started      INTEGER,
  lease_until  INTEGER,
  finished     INTEGER,
  result       TEXT    NOT NULL DEFAULT '',
  error        TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX jobs_unfinished ON jobs(state, id) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_run ON jobs(run, kind);
)sql";

// Live assets by (account, type), for Store::live_asset_counts: an
// index-only count (assets_by_account has no deleted_at: counting live
// assets through it reads every row, ~5 s at 1M assets).
constexpr std::string_view kMigration14 = R"sql(
CREATE INDEX assets_live ON assets(account, type) WHERE deleted_at IS NULL;
)sql";

// The dashboard's first filter, open findings of one severity, in id order:
// without it a page of open critical findings read ~27 rows a hit (1M
// assets: 2,700 rows for a page of 100). Used when the query says
// `status = 'open'` (violation_reads.cpp writes one status that way).
constexpr std::string_view kMigration15 = R"sql(
CREATE INDEX violations_open_by_severity ON violations(severity) WHERE status = 'open';
)sql";

constexpr Migration kMigrations[] = {
    {1,
     "scans, assets and versions, violations and events, exceptions, audit, groups, scores, "
     "schedules",
     kMigration1},
    {2, "zstd dictionaries for asset content (asset_versions.encoding 2)", kMigration2},
    {3, "violations.status CHECK without an IN list (no temporary b-tree per insert)", kMigration3},
    {4, "assets.source: the source that owns the asset", kMigration4},
    {5, "violations.ever_violated: unknown findings stored from their first scan", kMigration5},
    {6, "users, sessions and API tokens of the HTTP API", kMigration6},
    {7, "outbox: notifications waiting for delivery", kMigration7},
    {8, "asset_search: full-text search over asset ids, names and configuration", kMigration8},
    {9, "users.sso_subject: accounts made by single sign-on", kMigration9},
    {10, "fix_runs: remediation records (src/fix)", kMigration10},
    {11, "violation sort orders: severity rank, first seen, last change", kMigration11},
    {12, "fix_schedule: AutoFix plans waiting out their grace period", kMigration12},
    {13, "jobs: the work queue of `vigil worker` processes", kMigration13},
    {14, "assets_live: live assets by account and type (framework summaries)", kMigration14},
    {15, "violations_open_by_severity: open findings of one severity in id order", kMigration15},
};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }
int latest_schema_version() { return kMigrations[std::size(kMigrations) - 1].version; }

void check_schema(Database& db) {
  int current = 0;
  {
    auto q = db.query("PRAGMA user_version");
    if (q.step()) current = static_cast<int>(q.int64(0));
  }
  if (current == latest_schema_version()) return;
  if (current > latest_schema_version())
    throw SqliteError(fmt::format(
        "{}: the store's schema is version {}, newer than this vigil knows ({}); use a newer vigil",
        db.path(), current, latest_schema_version()));
  throw SqliteError(fmt::format(
      "{}: the store's schema is version {}, older than this vigil's ({}), and it is opened for "
      "reading only: run a command that writes (e.g. `vigil scan ... --db`) once, with write "
      "access, to upgrade it",
      db.path(), current, latest_schema_version()));
}

void migrate(Database& db) {
  Transaction tx(db);
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL, description TEXT NOT NULL)");
  int current = 0;
  {
    auto q = db.query("SELECT coalesce(max(version), 0) FROM schema_migrations");
    if (q.step()) current = static_cast<int>(q.int64(0));
  }
  if (current > latest_schema_version())
    throw SqliteError(fmt::format(
        "{}: the store's schema is version {}, newer than this vigil knows ({}); use a newer vigil "
        "(a store is never downgraded)",
        db.path(), current, latest_schema_version()));
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  bool applied = false;
  for (const Migration& m : migrations()) {
    if (m.version <= current) continue;
    db.exec(std::string(m.sql).c_str());
    db.query("INSERT INTO schema_migrations(version, applied_at, description) VALUES (?1, ?2, ?3)")
        .bind(1, int64_t{m.version})
        .bind(2, int64_t{now})
        .bind(3, m.description)
        .run();
    current = m.version;
    applied = true;
  }
  if (applied) {
    // A migration may rewrite schema text in place (3): a new schema cookie
    // makes every connection, this one included, parse the schema again.
    int64_t cookie = 0;
    {
      auto q = db.query("PRAGMA schema_version");
      if (q.step()) cookie = q.int64(0);
    }
    db.exec(fmt::format("PRAGMA schema_version = {}", cookie + 1).c_str());
  }
  db.exec(fmt::format("PRAGMA user_version = {}", current).c_str());
  tx.commit();
}

}  // namespace vigil::store::sqlite
