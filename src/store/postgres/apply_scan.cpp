// PgStore::apply_scan: one scan's changes in one transaction.
//
// Writes are proportional to the changes given, as in the SQLite store: one
// row per new or changed asset version, per deletion, per new violation
// (its opening event is implied), per violation update (plus its event), per
// group membership change, per score and audit row; nothing else is touched.
// Bulk rows (versions, deletions, new violations) are streamed with COPY
// into temporary tables (dropped at commit) and written by a few set-based
// statements; asset keys are resolved by the assets.uid index in SQL, so no
// map of a million ids is held here. Versions, deletion markers and events
// are stamped with the scan's start time.
#include <fmt/format.h>

#include <map>
#include <tuple>

#include "store/postgres/pg_codec.h"
#include "store/postgres/pg_store.h"
#include "store/postgres/temp_tables.h"

namespace vigil::store::postgres {

namespace {

struct RunningScan {
  int64_t id = 0;
  int64_t at = 0;  // its start (ms)
  std::string source;
};

RunningScan running_scan(Connection& c, int64_t scan) {
  Rows r = c.exec("SELECT state, started, source FROM scans WHERE id = $1 FOR UPDATE",
                  Params().add(scan));
  if (r.empty())
    throw PgError(fmt::format("no scan with id {} (call begin_scan first)", scan),
                  Error::Kind::NotFound);
  if (r.text(0, 0) != "running")
    throw PgError(
        fmt::format("scan {} is {}, not running (a later begin_scan marked it interrupted, or it "
                    "was already recorded)",
                    scan, r.text(0, 0)),
        Error::Kind::Conflict);
  return {scan, r.int64(0, 1), r.str(0, 2)};
}

void write_outcome(Connection& c, const ScanChanges& s) {
  c.exec(
      "UPDATE scans SET finished = $2, state = $3, error = $4, assets = $5, evaluations = $6, "
      "violations = $7, compliant = $8, unknown = $9, exempted = $10, timings = $11::jsonb "
      "WHERE id = $1",
      Params()
          .add(s.scan_id)
          .add(to_ms(s.finished))
          .add(to_string(s.state == ScanState::Running ? ScanState::Completed : s.state))
          .add(s.error)
          .add(static_cast<int64_t>(s.assets))
          .add(static_cast<int64_t>(s.evaluations))
          .add(static_cast<int64_t>(s.violations))
          .add(static_cast<int64_t>(s.compliant))
          .add(static_cast<int64_t>(s.unknown))
          .add(static_cast<int64_t>(s.exempted))
          .add(json_text(s.timings)));
}

void write_scopes(Connection& c, const ScanChanges& s) {
  if (s.scopes.empty()) return;
  std::vector<std::string> account, region, type, ok, error, assets;
  for (const ScopeStatus& x : s.scopes) {
    account.push_back(x.key.account);
    region.push_back(x.key.region);
    type.push_back(x.key.type);
    ok.push_back(x.ok ? "t" : "f");
    error.push_back(x.error);
    assets.push_back(std::to_string(x.assets));
  }
  c.exec(
      "INSERT INTO scan_scopes(scan_id, account, region, type, ok, error, assets) "
      "SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::bool[], $6::text[], "
      "$7::int8[]) ON CONFLICT (scan_id, account, region, type) DO UPDATE SET ok = excluded.ok, "
      "error = excluded.error, assets = excluded.assets",
      Params()
          .add(s.scan_id)
          .add_array(account)
          .add_array(region)
          .add_array(type)
          .add_array(ok)
          .add_array(error)
          .add_array(assets));
}

// Asset versions: COPY them in, upsert the heads, append the versions.
void write_asset_versions(Connection& c, const ScanChanges& s, const RunningScan& scan) {
  if (s.asset_versions.empty() && !s.more_asset_versions) return;
  temp_table(c, "vigil_versions",
             "uid TEXT, type TEXT, account TEXT, region TEXT, name TEXT, hash BIGINT, "
             "content TEXT");
  size_t next = 0;
  AssetVersionWrite pulled;
  size_t rows = 0;
  c.copy_in("COPY vigil_versions FROM STDIN", [&](std::string& b) {
    const AssetVersionWrite* v = nullptr;
    if (next < s.asset_versions.size()) {
      v = &s.asset_versions[next++];
    } else if (s.more_asset_versions && s.more_asset_versions(pulled)) {
      v = &pulled;
    }
    if (!v) return false;
    copy_field(b, v->identity.id);
    copy_field(b, v->identity.type);
    copy_field(b, v->identity.account);
    copy_field(b, v->identity.region);
    copy_field(b, v->identity.name);
    copy_field(b, std::to_string(hash_to_db(v->content_hash)));
    copy_field(b, v->content, true);
    ++rows;
    return true;
  });
  if (rows == 0) return;
  // The scan's source owns every asset it writes a version of.
  c.exec(
      "INSERT INTO assets AS a (uid, type, account, region, name, first_seen, version, hash, "
      "source) SELECT uid, type, account, region, name, $1, 1, hash, $2 FROM vigil_versions "
      "ON CONFLICT (uid) DO UPDATE SET type = excluded.type, account = excluded.account, "
      "region = excluded.region, name = excluded.name, version = a.version + 1, "
      "hash = excluded.hash, deleted_at = NULL, source = excluded.source",
      Params().add(scan.at).add(scan.source));
  c.exec(
      "INSERT INTO asset_versions(asset, version, valid_from, scan_id, hash, content) "
      "SELECT a.id, a.version, $1, $2, t.hash, t.content FROM vigil_versions t "
      "JOIN assets a ON a.uid = t.uid",
      Params().add(scan.at).add(scan.id));
}

// Deletions: mark the head, append a marker; already deleted is a no-op.
void write_deletions(Connection& c, const ScanChanges& s, const RunningScan& scan) {
  if (s.deleted_assets.empty()) return;
  Rows unknown = c.exec(
      "SELECT u FROM unnest($1::text[]) u WHERE NOT EXISTS (SELECT 1 FROM assets a WHERE a.uid = "
      "u) LIMIT 1",
      Params().add_array(s.deleted_assets));
  if (!unknown.empty())
    throw PgError(fmt::format("deleting asset {}: not in the store", unknown.text(0, 0)),
                  Error::Kind::NotFound);
  c.exec(
      "WITH gone AS (UPDATE assets SET deleted_at = $1 WHERE uid = ANY($3::text[]) AND "
      "deleted_at IS NULL RETURNING id) "
      "INSERT INTO asset_versions(asset, valid_from, scan_id) SELECT id, $1, $2 FROM gone",
      Params().add(scan.at).add(scan.id).add_array(s.deleted_assets));
}

// New violations: COPY them in, check the exceptions they name, add unknown
// policies, insert by asset uid.
void write_new_violations(Connection& c, const ScanChanges& s, const RunningScan& scan) {
  if (s.new_violations.empty() && !s.more_new_violations) return;
  temp_table(c, "vigil_new_violations",
             "ord BIGINT, policy TEXT, uid TEXT, status TEXT, severity TEXT, category TEXT, "
             "message TEXT, first_seen BIGINT, last_change BIGINT, close_reason TEXT, "
             "exception_id BIGINT, ever_violated BOOLEAN");
  size_t next = 0;
  Violation pulled;
  int64_t ord = 0;
  bool exempted = false;  // some row names an exception
  c.copy_in("COPY vigil_new_violations FROM STDIN", [&](std::string& b) {
    const Violation* v = nullptr;
    if (next < s.new_violations.size()) {
      v = &s.new_violations[next++];
    } else if (s.more_new_violations && s.more_new_violations(pulled)) {
      v = &pulled;
    }
    if (!v) return false;
    int64_t first_seen = v->first_seen == Time{} ? scan.at : to_ms(v->first_seen);
    int64_t last_change = v->last_change == Time{} ? first_seen : to_ms(v->last_change);
    copy_field(b, std::to_string(++ord));
    copy_field(b, v->policy_id);
    copy_field(b, v->asset.id);
    copy_field(b, to_string(v->status));
    copy_field(b, v->severity);
    copy_field(b, v->category);
    copy_field(b, v->message);
    copy_field(b, std::to_string(first_seen));
    copy_field(b, std::to_string(last_change));
    copy_field(b, v->close_reason);
    if (v->exception_id) {
      copy_field(b, std::to_string(*v->exception_id));
      exempted = true;
    } else {
      copy_null(b);
    }
    bool violated = v->status == ViolationStatus::Open || v->status == ViolationStatus::Exempted;
    copy_field(b, violated ? "t" : "f", true);
    return true;
  });
  if (ord == 0) return;
  if (exempted) {
    Rows missing = c.exec(
        "SELECT t.policy, t.uid, t.exception_id FROM vigil_new_violations t WHERE "
        "t.exception_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM exceptions e WHERE e.id = "
        "t.exception_id) ORDER BY t.ord LIMIT 1");
    if (!missing.empty())
      throw PgError(fmt::format("violation of {} on asset {} names exception {}, which does not "
                                "exist",
                                missing.text(0, 0), missing.text(0, 1), missing.text(0, 2)),
                    Error::Kind::NotFound);
  }
  c.exec(
      "INSERT INTO policies(name) SELECT DISTINCT t.policy FROM vigil_new_violations t "
      "WHERE NOT EXISTS (SELECT 1 FROM policies p WHERE p.name = t.policy) "
      "ON CONFLICT (name) DO NOTHING");
  // Every policy is there now, so a row the join drops names an asset that
  // is not in the store: the count tells, and only then is it looked for
  // (a second pass over a million rows otherwise).
  Rows inserted = c.exec(
      "INSERT INTO violations(policy, asset, status, severity, category, message, first_seen, "
      "last_change, close_reason, exception_id, opened_scan, ever_violated) "
      "SELECT p.id, a.id, t.status, t.severity, t.category, t.message, t.first_seen, "
      "t.last_change, t.close_reason, t.exception_id, $1, t.ever_violated "
      "FROM vigil_new_violations t JOIN policies p ON p.name = t.policy "
      "JOIN assets a ON a.uid = t.uid ORDER BY t.ord",
      Params().add(scan.id));
  if (inserted.affected() == ord) return;
  Rows unknown = c.exec(
      "SELECT t.policy, t.uid FROM vigil_new_violations t WHERE NOT EXISTS "
      "(SELECT 1 FROM assets a WHERE a.uid = t.uid) ORDER BY t.ord LIMIT 1");
  if (unknown.empty())
    throw PgError(fmt::format("{} of {} new violations written", inserted.affected(), ord),
                  Error::Kind::Corrupt);
  throw PgError(fmt::format("violation of {} names asset {}, which is not in the store (write "
                            "its version in the same scan)",
                            unknown.text(0, 0), unknown.text(0, 1)),
                Error::Kind::NotFound);
}

// Group membership: full replacement per group listed, written as the
// difference from the stored members.
void write_group_members(Connection& c, const ScanChanges& s) {
  for (const auto& [name, members] : s.group_members) {
    Rows group = c.exec("SELECT id FROM asset_groups WHERE name = $1", Params().add(name));
    if (group.empty())
      throw PgError(fmt::format("membership of group {}: no such group (put_group it first)", name),
                    Error::Kind::NotFound);
    int64_t id = group.int64(0, 0);
    Rows unknown = c.exec(
        "SELECT u FROM unnest($1::text[]) u WHERE NOT EXISTS (SELECT 1 FROM assets a WHERE a.uid "
        "= u) LIMIT 1",
        Params().add_array(members));
    if (!unknown.empty())
      throw PgError(fmt::format("group {} names asset {}, which is not in the store (write its "
                                "version in the same scan)",
                                name, unknown.text(0, 0)),
                    Error::Kind::NotFound);
    Params p;
    p.add(id).add_array(members);
    c.exec(
        "DELETE FROM group_members m WHERE m.group_id = $1 AND m.asset NOT IN "
        "(SELECT a.id FROM assets a WHERE a.uid = ANY($2::text[]))",
        p);
    c.exec(
        "INSERT INTO group_members(group_id, asset) SELECT $1, a.id FROM assets a "
        "WHERE a.uid = ANY($2::text[]) ON CONFLICT DO NOTHING",
        p);
  }
}

// Scores, upserted by (day, dimension, key); of rows repeated in one scan
// the last wins, as if written one by one.
void write_scores(Connection& c, const ScanChanges& s) {
  if (s.scores.empty()) return;
  std::map<std::tuple<std::string, std::string, std::string>, const ScoreRow*> last;
  for (const ScoreRow& r : s.scores) last[{r.dimension, r.day, r.key}] = &r;
  std::vector<std::string> day, dimension, key, score, evaluated, violations, compliant, exempted,
      unknown;
  for (const auto& [k, r] : last) {
    day.push_back(r->day);
    dimension.push_back(r->dimension);
    key.push_back(r->key);
    score.push_back(fmt::format("{}", r->score));
    evaluated.push_back(std::to_string(r->evaluated));
    violations.push_back(std::to_string(r->violations));
    compliant.push_back(std::to_string(r->compliant));
    exempted.push_back(std::to_string(r->exempted));
    unknown.push_back(std::to_string(r->unknown));
  }
  c.exec(
      "INSERT INTO score_snapshots(day, dimension, key, score, evaluated, violations, compliant, "
      "exempted, unknown) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], "
      "$4::float8[], $5::int8[], $6::int8[], $7::int8[], $8::int8[], $9::int8[]) "
      "ON CONFLICT (dimension, day, key) DO UPDATE SET score = excluded.score, "
      "evaluated = excluded.evaluated, violations = excluded.violations, "
      "compliant = excluded.compliant, exempted = excluded.exempted, unknown = excluded.unknown",
      Params()
          .add_array(day)
          .add_array(dimension)
          .add_array(key)
          .add_array(score)
          .add_array(evaluated)
          .add_array(violations)
          .add_array(compliant)
          .add_array(exempted)
          .add_array(unknown));
}

}  // namespace

Status PgStore::apply_scan(const ScanChanges& changes) {
  if (options_.read_only) return not_writable("apply_scan");
  return guard_status("apply_scan", [&] {
    Transaction tx(*db_);
    write_changes(changes);
    tx.commit();
  });
}

// One scan's changes, in the order the SQLite store writes them.
void PgStore::write_changes(const ScanChanges& c) {
  Connection& db = *db_;
  // Temporary tables are read in the order they were written.
  db.exec("SET LOCAL synchronize_seqscans = off");
  // The joins of a large scan's rows with assets (1M assets: a hash table of
  // about 120 MB) and the sorts of its rows fit in memory instead of going
  // through temporary files in batches, which for the versions means writing
  // and reading all their content once more. One writer at a time uses it.
  db.exec("SET LOCAL work_mem = '256MB'");
  RunningScan scan = running_scan(db, c.scan_id);
  write_outcome(db, c);
  write_scopes(db, c);
  write_asset_versions(db, c, scan);
  write_deletions(db, c, scan);
  write_new_violations(db, c, scan);
  apply_updates(c.violation_updates, scan.at, scan.id);
  write_group_members(db, c);
  write_scores(db, c);
  for (const AuditEntry& a : c.audit) insert_audit(a);
  insert_outbox(c.outbox);
}

}  // namespace vigil::store::postgres
