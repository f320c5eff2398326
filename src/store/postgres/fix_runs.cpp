// Fix runs of the PostgreSQL store (store.h, FixRun).
#include <fmt/format.h>

#include "store/postgres/pg_codec.h"
#include "store/postgres/pg_store.h"

namespace vigil::store::postgres {

namespace {

constexpr std::string_view kFixRunColumns =
    "id, violation_id, action, policy_id, asset_id, account, state, plan::text, actor, created, "
    "updated, result::text, error";

FixRun read_fix_run(const Rows& r, int i) {
  FixRun f;
  f.id = r.int64(i, 0);
  f.violation_id = r.int64(i, 1);
  f.action = r.str(i, 2);
  f.policy_id = r.str(i, 3);
  f.asset_id = r.str(i, 4);
  f.account = r.str(i, 5);
  auto state = fix_state_from(r.text(i, 6));
  if (!state)
    throw PgError(fmt::format("fix run {}: unknown state '{}'", f.id, r.text(i, 6)),
                  Error::Kind::Corrupt);
  f.state = *state;
  f.plan = json_from(r.text(i, 7));
  f.actor = r.str(i, 8);
  f.created = from_ms(r.int64(i, 9));
  f.updated = from_ms(r.int64(i, 10));
  f.result = json_from(r.text(i, 11));
  f.error = r.str(i, 12);
  return f;
}

}  // namespace

Result<int64_t> PgStore::add_fix_run(const FixRun& run, const AuditEntry& audit) {
  return guard<int64_t>("add_fix_run", [&] {
    Transaction tx(*db_);
    Rows r = db_->exec(
        "INSERT INTO fix_runs(violation_id, action, policy_id, asset_id, account, state, plan, "
        "actor, created, updated, result, error) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11::jsonb, $12) RETURNING id",
        Params()
            .add(run.violation_id)
            .add(run.action)
            .add(run.policy_id)
            .add(run.asset_id)
            .add(run.account)
            .add(to_string(run.state))
            .add(json_text(run.plan))
            .add(run.actor)
            .add(to_ms(run.created))
            .add(to_ms(run.updated))
            .add(json_text(run.result))
            .add(run.error));
    int64_t id = r.int64(0, 0);
    AuditEntry entry = audit;
    if (entry.object.empty()) entry.object = fmt::format("fix:{}", id);
    insert_audit(entry);
    tx.commit();
    return id;
  });
}

Status PgStore::update_fix_run(const FixRun& run, const std::vector<ViolationUpdate>& updates,
                               const AuditEntry& audit) {
  return guard_status("update_fix_run", [&] {
    Transaction tx(*db_);
    Rows r = db_->exec(
        "UPDATE fix_runs SET state = $2, updated = $3, result = $4::jsonb, error = $5 WHERE id = "
        "$1",
        Params()
            .add(run.id)
            .add(to_string(run.state))
            .add(to_ms(run.updated))
            .add(json_text(run.result))
            .add(run.error));
    if (r.affected() == 0)
      throw PgError(fmt::format("no fix run with id {}", run.id), Error::Kind::NotFound);
    apply_updates(updates, to_ms(run.updated), std::nullopt);
    insert_audit(audit);
    tx.commit();
  });
}

Result<std::optional<FixRun>> PgStore::fix_run(int64_t id) {
  return guard<std::optional<FixRun>>("fix_run", [&] {
    Rows r =
        db_->exec(fmt::format("SELECT {} FROM fix_runs WHERE id = $1", kFixRunColumns), Params().add(id));
    std::optional<FixRun> out;
    if (!r.empty()) out = read_fix_run(r, 0);
    return out;
  });
}

Result<std::vector<FixRun>> PgStore::fix_runs(const FixRunFilter& filter) {
  return guard<std::vector<FixRun>>("fix_runs", [&] {
    std::string where = "TRUE";
    Params p;
    if (!filter.states.empty()) {
      std::vector<std::string> names;
      for (FixState s : filter.states) names.emplace_back(to_string(s));
      p.add_array(names);
      where += fmt::format(" AND state = ANY(${}::text[])", p.size());
    }
    if (filter.violation_id) {
      p.add(*filter.violation_id);
      where += fmt::format(" AND violation_id = ${}", p.size());
    }
    std::string limit;
    if (filter.limit) {
      p.add(static_cast<int64_t>(filter.limit));
      limit = fmt::format(" LIMIT ${}", p.size());
    }
    Rows r = db_->exec(
        fmt::format("SELECT {} FROM fix_runs WHERE {} ORDER BY id DESC{}", kFixRunColumns, where, limit),
        p);
    std::vector<FixRun> out;
    for (int i = 0; i < r.size(); ++i) out.push_back(read_fix_run(r, i));
    return out;
  });
}

}  // namespace vigil::store::postgres
