// The one-click fix path: plan, apply (checks, record, execute, verify,
// close), undo, and recovery of runs a dead process left in flight.
// `vigil fix` (src/cli/cmd_fix.cpp) is its face; docs/autofix.md the manual.
//
// Contract
//  - plan_violation() reads only: the stored violation, its policy, the
//    latest stored version of its asset, and the action's plan of it (the
//    policy's own action, or one the operator chose among those that
//    serve the policy).
//  - apply() refuses (Error kind Conflict, nothing sent, nothing recorded)
//    unless: fixes are enabled, the asset's account is allowed, the
//    violation is open, no active exception covers it, the plan digest is
//    the one the operator saw (when given), the credentials are the
//    account's, and the resource re-read live gives the same plan (it is
//    unchanged since the plan; gone: NotFound; unreadable: Unavailable).
//    In dry-run mode it then records the run `planned` and stops.
//    Otherwise: the run is recorded `executing` (plan, backup, the asset
//    before) BEFORE the first call; the calls are sent in order, each
//    outcome recorded; a failed call stops the run (`failed`, the calls
//    made so far listed; undo restores them). Then `executed`, then the
//    verification: the resource re-read through the collector and the
//    policy re-evaluated by the engine. Compliant: `verified`, the asset
//    after recorded, the violation closed (reason "auto-fixed") in the same
//    transaction. Anything else (violation, unknown, re-read failed):
//    `failed` with the reason; never "fixed".
//  - undo() sends the plan's undo calls for a run that is verified,
//    executed, or failed after all its calls were made, recording
//    `undoing` first; then re-reads: the resource gives the original plan
//    again -> `undone` and the violation reopened ("fix-undone"); else
//    `failed`. Undo parameters that name a call's answer (action.h
//    call_result) are filled from the answers recorded with the calls; an
//    answer that was not recorded (a run recovered after a crash) refuses
//    the undo (Conflict), sending nothing.
//  - recover() resolves runs left `executing`/`undoing` (a process killed
//    between a call and its record): it holds the store's writer lock, so
//    such a run's process is dead. It re-reads the resource and decides,
//    never resending: policy now compliant -> `verified` (violation closed);
//    the resource still gives the original plan -> `failed` ("interrupted
//    before the change took effect"); otherwise `failed` (state unknown).
//    apply() and undo() call it first.
//  - Every state change writes an audit entry ("fix.plan", "fix.execute",
//    "fix.verified", "fix.failed", "fix.undo", "fix.undone", "fix.recover")
//    in the same transaction.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"
#include "fix/action.h"
#include "fix/aws_session.h"
#include "policy/policy_set.h"
#include "store/store.h"

namespace vigil::fix {

struct Settings {
  bool enabled = false;               // the global switch
  bool dry_run = true;                // record plans only
  std::vector<std::string> accounts;  // where fixes may run (none: nowhere)
  AwsAccess access;
  // What actions read from vigil.yaml (PlanInput::settings): {"flow_logs": ...}.
  nlohmann::json action_settings = nlohmann::json::object();
};

struct Context {
  store::Store& store;
  const PolicySet& policies;  // the deployment's (params and overrides applied)
  Settings settings;
  std::string actor = "vigil";
  std::function<store::Time()> now = [] { return std::chrono::system_clock::now(); };
  // Test seam: called after the run is recorded `executing`, before call i.
  std::function<void(const store::FixRun&, size_t)> before_call;
  // Test seam: called after call i answered, before its outcome is recorded
  // (a process killed here is the crash between "executed" and "recorded").
  std::function<void(const store::FixRun&, size_t)> after_call;
  std::chrono::milliseconds writer_wait{10000};
  // AWS is eventually consistent (S3, IAM, EC2 changes can take seconds to
  // show): a verification that does not find the policy compliant re-reads
  // after each of these waits before the run is failed. Reads only: nothing
  // is sent again.
  std::vector<std::chrono::milliseconds> verify_waits{
      std::chrono::seconds(2), std::chrono::seconds(5), std::chrono::seconds(10)};
  // Test seam: how a wait is waited (default: the thread sleeps).
  std::function<void(std::chrono::milliseconds)> sleep = [](std::chrono::milliseconds d) {
    std::this_thread::sleep_for(d);
  };
  // The caller holds the store's writer lock for longer than one call (the
  // AutoFix tick, fix/autofix.h): apply() and recover() neither take nor
  // release it.
  bool writer_held = false;
};

struct PlannedFix {
  store::Violation violation;
  const FixAction* action = nullptr;
  const CompiledPolicy* policy = nullptr;
  Target target;
  FixPlan plan;
};

// `action`: the fix action to plan with, one of those that serve the
// violation's policy (registry.h actions_for_policy; another, or an unknown
// name, is an InvalidInput error naming the ones that do); empty: the
// policy's own (its `autofix:` action, else the first registered).
Result<PlannedFix> plan_violation(Context& ctx, int64_t violation_id, std::string_view action = {});
// `expected_digest`: the digest the operator confirmed (empty: not checked).
Result<store::FixRun> apply(Context& ctx, int64_t violation_id, const std::string& expected_digest,
                            std::string_view action = {});
Result<store::FixRun> undo(Context& ctx, int64_t run_id);
Result<std::vector<store::FixRun>> recover(Context& ctx);

}  // namespace vigil::fix
