// SqliteStore::apply_scan: one scan's changes in one transaction.
//
// Writes are proportional to the changes given: one row per new or changed
// asset version, per deletion, per new violation (its opening event is implied),
// per violation update (plus its event), per group membership change (the
// membership lists are diffed here against the stored ones), per score and
// audit row; nothing else is touched. Versions, deletion markers and events
// are stamped with the scan's start time (when the state was observed).
#include <fmt/format.h>

#include <unordered_map>
#include <vector>

#include "store/sqlite/codec.h"
#include "store/sqlite/scan_write.h"
#include "store/sqlite/sqlite_store.h"

namespace vigil::store::sqlite {

int64_t SqliteStore::policy_key(const std::string& policy_id) {
  {
    auto q = db_->query("SELECT id FROM policies WHERE name = ?1");
    q.bind(1, policy_id);
    if (q.step()) return q.int64(0);
  }
  db_->query("INSERT INTO policies(name) VALUES (?1)").bind(1, policy_id).run();
  return db_->last_insert_rowid();
}

void SqliteStore::apply_update(const ViolationUpdate& u, int64_t at_ms,
                               std::optional<int64_t> scan_id) {
  std::string from;
  int64_t events = 0;
  {
    auto q = db_->query(
        "SELECT status, (SELECT count(*) FROM violation_events WHERE violation = ?1) FROM "
        "violations WHERE id = ?1");
    q.bind(1, u.id);
    if (!q.step())
      throw SqliteError(fmt::format("update of violation {}: no such violation", u.id));
    from = q.str(0);
    events = q.int64(1);
  }
  if (events == 0) {
    // Materialize the opening event from the row before it changes (see
    // migrations.cpp, violation_events).
    db_->query(
           "INSERT INTO violation_events(violation, seq, at, scan_id, from_status, to_status, "
           "reason, message) "
           "SELECT id, 1, first_seen, opened_scan, NULL, status, CASE status WHEN 'open' THEN "
           "'opened' "
           "ELSE status END, message FROM violations WHERE id = ?1")
        .bind(1, u.id)
        .run();
  }
  db_->query(
         "UPDATE violations SET status = ?2, severity = coalesce(nullif(?3, ''), severity), "
         "message = ?4, close_reason = ?5, exception_id = ?6, last_change = ?7, "
         // first found failing after being only unknown: that is when it was first seen
         "first_seen = CASE WHEN ever_violated = 0 AND (?2 = 'open' OR ?2 = 'exempted') THEN ?7 "
         "ELSE first_seen END, "
         "ever_violated = ever_violated OR ?2 = 'open' OR ?2 = 'exempted' WHERE id = ?1")
      .bind(1, u.id)
      .bind(2, to_string(u.to))
      .bind(3, u.severity)
      .bind(4, u.message)
      .bind(5, u.to == ViolationStatus::Closed ? u.close_reason : std::string())
      .bind(6, u.exception_id)
      .bind(7, at_ms)
      .run();
  db_->query(
         "INSERT INTO violation_events(violation, seq, at, scan_id, from_status, to_status, "
         "reason, message) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
      .bind(1, u.id)
      .bind(2, std::max<int64_t>(events, 1) + 1)
      .bind(3, at_ms)
      .bind(4, scan_id)
      .bind(5, from)
      .bind(6, to_string(u.to))
      .bind(7, u.reason)
      .bind(8, u.message)
      .run();
}

Status SqliteStore::apply_scan(const ScanChanges& changes) {
  Status s = guard_status("apply_scan", [&] {
    Transaction tx(*db_);
    write_changes(changes);
    tx.commit();
  });
  if (!s.ok()) dictionaries_.forget();  // a dictionary trained by this scan was rolled back
  return s;
}

// One scan's changes, in the order they are written. Each step counts its
// rows in `w.progress`.
void SqliteStore::write_changes(const ScanChanges& c) {
  ScanWrite w(options_, c.scan_id);
  w.at = running_scan_start(c.scan_id);
  write_scan_outcome(c);
  write_scopes(c, w);
  write_asset_versions(c, w);
  write_deletions(c, w);
  write_new_violations(c, w);
  write_violation_updates(c, w);
  write_group_members(c, w);
  write_scores(c, w);
  write_audit(c, w);
  w.progress.before_commit();
}

int64_t SqliteStore::running_scan_start(int64_t scan) {
  auto q = db_->query("SELECT state, started FROM scans WHERE id = ?1");
  q.bind(1, scan);
  if (!q.step()) throw SqliteError(fmt::format("no scan with id {} (call begin_scan first)", scan));
  if (q.text(0) != "running")
    throw SqliteError(
        fmt::format("scan {} is {}, not running (a later begin_scan marked it interrupted, or it "
                    "was already recorded)",
                    scan, q.text(0)));
  return q.int64(1);
}

void SqliteStore::write_scan_outcome(const ScanChanges& c) {
  db_->query(
         "UPDATE scans SET finished = ?2, state = ?3, error = ?4, assets = ?5, evaluations = ?6, "
         "violations = ?7, "
         "compliant = ?8, unknown = ?9, exempted = ?10, timings = ?11 WHERE id = ?1")
      .bind(1, c.scan_id)
      .bind(2, to_ms(c.finished))
      .bind(3, to_string(c.state == ScanState::Running ? ScanState::Completed : c.state))
      .bind(4, c.error)
      .bind(5, static_cast<int64_t>(c.assets))
      .bind(6, static_cast<int64_t>(c.evaluations))
      .bind(7, static_cast<int64_t>(c.violations))
      .bind(8, static_cast<int64_t>(c.compliant))
      .bind(9, static_cast<int64_t>(c.unknown))
      .bind(10, static_cast<int64_t>(c.exempted))
      .bind(11, json_text(c.timings))
      .run();
}

void SqliteStore::write_scopes(const ScanChanges& c, ScanWrite& w) {
  for (const ScopeStatus& s : c.scopes) {
    db_->query(
           "INSERT OR REPLACE INTO scan_scopes(scan_id, account, region, type, ok, error, assets) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        .bind(1, w.scan)
        .bind(2, s.key.account)
        .bind(3, s.key.region)
        .bind(4, s.key.type)
        .bind(5, int64_t{s.ok ? 1 : 0})
        .bind(6, s.error)
        .bind(7, static_cast<int64_t>(s.assets))
        .run();
    w.progress.row();
  }
}

// Asset versions: upsert the asset row (head), append the version. Keys of
// the assets written go to `w.asset_keys`, for the violations and groups.
void SqliteStore::write_asset_versions(const ScanChanges& c, ScanWrite& w) {
  // The scan's source owns every asset it writes a version of (the tracker
  // writes versions only of assets the source owns or takes over).
  std::string source;
  {
    auto q = db_->query("SELECT source FROM scans WHERE id = ?1");
    q.bind(1, w.scan);
    if (q.step()) source = q.str(0);
  }
  AssetVersionWriter writer(*db_, dictionaries_, options_, source, w);
  for (const AssetVersionWrite& v : c.asset_versions) writer.write(v);
  if (c.more_asset_versions) {
    AssetVersionWrite v;
    while (c.more_asset_versions(v)) writer.write(v);
  }
  writer.finish();
}

// Deletions: mark the head, append a marker; already deleted is a no-op.
void SqliteStore::write_deletions(const ScanChanges& c, ScanWrite& w) {
  for (const std::string& uid : c.deleted_assets) {
    int64_t key = 0;
    {
      auto q = db_->query("SELECT id, deleted_at FROM assets WHERE uid = ?1");
      q.bind(1, uid);
      if (!q.step()) throw SqliteError(fmt::format("deleting asset {}: not in the store", uid));
      if (!q.is_null(1)) continue;
      key = q.int64(0);
    }
    db_->query("UPDATE assets SET deleted_at = ?2 WHERE id = ?1").bind(1, key).bind(2, w.at).run();
    db_->query("INSERT INTO asset_versions(asset, valid_from, scan_id) VALUES (?1, ?2, ?3)")
        .bind(1, key)
        .bind(2, w.at)
        .bind(3, w.scan)
        .run();
    w.progress.row();
  }
}

// `what`, `name`: context for the error message, e.g. "violation of", policy id.
int64_t SqliteStore::asset_key(const ScanWrite& w, const std::string& uid, std::string_view what,
                               std::string_view name) {
  if (int64_t key = w.asset_keys.get(uid)) return key;
  auto q = db_->query("SELECT id FROM assets WHERE uid = ?1");
  q.bind(1, uid);
  if (!q.step())
    throw SqliteError(fmt::format(
        "{} {} names asset {}, which is not in the store (write its version in the same scan)",
        what, name, uid));
  return q.int64(0);
}

// New violations (their opening events are implied by the row, see
// migrations.cpp).
void SqliteStore::write_new_violations(const ScanChanges& c, ScanWrite& w) {
  std::unordered_map<std::string, int64_t> policies;
  auto insert = db_->query(
      "INSERT INTO violations(policy, asset, status, severity, category, message, first_seen, "
      "last_change, close_reason, exception_id, opened_scan, ever_violated) VALUES (?1, ?2, ?3, "
      "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
  auto write = [&](const Violation& v) {
    auto [it, added] = policies.try_emplace(v.policy_id, 0);
    if (added) it->second = policy_key(v.policy_id);
    int64_t asset = asset_key(w, v.asset.id, "violation of", v.policy_id);
    int64_t first_seen = v.first_seen == Time{} ? w.at : to_ms(v.first_seen);
    int64_t last_change = v.last_change == Time{} ? first_seen : to_ms(v.last_change);
    insert.bind(1, it->second)
        .bind(2, asset)
        .bind(3, to_string(v.status))
        .bind(4, v.severity)
        .bind(5, v.category);
    insert.bind(6, v.message)
        .bind(7, first_seen)
        .bind(8, last_change)
        .bind(9, v.close_reason)
        .bind(10, v.exception_id);
    insert.bind(11, w.scan);
    insert.bind(
        12, int64_t{v.status == ViolationStatus::Open || v.status == ViolationStatus::Exempted});
    insert.run();
    insert.reset();
    w.progress.row();
  };
  for (const Violation& v : c.new_violations) write(v);
  if (c.more_new_violations) {
    Violation v;
    while (c.more_new_violations(v)) write(v);
  }
}

void SqliteStore::write_violation_updates(const ScanChanges& c, ScanWrite& w) {
  for (const ViolationUpdate& u : c.violation_updates) {
    apply_update(u, w.at, w.scan);
    w.progress.row();
  }
}

// Group membership: diff against the stored members.
void SqliteStore::write_group_members(const ScanChanges& c, ScanWrite& w) {
  for (const auto& [name, members] : c.group_members) {
    int64_t group = 0;
    {
      auto q = db_->query("SELECT id FROM asset_groups WHERE name = ?1");
      q.bind(1, name);
      if (!q.step())
        throw SqliteError(
            fmt::format("membership of group {}: no such group (put_group it first)", name));
      group = q.int64(0);
    }
    // Stored members by asset id: a member kept costs a hash lookup, only
    // an added member costs a key lookup and a write.
    std::unordered_map<std::string, std::pair<int64_t, bool>>
        stored;  // uid -> (key, still a member)
    {
      auto q = db_->query(
          "SELECT m.asset, a.uid FROM group_members m JOIN assets a ON a.id = m.asset WHERE "
          "m.group_id = ?1");
      q.bind(1, group);
      while (q.step()) stored.emplace(q.str(1), std::make_pair(q.int64(0), false));
    }
    auto add = db_->query("INSERT OR IGNORE INTO group_members(group_id, asset) VALUES (?1, ?2)");
    for (const std::string& uid : members) {
      if (auto it = stored.find(uid); it != stored.end()) {
        it->second.second = true;
        continue;
      }
      add.bind(1, group).bind(2, asset_key(w, uid, "group", name)).run();
      add.reset();
      w.progress.row();
    }
    auto remove = db_->query("DELETE FROM group_members WHERE group_id = ?1 AND asset = ?2");
    for (const auto& [uid, member] : stored) {
      if (member.second) continue;
      remove.bind(1, group).bind(2, member.first).run();
      remove.reset();
      w.progress.row();
    }
  }
}

void SqliteStore::write_scores(const ScanChanges& c, ScanWrite& w) {
  for (const ScoreRow& s : c.scores) {
    db_->query(
           "INSERT INTO score_snapshots(day, dimension, key, score, evaluated, violations, "
           "compliant, exempted, "
           "unknown) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(dimension, day, key) "
           "DO UPDATE SET "
           "score = excluded.score, evaluated = excluded.evaluated, violations = "
           "excluded.violations, "
           "compliant = excluded.compliant, exempted = excluded.exempted, unknown = "
           "excluded.unknown")
        .bind(1, s.day)
        .bind(2, s.dimension)
        .bind(3, s.key)
        .bind(4, s.score)
        .bind(5, static_cast<int64_t>(s.evaluated))
        .bind(6, static_cast<int64_t>(s.violations))
        .bind(7, static_cast<int64_t>(s.compliant))
        .bind(8, static_cast<int64_t>(s.exempted))
        .bind(9, static_cast<int64_t>(s.unknown))
        .run();
    w.progress.row();
  }
}

void SqliteStore::write_audit(const ScanChanges& c, ScanWrite& w) {
  for (const AuditEntry& a : c.audit) {
    insert_audit(a);
    w.progress.row();
  }
  insert_outbox(c.outbox);
}

}  // namespace vigil::store::sqlite
