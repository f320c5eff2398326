// The fix workflow (runner.h): checks, records, execution, verification,
// undo and recovery.
#include "fix/runner.h"
#include "fix/autofix_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "fix/exemption.h"
#include "fix/live_read.h"
#include "fix/registry.h"

namespace vigil::fix {
namespace {

using nlohmann::json;
using store::FixRun;
using store::FixState;

Error refused(std::string message) {
  return Error(std::move(message)).with_kind(Error::Kind::Conflict);
}

int64_t unix_seconds(store::Time t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

store::AuditEntry audit(const Context& ctx, store::Time at, std::string action, int64_t run_id,
                        json details) {
  return {.at = at,
          .actor = ctx.actor,
          .action = std::move(action),
          .object = run_id ? fmt::format("fix:{}", run_id) : std::string(),
          .details = std::move(details)};
}

// The plan's regions: where the resource is read back.
std::vector<std::string> read_regions(const FixPlan& plan) {
  std::vector<std::string> out;
  if (!plan.region.empty() && plan.region != "global") out.push_back(plan.region);
  for (const ApiCall& c : plan.calls)
    if (std::find(out.begin(), out.end(), c.region) == out.end()) out.push_back(c.region);
  if (out.empty()) out.push_back("us-east-1");
  return out;
}

Result<LiveAsset> reread(const Context& ctx, const FixPlan& plan) {
  return read_live(ctx.settings.access, plan.asset_id, plan.asset_type, plan.account,
                   read_regions(plan));
}

Target target_of(const json& asset) {
  return {.id = asset.value("id", ""),
          .type = asset.value("type", ""),
          .account = asset.value("account", ""),
          .region = asset.value("region", ""),
          .asset = asset};
}

json config_of(const json& asset) { return asset.value("config", json::object()); }

// The plan the live resource gives, for comparison with the stored one.
Result<FixPlan> live_plan(const Context& ctx, const FixAction& action, const CompiledPolicy& policy,
                          const LiveAsset& live, int64_t now) {
  PlanInput input{std::string(policy.policy.id), params_json(policy.params), now,
                  ctx.settings.action_settings};
  return plan_fix(action, target_of(live.json()), input);
}

Status check_not_exempted(Context& ctx, const store::Violation& v, const std::string& content,
                          store::Time now) {
  auto id = covering_exception(ctx.store, v, content, now);
  if (!id.ok()) return id.error();
  if (*id)
    return refused(fmt::format("exception {} covers violation {}: not fixing it", **id, v.id));
  return {};
}

Status save(Context& ctx, FixRun& run, const std::vector<store::ViolationUpdate>& updates,
            std::string audit_action, json details) {
  run.updated = ctx.now();
  details["state"] = std::string(to_string(run.state));
  if (!run.error.empty()) details["error"] = run.error;
  return ctx.store.update_fix_run(
      run, updates, audit(ctx, run.updated, std::move(audit_action), run.id, details));
}

// Closes the violation as auto-fixed (if still open).
std::vector<store::ViolationUpdate> close_update(Context& ctx, int64_t violation_id) {
  auto v = ctx.store.violation(violation_id);
  if (!v.ok() || !*v || (*v)->status != store::ViolationStatus::Open) return {};
  return {{.id = violation_id,
           .to = store::ViolationStatus::Closed,
           .reason = "auto-fixed",
           .message = (*v)->message,
           .severity = (*v)->severity,
           .close_reason = "auto-fixed"}};
}

// Re-reads, re-evaluates, and records verified (closing the violation) or failed.
Status verify_and_record(Context& ctx, FixRun& run, const FixPlan& plan,
                         const CompiledPolicy& policy, std::string_view how) {
  // Re-read and re-evaluate; again after each of ctx.verify_waits while the
  // policy is not found compliant (the change may not show yet).
  Result<LiveAsset> live = Error("not read");
  Evaluation e;
  size_t attempts = 0;
  for (;;) {
    ++attempts;
    live = reread(ctx, plan);
    if (live.ok()) {
      e = evaluate_live(policy, *live, unix_seconds(ctx.now()));
      if (e.status == FindingStatus::Compliant) break;
    }
    if (attempts > ctx.verify_waits.size()) break;
    ctx.sleep(ctx.verify_waits[attempts - 1]);
  }
  if (!live.ok()) {
    run.state = FixState::Failed;
    run.error =
        fmt::format("verification could not run ({}): not counted as fixed", live.error().message);
    run.result["verify"] = {
        {"status", "not-run"}, {"error", live.error().message}, {"attempts", attempts}};
    return save(ctx, run, {}, "fix.failed", {{"how", how}});
  }
  run.result["after"] = config_of(live->json());
  run.result["verify"] = {
      {"status", std::string(to_string(e.status))}, {"message", e.message}, {"attempts", attempts}};
  if (e.status != FindingStatus::Compliant) {
    run.state = FixState::Failed;
    run.error = fmt::format("verification: the policy reports {} after the fix{}",
                            to_string(e.status), e.message.empty() ? "" : ": " + e.message);
    return save(ctx, run, {}, "fix.failed", {{"how", how}});
  }
  run.state = FixState::Verified;
  run.error.clear();
  return save(ctx, run, close_update(ctx, run.violation_id), "fix.verified", {{"how", how}});
}

// Whether an undo call names the answer to call `index` (action.h call_result).
bool undo_needs_answer(const std::vector<ApiCall>& undo, size_t index) {
  for (const ApiCall& c : undo)
    for (const auto& [name, value] : c.params.items())
      if (value.is_object() && value.contains("$result") &&
          value["$result"].value("call", size_t{0}) == index)
        return true;
  return false;
}

// Sends `calls` in order, recording each outcome in result[key] (with AWS's
// answer when `undo` needs it); false on the first failure.
bool send_calls(Context& ctx, AwsSession& session, FixRun& run, const std::vector<ApiCall>& calls,
                const char* key, const std::vector<ApiCall>& undo = {}) {
  run.result[key] = json::array();
  for (size_t i = 0; i < calls.size(); ++i) {
    if (ctx.before_call) ctx.before_call(run, i);
    auto r = session.call(calls[i]);
    if (ctx.after_call) ctx.after_call(run, i);
    json outcome = {{"operation", calls[i].operation}, {"region", calls[i].region}};
    if (auto* e = std::get_if<aws::AwsCallError>(&r)) {
      outcome["ok"] = false;
      outcome["error"] = fmt::format("{}: {}", e->code, e->message);
      outcome["request_id"] = e->request_id;
      run.result[key].push_back(outcome);
      run.error = fmt::format("{} failed: {}: {}", calls[i].operation, e->code, e->message);
      return false;
    }
    outcome["ok"] = true;
    // What the call created (ids) is what its undo may need (action.h call_result).
    if (undo_needs_answer(undo, i))
      if (auto* answer = std::get_if<json>(&r)) outcome["response"] = *answer;
    run.result[key].push_back(outcome);
  }
  return true;
}

// The undo calls with every call_result() parameter filled from the answers
// recorded with the run's calls.
Result<std::vector<ApiCall>> resolved_undo(const FixRun& run, std::vector<ApiCall> calls) {
  for (ApiCall& c : calls)
    for (auto& [name, value] : c.params.items()) {
      if (!value.is_object() || !value.contains("$result")) continue;
      const json& ref = value["$result"];
      size_t index = ref.value("call", size_t{0});
      std::string member = ref.value("member", "");
      const json* recorded = nullptr;
      if (run.result.contains("calls") && run.result["calls"].size() > index) {
        const json& outcome = run.result["calls"][index];
        if (outcome.contains("response") && outcome["response"].contains(member))
          recorded = &outcome["response"][member];
      }
      if (!recorded)
        return refused(fmt::format(
            "undo needs the {} that AWS answered to call {} ({}), and it was not recorded (the run "
            "was interrupted before its answer was stored): undo it by hand",
            member, index + 1,
            run.result.value("calls", json::array()).size() > index
                ? run.result["calls"][index].value("operation", "")
                : std::string("not made")));
      value = *recorded;
    }
  return calls;
}

struct Loaded {
  const FixAction* action = nullptr;
  const CompiledPolicy* policy = nullptr;
  FixPlan plan;
};

Result<Loaded> load_run(Context& ctx, const FixRun& run) {
  Loaded l;
  l.action = find_action(run.action);
  if (!l.action)
    return Error("fix run names an unknown action " + run.action).with_kind(Error::Kind::NotFound);
  l.policy = ctx.policies.find(run.policy_id);
  if (!l.policy)
    return Error(fmt::format("policy {} is not loaded: cannot verify", run.policy_id))
        .with_kind(Error::Kind::NotFound);
  auto plan = plan_from_json(run.plan);
  if (!plan.ok()) return plan.error();
  l.plan = std::move(plan).value();
  return l;
}

Status check_switch(const Context& ctx, const std::string& account) {
  if (!ctx.settings.enabled)
    return refused("fixes are off: set `fixes: {enabled: true}` in vigil.yaml (docs/autofix.md)");
  const auto& allowed = ctx.settings.accounts;
  if (std::find(allowed.begin(), allowed.end(), account) == allowed.end())
    return refused(fmt::format("account {} is not in vigil.yaml `fixes: accounts:`", account));
  return {};
}

Status recover_run(Context& ctx, FixRun run) {
  auto l = load_run(ctx, run);
  if (!l.ok()) {
    run.state = FixState::Failed;
    run.error = "interrupted, and cannot be checked: " + l.error().message;
    return save(ctx, run, {}, "fix.recover", {});
  }
  bool undoing = run.state == FixState::Undoing;
  run.result["recovered"] = true;
  auto live = reread(ctx, l->plan);
  if (!live.ok()) {
    run.state = FixState::Failed;
    run.error = "interrupted; the resource could not be re-read to tell what happened: " +
                live.error().message;
    return save(ctx, run, {}, "fix.recover", {});
  }
  auto again = live_plan(ctx, *l->action, *l->policy, *live, unix_seconds(ctx.now()));
  bool original = again.ok() && again->digest == l->plan.digest;
  if (undoing) {
    run.state = original ? FixState::Undone : FixState::Failed;
    run.error =
        original ? "" : "undo interrupted; the resource is not back to its backup: check it";
    run.result["after_undo"] = config_of(live->json());
    return save(ctx, run, {}, "fix.recover", {});
  }
  Evaluation e = evaluate_live(*l->policy, *live, unix_seconds(ctx.now()));
  if (e.status == FindingStatus::Compliant)
    return verify_and_record(ctx, run, l->plan, *l->policy, "recover");
  run.state = FixState::Failed;
  run.error = original
                  ? "interrupted before the change took effect: nothing was repeated; apply again"
                  : "interrupted; the resource is neither as planned nor fixed: check it";
  run.result["after"] = config_of(live->json());
  return save(ctx, run, {}, "fix.recover", {});
}

// Resolves the runs left executing or undoing; the caller holds the writer lock.
Result<std::vector<store::FixRun>> recover_in_flight(Context& ctx) {
  auto in_flight = ctx.store.fix_runs({.states = {FixState::Executing, FixState::Undoing}});
  if (!in_flight.ok()) return in_flight.error();
  std::vector<FixRun> out;
  for (const FixRun& run : *in_flight) {
    if (Status s = recover_run(ctx, run); !s.ok()) return s.error();
    auto after = ctx.store.fix_run(run.id);
    if (after.ok() && *after) out.push_back(**after);
  }
  return out;
}

}  // namespace

Result<PlannedFix> plan_violation(Context& ctx, int64_t violation_id, std::string_view action) {
  PlannedFix p;
  auto v = ctx.store.violation(violation_id);
  if (!v.ok()) return v.error();
  if (!*v)
    return Error(fmt::format("no violation {}", violation_id)).with_kind(Error::Kind::NotFound);
  p.violation = **v;
  p.policy = ctx.policies.find(p.violation.policy_id);
  if (!p.policy)
    return Error(fmt::format("policy {} is not among the loaded policies", p.violation.policy_id))
        .with_kind(Error::Kind::NotFound);
  if (!action.empty()) {
    auto chosen = action_serving(action, p.violation.policy_id);
    if (!chosen.ok()) return chosen.error();
    p.action = *chosen;
  } else {
    // The action the policy's `autofix:` names, else the first that serves it (registry.h).
    p.action = autofix_action(p.policy->policy);
    if (!p.action) p.action = action_for_policy(p.violation.policy_id);
  }
  if (!p.action)
    return Error(fmt::format("policy {} has no fix action (vigil fix actions lists them)",
                             p.violation.policy_id))
        .with_kind(Error::Kind::NotFound);
  auto history = ctx.store.asset_history(p.violation.asset.id);
  if (!history.ok()) return history.error();
  if (history->empty())
    return Error("no stored version of " + p.violation.asset.id).with_kind(Error::Kind::NotFound);
  json asset = json::parse(history->back().content, nullptr, false);
  if (asset.is_discarded())
    return Error("the stored asset is not JSON").with_kind(Error::Kind::Corrupt);
  p.target = target_of(asset);
  PlanInput input{p.violation.policy_id, params_json(p.policy->params), unix_seconds(ctx.now()),
                  ctx.settings.action_settings};
  auto plan = plan_fix(*p.action, p.target, input);
  if (!plan.ok()) return plan.error();
  p.plan = std::move(plan).value();
  return p;
}

Result<store::FixRun> apply(Context& ctx, int64_t violation_id, const std::string& expected_digest,
                            std::string_view action) {
  if (!ctx.writer_held)
    if (Status locked = ctx.store.acquire_writer(ctx.writer_wait); !locked.ok())
      return locked.error();
  std::optional<store::WriterRelease> release;
  if (!ctx.writer_held) release.emplace(ctx.store);
  if (auto r = recover_in_flight(ctx); !r.ok()) return r.error();

  auto p = plan_violation(ctx, violation_id, action);
  if (!p.ok()) return p.error();
  if (Status s = check_switch(ctx, p->plan.account); !s.ok()) return s.error();
  if (p->violation.status == store::ViolationStatus::Exempted && p->violation.exception_id)
    return refused(fmt::format("violation {} is exempted by exception {}: not fixing it",
                               violation_id, *p->violation.exception_id));
  if (p->violation.status != store::ViolationStatus::Open)
    return refused(
        fmt::format("violation {} is {}, not open", violation_id, to_string(p->violation.status)));
  store::Time now = ctx.now();
  auto history = ctx.store.asset_history(p->violation.asset.id);
  if (!history.ok()) return history.error();
  if (Status s = check_not_exempted(ctx, p->violation, history->back().content, now); !s.ok())
    return s.error();
  if (!expected_digest.empty() && expected_digest != p->plan.digest)
    return refused(
        fmt::format("the plan is now {}, not the {} confirmed: run `vigil fix plan` again",
                    p->plan.digest, expected_digest));

  auto session = AwsSession::open(ctx.settings.access, p->plan.account);
  if (!session.ok()) return session.error();
  auto live = reread(ctx, p->plan);
  if (!live.ok()) return live.error();
  auto again = live_plan(ctx, *p->action, *p->policy, *live, unix_seconds(now));
  if (!again.ok())
    return refused("the resource changed since the scan: " + again.error().message +
                   "; scan again");
  if (again->digest != p->plan.digest)
    return refused("the resource changed since the scan (the live plan differs): scan again");

  FixRun run{.violation_id = violation_id,
             .action = p->plan.action,
             .policy_id = p->plan.policy_id,
             .asset_id = p->plan.asset_id,
             .account = p->plan.account,
             .state = ctx.settings.dry_run ? FixState::Planned : FixState::Executing,
             .plan = to_json(p->plan),
             .actor = ctx.actor,
             .created = now,
             .updated = now};
  run.result["before"] = config_of(live->json());
  auto id = ctx.store.add_fix_run(
      run, audit(ctx, now, ctx.settings.dry_run ? "fix.plan" : "fix.execute", 0,
                 {{"violation", violation_id},
                  {"digest", p->plan.digest},
                  {"dry_run", ctx.settings.dry_run}}));
  if (!id.ok()) return id.error();
  run.id = *id;
  if (ctx.settings.dry_run) return run;

  if (!send_calls(ctx, **session, run, p->plan.calls, "calls", p->plan.undo)) {
    run.state = FixState::Failed;
    if (Status s = save(ctx, run, {}, "fix.failed", {}); !s.ok()) return s.error();
    return run;
  }
  run.state = FixState::Executed;
  if (Status s = save(ctx, run, {}, "fix.executed", {}); !s.ok()) return s.error();
  if (Status s = verify_and_record(ctx, run, p->plan, *p->policy, "apply"); !s.ok())
    return s.error();
  return run;
}

Result<store::FixRun> undo(Context& ctx, int64_t run_id) {
  if (Status locked = ctx.store.acquire_writer(ctx.writer_wait); !locked.ok())
    return locked.error();
  store::WriterRelease release(ctx.store);
  if (auto r = recover_in_flight(ctx); !r.ok()) return r.error();
  auto found = ctx.store.fix_run(run_id);
  if (!found.ok()) return found.error();
  if (!*found) return Error(fmt::format("no fix run {}", run_id)).with_kind(Error::Kind::NotFound);
  FixRun run = **found;
  auto l = load_run(ctx, run);
  if (!l.ok()) return l.error();
  bool all_calls_made = run.result.contains("calls") &&
                        run.result["calls"].size() == l->plan.calls.size() &&
                        std::all_of(run.result["calls"].begin(), run.result["calls"].end(),
                                    [](const json& c) { return c.value("ok", false); });
  if (!(run.state == FixState::Verified || run.state == FixState::Executed ||
        (run.state == FixState::Failed && all_calls_made)))
    return refused(
        fmt::format("fix run {} is {}: only a run whose calls were all made can be undone", run_id,
                    to_string(run.state)));
  if (Status s = check_switch(ctx, run.account); !s.ok()) return s.error();
  auto undo_calls = resolved_undo(run, l->plan.undo);
  if (!undo_calls.ok()) return undo_calls.error();
  auto session = AwsSession::open(ctx.settings.access, run.account);
  if (!session.ok()) return session.error();
  run.state = FixState::Undoing;
  if (Status s = save(ctx, run, {}, "fix.undo", {}); !s.ok()) return s.error();
  if (!send_calls(ctx, **session, run, *undo_calls, "undo_calls")) {
    run.state = FixState::Failed;
    run.error = "undo: " + run.error;
    if (Status s = save(ctx, run, {}, "fix.failed", {}); !s.ok()) return s.error();
    return run;
  }
  auto live = reread(ctx, l->plan);
  std::vector<store::ViolationUpdate> reopen;
  if (live.ok()) {
    run.result["after_undo"] = config_of(live->json());
    auto again = live_plan(ctx, *l->action, *l->policy, *live, unix_seconds(ctx.now()));
    if (again.ok() && again->digest == l->plan.digest) {
      run.state = FixState::Undone;
      run.error.clear();
      auto v = ctx.store.violation(run.violation_id);
      if (v.ok() && *v && (*v)->status == store::ViolationStatus::Closed)
        reopen.push_back({.id = run.violation_id,
                          .to = store::ViolationStatus::Open,
                          .reason = "fix-undone",
                          .message = (*v)->message,
                          .severity = (*v)->severity});
    } else {
      run.state = FixState::Failed;
      run.error = "undo calls were made, but the resource is not back to its backup";
    }
  } else {
    run.state = FixState::Failed;
    run.error =
        "undo calls were made, but the resource could not be re-read: " + live.error().message;
  }
  if (Status s =
          save(ctx, run, reopen, run.state == FixState::Undone ? "fix.undone" : "fix.failed", {});
      !s.ok())
    return s.error();
  return run;
}

Result<std::vector<store::FixRun>> recover(Context& ctx) {
  // Callers that hold the writer lock (AutoFix) say so; otherwise it is taken
  // here and released on return.
  if (!ctx.writer_held)
    if (Status locked = ctx.store.acquire_writer(ctx.writer_wait); !locked.ok())
      return locked.error();
  std::optional<store::WriterRelease> release;
  if (!ctx.writer_held) release.emplace(ctx.store);
  return recover_in_flight(ctx);
}

}  // namespace vigil::fix
