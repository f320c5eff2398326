// AutoFix: plans at their due time, and plans a dead process left running
// (autofix_steps.h steps 1 and 5; autofix.h has the rules).
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "fix/autofix_notices.h"
#include "fix/autofix_steps.h"
#include "fix/exemption.h"

namespace vigil::fix::detail {

namespace {

using store::PlanState;
using store::ScheduledFix;

// The plan after its fix run ended: applied, failed (alert) or dry-run.
Status settle_run(AutofixContext& ctx, ScheduledFix& plan, const store::FixRun& run,
                  const store::Violation& v, store::Time now, AutofixReport& report) {
  plan.run_id = run.id;
  std::vector<store::OutboxMessage> notices;
  if (run.state == store::FixState::Verified) {
    plan.state = PlanState::Applied;
    plan.reason = fmt::format("fix run {} verified", run.id);
    notices = notice_rows(ctx, plan, notify::fix_applied(fix_item(ctx, plan, v), ctx.notify),
                          "applied", now);
    ++report.applied;
  } else if (run.state == store::FixState::Planned) {
    plan.state = PlanState::DryRun;
    plan.reason =
        fmt::format("dry-run mode: fix run {} recorded the plan, nothing was sent", run.id);
    ++report.dry_run;
  } else {
    plan.state = PlanState::Failed;
    plan.reason = fmt::format("fix run {} {}: {}", run.id, to_string(run.state),
                              run.error.empty() ? "no error recorded" : run.error);
    notices = notice_rows(ctx, plan, notify::fix_failed(fix_item(ctx, plan, v), ctx.notify),
                          "failed", now);
    ++report.failed;
  }
  return save_plan(ctx, plan, now, plan.state == PlanState::Applied ? "applied" : "run-ended",
                   notices, report);
}

Status suspend(AutofixContext& ctx, ScheduledFix& plan, const store::Violation* v,
               std::string reason, store::Time now, AutofixReport& report) {
  plan.state = PlanState::Suspended;
  plan.started.reset();  // nothing was sent: not counted by the rate limits
  plan.reason = std::move(reason);
  std::vector<store::OutboxMessage> notices;
  if (v)
    notices = notice_rows(ctx, plan, notify::fix_suspended(fix_item(ctx, plan, *v), ctx.notify),
                          "suspended", now);
  ++report.suspended;
  return save_plan(ctx, plan, now, "suspend", notices, report);
}

// `v`: the violation, when it is still stored (then its owners are told).
Status cancel(AutofixContext& ctx, ScheduledFix& plan, const store::Violation* v,
              std::string reason, store::Time now, AutofixReport& report) {
  plan.state = PlanState::Cancelled;
  plan.reason = std::move(reason);
  std::vector<store::OutboxMessage> notices;
  if (v)
    notices = notice_rows(ctx, plan, notify::fix_cancelled(fix_item(ctx, plan, *v), ctx.notify),
                          "cancelled", now);
  ++report.cancelled;
  return save_plan(ctx, plan, now, "cancel", notices, report);
}

// Why a fix may not start now for the rate limits (empty: it may).
Result<std::string> over_limit(AutofixContext& ctx, const ScheduledFix& plan, store::Time now,
                               size_t started_this_run) {
  const AutofixLimits& l = ctx.settings.limits;
  if (started_this_run >= l.per_run)
    return fmt::format("rate limit: {} fixes in this run (fixes.autofix.limits.per_run {})",
                       started_this_run, l.per_run);
  store::ScheduledFixFilter last_hour;
  last_hour.started_since = now - std::chrono::hours(1);
  auto hour = ctx.fix.store.scheduled_fixes(last_hour);
  if (!hour.ok()) return hour.error();
  if (hour->size() >= l.per_hour)
    return fmt::format("rate limit: {} fixes in the last hour (fixes.autofix.limits.per_hour {})",
                       hour->size(), l.per_hour);
  size_t account = std::count_if(hour->begin(), hour->end(),
                                 [&](const ScheduledFix& p) { return p.account == plan.account; });
  if (account >= l.per_account_per_hour)
    return fmt::format(
        "rate limit: {} fixes in account {} in the last hour "
        "(fixes.autofix.limits.per_account_per_hour {})",
        account, plan.account, l.per_account_per_hour);
  return std::string();
}

// One due plan: the checks, then the runner.
Status run_plan(AutofixContext& ctx, ScheduledFix& plan, store::Time now, size_t& started,
                AutofixReport& report) {
  auto found = ctx.fix.store.violation(plan.violation_id);
  if (!found.ok())
    return suspend(ctx, plan, nullptr, "cannot read the violation: " + found.error().message, now,
                   report);
  if (!*found) return cancel(ctx, plan, nullptr, "the violation is no longer stored", now, report);
  const store::Violation& v = **found;
  using store::ViolationStatus;
  if (v.status == ViolationStatus::Exempted)
    return cancel(ctx, plan, &v,
                  fmt::format("exception {} granted before the deadline",
                              v.exception_id ? std::to_string(*v.exception_id) : "?"),
                  now, report);
  if (v.status == ViolationStatus::Closed)
    return cancel(ctx, plan, &v,
                  fmt::format("the violation closed ({}) before the deadline", v.close_reason), now,
                  report);
  if (v.status != ViolationStatus::Open)
    return suspend(ctx, plan, &v,
                   "the violation is unknown (the last scan could not evaluate it): not fixed on "
                   "a guess",
                   now, report);
  auto history = ctx.fix.store.asset_history(v.asset.id);
  if (!history.ok() || history->empty())
    return suspend(ctx, plan, &v,
                   "cannot read the stored resource: " +
                       (history.ok() ? std::string("no version stored") : history.error().message),
                   now, report);
  auto exception = covering_exception(ctx.fix.store, v, history->back().content, now);
  if (!exception.ok())
    return suspend(ctx, plan, &v, "cannot check the exceptions: " + exception.error().message, now,
                   report);
  if (*exception)
    return cancel(ctx, plan, &v, fmt::format("exception {} covers the violation", **exception), now,
                  report);
  if (plan.mode == "manual") {
    plan.state = PlanState::AwaitingApproval;
    plan.reason =
        "mode manual: waiting for `vigil fix apply --violation " + std::to_string(v.id) + "`";
    ++report.awaiting;
    return save_plan(
        ctx, plan, now, "await",
        notice_rows(ctx, plan, notify::fix_awaiting_approval(fix_item(ctx, plan, v), ctx.notify),
                    "awaiting", now),
        report);
  }
  if (!ctx.fix.settings.enabled)
    return suspend(ctx, plan, &v, "fixes are off (vigil.yaml fixes.enabled)", now, report);
  if (!account_allowed(ctx, plan.account))
    return suspend(ctx, plan, &v,
                   fmt::format("account {} is not allowed (fixes.accounts, fixes.autofix.accounts)",
                               plan.account),
                   now, report);
  auto limited = over_limit(ctx, plan, now, started);
  if (!limited.ok())
    return suspend(ctx, plan, &v, "cannot count the recent fixes: " + limited.error().message, now,
                   report);
  if (!limited->empty()) {
    plan.due = now + ctx.settings.retry_after;
    plan.reason = *limited;
    ++report.rescheduled;
    // Told once per plan (the key has no due time): a plan held back by a
    // busy hour is postponed every retry_after, its owners are not.
    return save_plan(
        ctx, plan, now, "reschedule",
        notice_rows(ctx, plan, notify::fix_rescheduled(fix_item(ctx, plan, v), ctx.notify),
                    "rescheduled", now),
        report);
  }

  plan.state = PlanState::Running;
  plan.started = now;
  plan.reason.clear();
  if (Status s = save_plan(ctx, plan, now, "run", {}, report); !s.ok()) return s;
  ++started;
  auto run = apply(ctx.fix, v.id, plan.digest, plan.action);
  if (!run.ok()) return suspend(ctx, plan, &v, "not applied: " + run.error().message, now, report);
  return settle_run(ctx, plan, *run, v, now, report);
}

}  // namespace

Status resolve_running(AutofixContext& ctx, store::Time now, AutofixReport& report) {
  auto plans = ctx.fix.store.scheduled_fixes(plans_in({PlanState::Running}));
  if (!plans.ok()) return plans.error();
  if (plans->empty()) return {};
  auto recovered = recover(ctx.fix);  // runs left executing: re-read, never resent
  if (!recovered.ok()) return recovered.error();
  for (ScheduledFix& plan : *plans) {
    auto runs = ctx.fix.store.fix_runs(runs_of(plan.violation_id));
    if (!runs.ok()) return runs.error();
    auto run = std::find_if(runs->begin(), runs->end(), [&](const store::FixRun& r) {
      return plan.started && r.created >= *plan.started;
    });
    ++report.resumed;
    if (run == runs->end()) {  // the run is recorded before any call: nothing was sent
      plan.state = PlanState::Scheduled;
      plan.started.reset();
      plan.reason = "interrupted before its fix run was recorded: nothing was sent; due again";
      if (Status s = save_plan(ctx, plan, now, "resume", {}, report); !s.ok()) return s;
      continue;
    }
    auto v = ctx.fix.store.violation(plan.violation_id);
    if (!v.ok()) return v.error();
    if (!*v)
      return Error(fmt::format("violation {} of plan {} is gone", plan.violation_id, plan.id));
    if (Status s = settle_run(ctx, plan, *run, **v, now, report); !s.ok()) return s;
  }
  return {};
}

Status run_due(AutofixContext& ctx, store::Time now, AutofixReport& report) {
  store::ScheduledFixFilter due = plans_in({PlanState::Scheduled});
  due.due_by = now;
  auto plans = ctx.fix.store.scheduled_fixes(due);
  if (!plans.ok()) return plans.error();
  size_t started = 0;
  for (ScheduledFix& plan : *plans)
    if (Status s = run_plan(ctx, plan, now, started, report); !s.ok()) return s;
  return {};
}

}  // namespace vigil::fix::detail
