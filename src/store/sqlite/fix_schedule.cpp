// Scheduled fixes of the SQLite store (store.h ScheduledFix, migration 12):
// a plan's row, its notices (outbox) and its audit entry in one transaction.
#include <fmt/format.h>

#include "store/sqlite/sqlite_store.h"

namespace vigil::store::sqlite {

namespace {

constexpr std::string_view kPlanColumns =
    "id, violation_id, action, policy_id, asset_id, account, mode, state, plan, digest, "
    "recipients, created, due, updated, started, run_id, reason";

ScheduledFix read_plan(Query& q) {
  ScheduledFix p;
  p.id = q.int64(0);
  p.violation_id = q.int64(1);
  p.action = q.str(2);
  p.policy_id = q.str(3);
  p.asset_id = q.str(4);
  p.account = q.str(5);
  p.mode = q.str(6);
  auto state = plan_state_from(q.str(7));
  if (!state)
    throw SqliteError(fmt::format("scheduled fix {}: unknown state '{}'", p.id, q.str(7)));
  p.state = *state;
  p.plan = json_from(q.str(8));
  p.digest = q.str(9);
  for (const auto& r : json_from(q.str(10)))
    if (r.is_string()) p.recipients.push_back(r.get<std::string>());
  p.created = from_ms(q.int64(11));
  p.due = from_ms(q.int64(12));
  p.updated = from_ms(q.int64(13));
  if (auto s = q.opt_int64(14)) p.started = from_ms(*s);
  p.run_id = q.opt_int64(15);
  p.reason = q.str(16);
  return p;
}

}  // namespace

Result<int64_t> SqliteStore::add_scheduled_fix(const ScheduledFix& plan,
                                               const std::vector<OutboxMessage>& notices,
                                               const AuditEntry& audit) {
  return guard<int64_t>("add_scheduled_fix", [&] {
    Transaction tx(*db_);
    auto active = db_->query(
        "SELECT id FROM fix_schedule WHERE violation_id = ?1 "
        "AND state IN ('scheduled', 'running', 'awaiting-approval')");
    active.bind(1, plan.violation_id);
    if (active.step())
      throw SqliteError(fmt::format("violation {} already has scheduled fix {}", plan.violation_id,
                                    active.int64(0)),
                        Error::Kind::Conflict);
    active.reset();
    db_->query(
           "INSERT INTO fix_schedule(violation_id, action, policy_id, asset_id, account, mode, "
           "state, plan, digest, recipients, created, due, updated, started, run_id, reason) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)")
        .bind(1, plan.violation_id)
        .bind(2, plan.action)
        .bind(3, plan.policy_id)
        .bind(4, plan.asset_id)
        .bind(5, plan.account)
        .bind(6, plan.mode)
        .bind(7, std::string(to_string(plan.state)))
        .bind(8, json_text(plan.plan))
        .bind(9, plan.digest)
        .bind(10, json_text(nlohmann::json(plan.recipients)))
        .bind(11, to_ms(plan.created))
        .bind(12, to_ms(plan.due))
        .bind(13, to_ms(plan.updated))
        .bind(14, opt_ms(plan.started))
        .bind(15, plan.run_id)
        .bind(16, plan.reason)
        .run();
    int64_t id = db_->last_insert_rowid();
    insert_outbox(notices);
    AuditEntry entry = audit;
    if (entry.object.empty()) entry.object = fmt::format("fix-plan:{}", id);
    insert_audit(entry);
    tx.commit();
    return id;
  });
}

Status SqliteStore::update_scheduled_fix(const ScheduledFix& plan,
                                         const std::vector<OutboxMessage>& notices,
                                         const AuditEntry& audit) {
  return guard_status("update_scheduled_fix", [&] {
    Transaction tx(*db_);
    db_->query(
           "UPDATE fix_schedule SET state = ?2, due = ?3, updated = ?4, started = ?5, "
           "run_id = ?6, reason = ?7 WHERE id = ?1")
        .bind(1, plan.id)
        .bind(2, std::string(to_string(plan.state)))
        .bind(3, to_ms(plan.due))
        .bind(4, to_ms(plan.updated))
        .bind(5, opt_ms(plan.started))
        .bind(6, plan.run_id)
        .bind(7, plan.reason)
        .run();
    if (db_->changes() == 0)
      throw SqliteError(fmt::format("no scheduled fix with id {}", plan.id), Error::Kind::NotFound);
    insert_outbox(notices);
    insert_audit(audit);
    tx.commit();
  });
}

Result<std::vector<ScheduledFix>> SqliteStore::scheduled_fixes(const ScheduledFixFilter& filter) {
  return guard<std::vector<ScheduledFix>>("scheduled_fixes", [&] {
    std::string where = "1";
    if (!filter.states.empty()) {
      where += " AND state IN (";
      for (size_t i = 0; i < filter.states.size(); ++i)
        where += fmt::format("{}'{}'", i ? ", " : "", to_string(filter.states[i]));
      where += ")";
    }
    if (filter.violation_id) where += " AND violation_id = ?2";
    if (filter.due_by) where += " AND due <= ?3";
    if (filter.started_since) where += " AND started >= ?4";
    auto q = db_->query(fmt::format(
        "SELECT {} FROM fix_schedule WHERE {} ORDER BY due, id LIMIT ?1", kPlanColumns, where));
    q.bind(1, filter.limit == 0 ? int64_t{-1} : static_cast<int64_t>(filter.limit));
    if (filter.violation_id) q.bind(2, *filter.violation_id);
    if (filter.due_by) q.bind(3, to_ms(*filter.due_by));
    if (filter.started_since) q.bind(4, to_ms(*filter.started_since));
    std::vector<ScheduledFix> out;
    while (q.step()) out.push_back(read_plan(q));
    return out;
  });
}

}  // namespace vigil::store::sqlite
