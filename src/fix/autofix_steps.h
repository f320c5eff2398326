// Private to fix/: the steps of one AutoFix tick (autofix.h, in its order)
// and the plan bookkeeping they share. The caller holds the writer lock.
#pragma once

#include <string>
#include <vector>

#include "fix/autofix.h"
#include "store/store.h"

namespace vigil::fix::detail {

// (1) plans left `running`; (5) plans due (autofix_due.cpp).
Status resolve_running(AutofixContext& ctx, store::Time now, AutofixReport& report);
Status run_due(AutofixContext& ctx, store::Time now, AutofixReport& report);
// (2) plans of violations no longer open; (3) new plans; (4) reminders (autofix_plans.cpp).
Status settle_closed(AutofixContext& ctx, store::Time now, AutofixReport& report);
Status schedule_new(AutofixContext& ctx, store::Time now, AutofixReport& report);
Status queue_reminders(AutofixContext& ctx, store::Time now, AutofixReport& report);

// Stores `plan` (state, due, reason, ...) moved to its new state at `now`,
// with `notices` and the audit entry "fix.<audit>"; logs one line.
Status save_plan(AutofixContext& ctx, store::ScheduledFix& plan, store::Time now,
                 const std::string& audit, const std::vector<store::OutboxMessage>& notices,
                 AutofixReport& report);

// The store filters the steps use (spelled out: designated initializers of
// these structs warn under -Wmissing-field-initializers).
inline store::ScheduledFixFilter plans_in(std::vector<store::PlanState> states) {
  store::ScheduledFixFilter f;
  f.states = std::move(states);
  return f;
}
inline store::ScheduledFixFilter plans_of(int64_t violation) {
  store::ScheduledFixFilter f;
  f.violation_id = violation;
  return f;
}
inline store::FixRunFilter runs_of(int64_t violation) {
  store::FixRunFilter f;
  f.violation_id = violation;
  return f;
}

// Whether fixes may run in `account`: fixes.accounts, and autofix.accounts when listed.
bool account_allowed(const AutofixContext& ctx, const std::string& account);

}  // namespace vigil::fix::detail
