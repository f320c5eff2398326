// SqliteStore groups (definitions; membership is written by apply_scan),
// score snapshots and scheduler state.
#include <fmt/format.h>

#include "store/sqlite/codec.h"
#include "store/sqlite/sqlite_store.h"

namespace vigil::store::sqlite {

Status SqliteStore::put_group(const GroupRecord& g, const AuditEntry& audit) {
  return guard_status("put_group", [&] {
    if (g.name.empty()) throw SqliteError("a group needs a name");
    Transaction tx(*db_);
    // An upsert keeps the group's id, so its membership survives a redefinition
    // until the next scan recomputes it.
    db_->query(
           "INSERT INTO asset_groups(name, description, criteria, origin) VALUES (?1, ?2, ?3, ?4) "
           "ON CONFLICT(name) DO UPDATE SET description = excluded.description, criteria = "
           "excluded.criteria, "
           "origin = excluded.origin")
        .bind(1, g.name)
        .bind(2, g.description)
        .bind(3, json_text(g.criteria))
        .bind(4, g.origin)
        .run();
    insert_audit(audit);
    tx.commit();
  });
}

Status SqliteStore::delete_group(const std::string& name, const AuditEntry& audit) {
  return guard_status("delete_group", [&] {
    Transaction tx(*db_);
    db_->query("DELETE FROM asset_groups WHERE name = ?1").bind(1, name).run();
    if (db_->changes() == 0) throw SqliteError(fmt::format("no group named {}", name));
    insert_audit(audit);
    tx.commit();
  });
}

Result<std::vector<GroupRecord>> SqliteStore::groups() {
  return guard<std::vector<GroupRecord>>("groups", [&] {
    std::vector<GroupRecord> out;
    auto q =
        db_->query("SELECT name, description, criteria, origin FROM asset_groups ORDER BY name");
    while (q.step()) out.push_back({q.str(0), q.str(1), json_from(q.text(2)), q.str(3)});
    return out;
  });
}

Result<std::vector<std::string>> SqliteStore::group_members(const std::string& name) {
  return guard<std::vector<std::string>>("group_members", [&] {
    std::vector<std::string> out;
    auto q = db_->query(
        "SELECT a.uid FROM group_members m JOIN asset_groups g ON g.id = m.group_id JOIN assets a "
        "ON a.id = m.asset "
        "WHERE g.name = ?1 ORDER BY a.uid");
    q.bind(1, name);
    while (q.step()) out.push_back(q.str(0));
    return out;
  });
}

Result<std::vector<ScoreRow>> SqliteStore::scores(const std::string& dimension,
                                                  const std::string& from_day,
                                                  const std::string& to_day) {
  return guard<std::vector<ScoreRow>>("scores", [&] {
    std::vector<ScoreRow> out;
    auto q = db_->query(
        "SELECT day, dimension, key, score, evaluated, violations, compliant, exempted, unknown "
        "FROM score_snapshots WHERE dimension = ?1 AND day >= ?2 AND day <= ?3 ORDER BY day, key");
    q.bind(1, dimension).bind(2, from_day).bind(3, to_day);
    while (q.step()) {
      ScoreRow r;
      r.day = q.str(0);
      r.dimension = q.str(1);
      r.key = q.str(2);
      r.score = q.real(3);
      r.evaluated = static_cast<uint64_t>(q.int64(4));
      r.violations = static_cast<uint64_t>(q.int64(5));
      r.compliant = static_cast<uint64_t>(q.int64(6));
      r.exempted = static_cast<uint64_t>(q.int64(7));
      r.unknown = static_cast<uint64_t>(q.int64(8));
      out.push_back(std::move(r));
    }
    return out;
  });
}

Status SqliteStore::put_schedule(const ScheduleState& s) {
  return guard_status("put_schedule", [&] {
    db_->query(
           "INSERT INTO schedules(source, last_run, next_run, last_status) VALUES (?1, ?2, ?3, ?4) "
           "ON CONFLICT(source) DO UPDATE SET last_run = excluded.last_run, next_run = "
           "excluded.next_run, "
           "last_status = excluded.last_status")
        .bind(1, s.source)
        .bind(2, opt_ms(s.last_run))
        .bind(3, opt_ms(s.next_run))
        .bind(4, s.last_status)
        .run();
  });
}

Result<std::vector<ScheduleState>> SqliteStore::schedules() {
  return guard<std::vector<ScheduleState>>("schedules", [&] {
    std::vector<ScheduleState> out;
    auto q =
        db_->query("SELECT source, last_run, next_run, last_status FROM schedules ORDER BY source");
    while (q.step()) {
      ScheduleState s;
      s.source = q.str(0);
      if (!q.is_null(1)) s.last_run = from_ms(q.int64(1));
      if (!q.is_null(2)) s.next_run = from_ms(q.int64(2));
      s.last_status = q.str(3);
      out.push_back(std::move(s));
    }
    return out;
  });
}

}  // namespace vigil::store::sqlite
