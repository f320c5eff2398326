// PgStore groups (definitions; membership is written by apply_scan), score
// snapshots and scheduler state.
#include <fmt/format.h>

#include "store/postgres/pg_codec.h"
#include "store/postgres/pg_store.h"

namespace vigil::store::postgres {

Status PgStore::put_group(const GroupRecord& g, const AuditEntry& audit) {
  return guard_status("put_group", [&] {
    if (g.name.empty()) throw PgError("a group needs a name", Error::Kind::InvalidInput);
    Transaction tx(*db_);
    // An upsert keeps the group's id, so its membership survives a
    // redefinition until the next scan recomputes it.
    db_->exec(
        "INSERT INTO asset_groups(name, description, criteria, origin) VALUES ($1, $2, $3::jsonb, "
        "$4) ON CONFLICT (name) DO UPDATE SET description = excluded.description, "
        "criteria = excluded.criteria, origin = excluded.origin",
        Params().add(g.name).add(g.description).add(json_text(g.criteria)).add(g.origin));
    insert_audit(audit);
    tx.commit();
  });
}

Status PgStore::delete_group(const std::string& name, const AuditEntry& audit) {
  return guard_status("delete_group", [&] {
    Transaction tx(*db_);
    Rows r = db_->exec("DELETE FROM asset_groups WHERE name = $1", Params().add(name));
    if (r.affected() == 0)
      throw PgError(fmt::format("no group named {}", name), Error::Kind::NotFound);
    insert_audit(audit);
    tx.commit();
  });
}

Result<std::vector<GroupRecord>> PgStore::groups() {
  return guard<std::vector<GroupRecord>>("groups", [&] {
    std::vector<GroupRecord> out;
    Rows r = db_->exec(
        "SELECT name, description, criteria::text, origin FROM asset_groups "
        "ORDER BY name COLLATE \"C\"");
    for (int i = 0; i < r.size(); ++i)
      out.push_back({r.str(i, 0), r.str(i, 1), json_from(r.text(i, 2)), r.str(i, 3)});
    return out;
  });
}

Result<std::vector<std::string>> PgStore::group_members(const std::string& name) {
  return guard<std::vector<std::string>>("group_members", [&] {
    std::vector<std::string> out;
    Rows r = db_->exec(
        "SELECT a.uid FROM group_members m JOIN asset_groups g ON g.id = m.group_id "
        "JOIN assets a ON a.id = m.asset WHERE g.name = $1 ORDER BY a.uid COLLATE \"C\"",
        Params().add(name));
    for (int i = 0; i < r.size(); ++i) out.push_back(r.str(i, 0));
    return out;
  });
}

Result<std::vector<ScoreRow>> PgStore::scores(const std::string& dimension,
                                              const std::string& from_day,
                                              const std::string& to_day) {
  return guard<std::vector<ScoreRow>>("scores", [&] {
    std::vector<ScoreRow> out;
    Rows r = db_->exec(
        "SELECT day, dimension, key, score, evaluated, violations, compliant, exempted, unknown "
        "FROM score_snapshots WHERE dimension = $1 AND day >= $2 AND day <= $3 "
        "ORDER BY day COLLATE \"C\", key COLLATE \"C\"",
        Params().add(dimension).add(from_day).add(to_day));
    for (int i = 0; i < r.size(); ++i) {
      ScoreRow s;
      s.day = r.str(i, 0);
      s.dimension = r.str(i, 1);
      s.key = r.str(i, 2);
      s.score = r.real(i, 3);
      s.evaluated = static_cast<uint64_t>(r.int64(i, 4));
      s.violations = static_cast<uint64_t>(r.int64(i, 5));
      s.compliant = static_cast<uint64_t>(r.int64(i, 6));
      s.exempted = static_cast<uint64_t>(r.int64(i, 7));
      s.unknown = static_cast<uint64_t>(r.int64(i, 8));
      out.push_back(std::move(s));
    }
    return out;
  });
}

Status PgStore::put_schedule(const ScheduleState& s) {
  return guard_status("put_schedule", [&] {
    db_->exec(
        "INSERT INTO schedules(source, last_run, next_run, last_status) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (source) DO UPDATE SET last_run = excluded.last_run, "
        "next_run = excluded.next_run, last_status = excluded.last_status",
        Params().add(s.source).add(opt_ms(s.last_run)).add(opt_ms(s.next_run)).add(s.last_status));
  });
}

Result<std::vector<ScheduleState>> PgStore::schedules() {
  return guard<std::vector<ScheduleState>>("schedules", [&] {
    std::vector<ScheduleState> out;
    Rows r = db_->exec(
        "SELECT source, last_run, next_run, last_status FROM schedules "
        "ORDER BY source COLLATE \"C\"");
    for (int i = 0; i < r.size(); ++i) {
      ScheduleState s;
      s.source = r.str(i, 0);
      if (!r.is_null(i, 1)) s.last_run = from_ms(r.int64(i, 1));
      if (!r.is_null(i, 2)) s.next_run = from_ms(r.int64(i, 2));
      s.last_status = r.str(i, 3);
      out.push_back(std::move(s));
    }
    return out;
  });
}

}  // namespace vigil::store::postgres
