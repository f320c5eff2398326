// Scheduled fixes of the PostgreSQL store (store.h ScheduledFix, migration 3):
// a plan's row, its notices (outbox) and its audit entry in one transaction.
// The partial unique index fix_schedule_active keeps one active plan per
// violation even between concurrent writers: its violation is a Conflict.
#include <fmt/format.h>

#include "store/postgres/pg_codec.h"
#include "store/postgres/pg_store.h"

namespace vigil::store::postgres {

namespace {

constexpr std::string_view kPlanColumns =
    "id, violation_id, action, policy_id, asset_id, account, mode, state, plan::text, digest, "
    "recipients::text, created, due, updated, started, run_id, reason";

ScheduledFix read_plan(const Rows& r, int i) {
  ScheduledFix p;
  p.id = r.int64(i, 0);
  p.violation_id = r.int64(i, 1);
  p.action = r.str(i, 2);
  p.policy_id = r.str(i, 3);
  p.asset_id = r.str(i, 4);
  p.account = r.str(i, 5);
  p.mode = r.str(i, 6);
  auto state = plan_state_from(r.text(i, 7));
  if (!state)
    throw PgError(fmt::format("scheduled fix {}: unknown state '{}'", p.id, r.text(i, 7)),
                  Error::Kind::Corrupt);
  p.state = *state;
  p.plan = json_from(r.text(i, 8));
  p.digest = r.str(i, 9);
  for (const auto& recipient : json_from(r.text(i, 10)))
    if (recipient.is_string()) p.recipients.push_back(recipient.get<std::string>());
  p.created = from_ms(r.int64(i, 11));
  p.due = from_ms(r.int64(i, 12));
  p.updated = from_ms(r.int64(i, 13));
  if (auto started = r.opt_int64(i, 14)) p.started = from_ms(*started);
  p.run_id = r.opt_int64(i, 15);
  p.reason = r.str(i, 16);
  return p;
}

}  // namespace

Result<int64_t> PgStore::add_scheduled_fix(const ScheduledFix& plan,
                                           const std::vector<OutboxMessage>& notices,
                                           const AuditEntry& audit) {
  return guard<int64_t>("add_scheduled_fix", [&] {
    Transaction tx(*db_);
    Rows active = db_->exec(
        "SELECT id FROM fix_schedule WHERE violation_id = $1 "
        "AND state IN ('scheduled', 'running', 'awaiting-approval')",
        Params().add(plan.violation_id));
    if (!active.empty())
      throw PgError(fmt::format("violation {} already has scheduled fix {}", plan.violation_id,
                                active.int64(0, 0)),
                    Error::Kind::Conflict);
    Rows r = db_->exec(
        "INSERT INTO fix_schedule(violation_id, action, policy_id, asset_id, account, mode, "
        "state, plan, digest, recipients, created, due, updated, started, run_id, reason) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10::jsonb, $11, $12, $13, $14, $15, "
        "$16) RETURNING id",
        Params()
            .add(plan.violation_id)
            .add(plan.action)
            .add(plan.policy_id)
            .add(plan.asset_id)
            .add(plan.account)
            .add(plan.mode)
            .add(to_string(plan.state))
            .add(json_text(plan.plan))
            .add(plan.digest)
            .add(json_text(nlohmann::json(plan.recipients)))
            .add(to_ms(plan.created))
            .add(to_ms(plan.due))
            .add(to_ms(plan.updated))
            .add(opt_ms(plan.started))
            .add(plan.run_id)
            .add(plan.reason));
    int64_t id = r.int64(0, 0);
    insert_outbox(notices);
    AuditEntry entry = audit;
    if (entry.object.empty()) entry.object = fmt::format("fix-plan:{}", id);
    insert_audit(entry);
    tx.commit();
    return id;
  });
}

Status PgStore::update_scheduled_fix(const ScheduledFix& plan,
                                     const std::vector<OutboxMessage>& notices,
                                     const AuditEntry& audit) {
  return guard_status("update_scheduled_fix", [&] {
    Transaction tx(*db_);
    Rows r = db_->exec(
        "UPDATE fix_schedule SET state = $2, due = $3, updated = $4, started = $5, run_id = $6, "
        "reason = $7 WHERE id = $1",
        Params()
            .add(plan.id)
            .add(to_string(plan.state))
            .add(to_ms(plan.due))
            .add(to_ms(plan.updated))
            .add(opt_ms(plan.started))
            .add(plan.run_id)
            .add(plan.reason));
    if (r.affected() == 0)
      throw PgError(fmt::format("no scheduled fix with id {}", plan.id), Error::Kind::NotFound);
    insert_outbox(notices);
    insert_audit(audit);
    tx.commit();
  });
}

Result<std::vector<ScheduledFix>> PgStore::scheduled_fixes(const ScheduledFixFilter& filter) {
  return guard<std::vector<ScheduledFix>>("scheduled_fixes", [&] {
    std::string where = "TRUE";
    Params p;
    if (!filter.states.empty()) {
      std::vector<std::string> names;
      for (PlanState s : filter.states) names.emplace_back(to_string(s));
      p.add_array(names);
      where += fmt::format(" AND state = ANY(${}::text[])", p.size());
    }
    if (filter.violation_id) {
      p.add(*filter.violation_id);
      where += fmt::format(" AND violation_id = ${}", p.size());
    }
    if (filter.due_by) {
      p.add(to_ms(*filter.due_by));
      where += fmt::format(" AND due <= ${}", p.size());
    }
    if (filter.started_since) {
      p.add(to_ms(*filter.started_since));
      where += fmt::format(" AND started >= ${}", p.size());
    }
    std::string limit;
    if (filter.limit) {
      p.add(static_cast<int64_t>(filter.limit));
      limit = fmt::format(" LIMIT ${}", p.size());
    }
    Rows r = db_->exec(fmt::format("SELECT {} FROM fix_schedule WHERE {} ORDER BY due, id{}",
                                   kPlanColumns, where, limit),
                       p);
    std::vector<ScheduledFix> out;
    for (int i = 0; i < r.size(); ++i) out.push_back(read_plan(r, i));
    return out;
  });
}

}  // namespace vigil::store::postgres
