// AutoFix's grace-period workflow (docs/autofix.md): a violation whose
// policy declares `autofix:` and whose deployment turns it on (vigil.yaml
// `fixes: autofix:`) gets a plan due at now + grace; its owners are told
// the deadline, the exact change and how to ask for an exception, and
// reminded before the deadline; at the deadline the plan is re-checked and
// handed to the runner (runner.h), or suspended, rescheduled or cancelled
// with the reason. `vigil serve` runs autofix_tick() after every round of
// scans and every minute; `vigil fix due` runs it once (cron).
//
// Contract
//  - Time is ctx.fix.now(): nothing here sleeps or reads the wall clock.
//  - The tick holds the store's writer lock from start to end (one
//    process acts on plans at a time; Unavailable when it is busy).
//  - Every plan change is stored with its notices (outbox rows with
//    idempotency keys "autofix:<violation>:<plan created ms>:<event>") in one
//    transaction: a restart never sends a notice twice nor loses one.
//  - Order of one tick: (1) plans left `running` by a dead process are
//    resolved from their fix run (after runner recover(), which never
//    resends a call); no run recorded: nothing was sent, the plan is
//    scheduled again. (2) Plans whose violation is no longer open are
//    cancelled (exempted, closed) or marked applied (an operator's verified
//    fix run). (3) New plans for open violations of enabled policies
//    (fixes on, account allowed, asset in the groups when listed) that have
//    no plan since they last opened, or whose last plan was suspended and
//    whose stored resource now gives another plan. (4) Reminders, each once,
//    only the latest one passed. (5) Plans due: the violation still open,
//    no active exception (else cancelled); mode manual: awaiting-approval
//    and a notice, never executed; fixes off, account not allowed, the
//    violation unknown, or any check that fails or cannot be made:
//    suspended with the reason (never executed, never closed); over a rate
//    limit: rescheduled by retry_after with the reason. Otherwise the plan
//    is stored `running` and runner apply() runs with the plan's digest
//    (the resource must be unchanged since the owner was told): verified ->
//    applied (fix-applied notice); failed -> failed (fix-failed notice, not
//    retried); dry-run -> dry-run; refused -> suspended (fix-suspended notice).
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "fix/autofix_settings.h"
#include "fix/runner.h"
#include "notify/settings.h"

namespace vigil::fix {

struct AutofixContext {
  Context& fix;                     // store, policies, switch, accounts, AWS access, now, actor
  const AutofixSettings& settings;  // vigil.yaml fixes.autofix
  const notify::Settings& notify;   // owners and channels (no channel: plans without notices)
};

struct AutofixReport {
  size_t scheduled = 0, reminded = 0, cancelled = 0, awaiting = 0, suspended = 0, rescheduled = 0,
         applied = 0, failed = 0, dry_run = 0, resumed = 0;
  std::vector<std::string> log;  // one line per plan changed
  std::string summary() const;   // "autofix: 1 scheduled, ..." (empty when nothing happened)
};

Result<AutofixReport> autofix_tick(AutofixContext& ctx);

}  // namespace vigil::fix
