// Fix runs of the SQLite store (store.h, FixRun).
#include <fmt/format.h>

#include "store/sqlite/sqlite_store.h"

namespace vigil::store::sqlite {

namespace {

constexpr std::string_view kFixRunColumns =
    "id, violation_id, action, policy_id, asset_id, account, state, plan, actor, created, "
    "updated, result, error";

FixRun read_fix_run(Query& q) {
  FixRun r;
  r.id = q.int64(0);
  r.violation_id = q.int64(1);
  r.action = q.str(2);
  r.policy_id = q.str(3);
  r.asset_id = q.str(4);
  r.account = q.str(5);
  auto state = fix_state_from(q.str(6));
  if (!state) throw SqliteError(fmt::format("fix run {}: unknown state '{}'", r.id, q.str(6)));
  r.state = *state;
  r.plan = json_from(q.str(7));
  r.actor = q.str(8);
  r.created = from_ms(q.int64(9));
  r.updated = from_ms(q.int64(10));
  r.result = json_from(q.str(11));
  r.error = q.str(12);
  return r;
}

}  // namespace

Result<int64_t> SqliteStore::add_fix_run(const FixRun& run, const AuditEntry& audit) {
  return guard<int64_t>("add_fix_run", [&] {
    Transaction tx(*db_);
    db_->query(
           "INSERT INTO fix_runs(violation_id, action, policy_id, asset_id, account, state, plan, "
           "actor, created, updated, result, error) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")
        .bind(1, run.violation_id)
        .bind(2, run.action)
        .bind(3, run.policy_id)
        .bind(4, run.asset_id)
        .bind(5, run.account)
        .bind(6, std::string(to_string(run.state)))
        .bind(7, json_text(run.plan))
        .bind(8, run.actor)
        .bind(9, to_ms(run.created))
        .bind(10, to_ms(run.updated))
        .bind(11, json_text(run.result))
        .bind(12, run.error)
        .run();
    int64_t id = db_->last_insert_rowid();
    AuditEntry entry = audit;
    if (entry.object.empty()) entry.object = fmt::format("fix:{}", id);
    insert_audit(entry);
    tx.commit();
    return id;
  });
}

Status SqliteStore::update_fix_run(const FixRun& run, const std::vector<ViolationUpdate>& updates,
                                   const AuditEntry& audit) {
  return guard_status("update_fix_run", [&] {
    Transaction tx(*db_);
    db_->query(
           "UPDATE fix_runs SET state = ?2, updated = ?3, result = ?4, error = ?5 WHERE id = ?1")
        .bind(1, run.id)
        .bind(2, std::string(to_string(run.state)))
        .bind(3, to_ms(run.updated))
        .bind(4, json_text(run.result))
        .bind(5, run.error)
        .run();
    if (db_->changes() == 0)
      throw SqliteError(fmt::format("no fix run with id {}", run.id), Error::Kind::NotFound);
    for (const ViolationUpdate& u : updates) apply_update(u, to_ms(run.updated), std::nullopt);
    insert_audit(audit);
    tx.commit();
  });
}

Result<std::optional<FixRun>> SqliteStore::fix_run(int64_t id) {
  return guard<std::optional<FixRun>>("fix_run", [&] {
    auto q = db_->query(fmt::format("SELECT {} FROM fix_runs WHERE id = ?1", kFixRunColumns));
    q.bind(1, id);
    std::optional<FixRun> out;
    if (q.step()) out = read_fix_run(q);
    return out;
  });
}

Result<std::vector<FixRun>> SqliteStore::fix_runs(const FixRunFilter& filter) {
  return guard<std::vector<FixRun>>("fix_runs", [&] {
    std::string where = "1";
    if (!filter.states.empty()) {
      where += " AND state IN (";
      for (size_t i = 0; i < filter.states.size(); ++i)
        where += fmt::format("{}'{}'", i ? ", " : "", to_string(filter.states[i]));
      where += ")";
    }
    if (filter.violation_id) where += " AND violation_id = ?2";
    auto q = db_->query(
        fmt::format("SELECT {} FROM fix_runs WHERE {} ORDER BY id DESC LIMIT ?1", kFixRunColumns, where));
    q.bind(1, filter.limit == 0 ? int64_t{-1} : static_cast<int64_t>(filter.limit));
    if (filter.violation_id) q.bind(2, *filter.violation_id);
    std::vector<FixRun> out;
    while (q.step()) out.push_back(read_fix_run(q));
    return out;
  });
}

}  // namespace vigil::store::sqlite
