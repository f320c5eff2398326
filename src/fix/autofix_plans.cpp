// AutoFix: plans made, reminded and settled when their violation closes
// (autofix_steps.h steps 2-4; autofix.h has the rules).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "core/time_text.h"
#include "fix/autofix_check.h"
#include "fix/autofix_notices.h"
#include "fix/autofix_steps.h"
#include "notify/owners.h"

namespace vigil::fix::detail {

namespace {

using nlohmann::json;
using store::PlanState;
using store::ScheduledFix;

bool listed(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// When the violation last became open (its opening or reopening event).
Result<store::Time> opened_at(store::Store& store, const store::Violation& v) {
  auto events = store.violation_events(v.id);
  if (!events.ok()) return events.error();
  store::Time at = v.first_seen;
  for (const store::ViolationEvent& e : *events)
    if (e.to == store::ViolationStatus::Open && e.from != store::ViolationStatus::Open) at = e.at;
  return at;
}

// Asset id -> the groups it is in (as of each group's last computation).
Result<std::map<std::string, std::vector<std::string>>> memberships(store::Store& store) {
  std::map<std::string, std::vector<std::string>> out;
  auto groups = store.groups();
  if (!groups.ok()) return groups.error();
  for (const store::GroupRecord& g : *groups) {
    auto members = store.group_members(g.name);
    if (!members.ok()) return members.error();
    for (const std::string& m : *members) out[m].push_back(g.name);
  }
  return out;
}

// The plan's recipients: the policy's `notify:` ("owners": the asset's owners).
std::vector<std::string> recipients(const AutofixContext& ctx, const Autofix& spec,
                                    const json& asset, const std::vector<std::string>& groups) {
  std::vector<std::string> out;
  auto add = [&](const std::string& a) {
    if (!listed(out, a)) out.push_back(a);
  };
  for (const std::string& who : spec.notify) {
    if (who != "owners") {
      add(who);
      continue;
    }
    notify::Tags tags;
    if (asset.contains("tags") && asset["tags"].is_object())
      for (const auto& [k, v] : asset["tags"].items())
        if (v.is_string()) tags.emplace_back(k, v.get<std::string>());
    for (const std::string& a : notify::resolve_owners(tags, groups, ctx.notify.owners).addresses)
      add(a);
  }
  return out;
}

}  // namespace

bool account_allowed(const AutofixContext& ctx, const std::string& account) {
  return listed(ctx.fix.settings.accounts, account) &&
         (ctx.settings.accounts.empty() || listed(ctx.settings.accounts, account));
}

Status save_plan(AutofixContext& ctx, ScheduledFix& plan, store::Time now, const std::string& audit,
                 const std::vector<store::OutboxMessage>& notices, AutofixReport& report) {
  plan.updated = now;
  json details = {{"violation", plan.violation_id},
                  {"state", std::string(to_string(plan.state))},
                  {"due", format_time(plan.due)}};
  if (!plan.reason.empty()) details["reason"] = plan.reason;
  if (plan.run_id) details["run"] = *plan.run_id;
  store::AuditEntry entry{.at = now,
                          .actor = ctx.fix.actor,
                          .action = "fix." + audit,
                          .object = fmt::format("fix-plan:{}", plan.id),
                          .details = details};
  if (Status s = ctx.fix.store.update_scheduled_fix(plan, notices, entry); !s.ok()) return s;
  report.log.push_back(fmt::format("autofix: plan {} (violation {}): {}{}", plan.id,
                                   plan.violation_id, to_string(plan.state),
                                   plan.reason.empty() ? "" : ": " + plan.reason));
  return {};
}

Status settle_closed(AutofixContext& ctx, store::Time now, AutofixReport& report) {
  auto plans =
      ctx.fix.store.scheduled_fixes(plans_in({PlanState::Scheduled, PlanState::AwaitingApproval}));
  if (!plans.ok()) return plans.error();
  for (ScheduledFix& plan : *plans) {
    auto v = ctx.fix.store.violation(plan.violation_id);
    if (!v.ok()) return v.error();
    if (*v && ((*v)->status == store::ViolationStatus::Open ||
               (*v)->status == store::ViolationStatus::Unknown))
      continue;  // open: still to do; unknown: decided at the due time (suspended)
    auto runs = ctx.fix.store.fix_runs(runs_of(plan.violation_id));
    if (!runs.ok()) return runs.error();
    auto verified = std::find_if(runs->begin(), runs->end(), [&](const store::FixRun& r) {
      return r.state == store::FixState::Verified && r.created >= plan.created;
    });
    if (verified != runs->end()) {
      plan.state = PlanState::Applied;
      plan.run_id = verified->id;
      plan.reason = fmt::format("applied by {} (fix run {})", verified->actor, verified->id);
    } else {
      plan.state = PlanState::Cancelled;
      if (!*v)
        plan.reason = "the violation is no longer stored";
      else if ((*v)->status == store::ViolationStatus::Exempted)
        plan.reason = fmt::format("exception {} granted before the deadline",
                                  (*v)->exception_id ? std::to_string(*(*v)->exception_id) : "?");
      else
        plan.reason = fmt::format("the violation closed ({}) before the deadline",
                                  (*v)->close_reason.empty() ? "fixed" : (*v)->close_reason);
    }
    auto& count = plan.state == PlanState::Applied ? report.applied : report.cancelled;
    ++count;
    std::vector<store::OutboxMessage> notices;  // a cancelled plan's owners are told why
    if (plan.state == PlanState::Cancelled && *v)
      notices = notice_rows(ctx, plan, notify::fix_cancelled(fix_item(ctx, plan, **v), ctx.notify),
                            "cancelled", now);
    if (Status s =
            save_plan(ctx, plan, now, plan.state == PlanState::Applied ? "applied" : "cancel",
                      notices, report);
        !s.ok())
      return s;
  }
  return {};
}

Status schedule_new(AutofixContext& ctx, store::Time now, AutofixReport& report) {
  if (!ctx.fix.settings.enabled) return {};  // nothing is planned while fixes are off
  std::optional<std::map<std::string, std::vector<std::string>>> groups;
  for (const std::string& id : ctx.settings.policies) {
    const CompiledPolicy* policy = ctx.fix.policies.find(id);
    if (!policy || !autofix_action(policy->policy)) continue;  // settings_problems() says why
    const Autofix& spec = *policy->policy.autofix;
    store::ViolationFilter filter;
    filter.statuses = {store::ViolationStatus::Open};
    filter.policy_id = id;
    auto open = ctx.fix.store.violations(filter);
    if (!open.ok()) return open.error();
    for (const store::Violation& v : *open) {
      if (!account_allowed(ctx, v.asset.account)) continue;
      auto existing = ctx.fix.store.scheduled_fixes(plans_of(v.id));
      if (!existing.ok()) return existing.error();
      auto since = opened_at(ctx.fix.store, v);
      if (!since.ok()) return since.error();
      const ScheduledFix* latest = nullptr;
      bool active = false;
      for (const ScheduledFix& p : *existing) {
        active = active || p.state == PlanState::Scheduled || p.state == PlanState::Running ||
                 p.state == PlanState::AwaitingApproval;
        if (p.created >= *since && (!latest || p.created > latest->created)) latest = &p;
      }
      if (active || (latest && latest->state != PlanState::Suspended)) continue;
      if (!groups) {
        auto loaded = memberships(ctx.fix.store);
        if (!loaded.ok()) return loaded.error();
        groups = std::move(loaded).value();
      }
      const std::vector<std::string>& in = (*groups)[v.asset.id];
      if (!ctx.settings.groups.empty() &&
          std::none_of(in.begin(), in.end(),
                       [&](const std::string& g) { return listed(ctx.settings.groups, g); }))
        continue;
      auto planned = plan_violation(ctx.fix, v.id);
      if (!planned.ok() && latest) continue;  // already suspended, still no plan
      if (planned.ok() && latest && latest->digest == planned->plan.digest) continue;

      ScheduledFix plan;
      plan.violation_id = v.id;
      plan.action = std::string(autofix_action(policy->policy)->id);
      plan.policy_id = id;
      plan.asset_id = v.asset.id;
      plan.account = v.asset.account;
      plan.mode = std::string(to_string(spec.mode));
      plan.created = plan.updated = now;
      plan.due = now + std::chrono::seconds(spec.grace_seconds);
      std::vector<store::OutboxMessage> notices;
      if (planned.ok()) {
        plan.plan = to_json(planned->plan);
        plan.digest = planned->plan.digest;
        plan.recipients = recipients(ctx, spec, planned->target.asset, in);
        notices =
            notice_rows(ctx, plan, notify::fix_warning(fix_item(ctx, plan, v), now, ctx.notify),
                        "warning", now);
        if (notices.empty())  // scheduled all the same (the deployment chose it), but visibly
          plan.reason = plan.recipients.empty()
                            ? "nobody was told: the resource has no owner and no fallback is set"
                            : "nobody was told: vigil.yaml configures no notification channel";
      } else {  // recorded, so that it is seen; never executed
        plan.state = PlanState::Suspended;
        plan.plan = json::object();
        plan.reason = "cannot plan the fix: " + planned.error().message;
      }
      store::AuditEntry audit{.at = now,
                              .actor = ctx.fix.actor,
                              .action = "fix.schedule",
                              .object = "",
                              .details = {{"violation", v.id},
                                          {"state", std::string(to_string(plan.state))},
                                          {"due", format_time(plan.due)},
                                          {"digest", plan.digest},
                                          {"recipients", plan.recipients}}};
      auto added = ctx.fix.store.add_scheduled_fix(plan, notices, audit);
      if (!added.ok()) {
        if (added.error().kind == Error::Kind::Conflict) continue;  // another process planned it
        return added.error();
      }
      ++(plan.state == PlanState::Suspended ? report.suspended : report.scheduled);
      report.log.push_back(fmt::format(
          "autofix: plan {} (violation {}): {} {}", *added, v.id, to_string(plan.state),
          plan.state == PlanState::Suspended ? plan.reason : "due " + format_time(plan.due)));
    }
  }
  return {};
}

Status queue_reminders(AutofixContext& ctx, store::Time now, AutofixReport& report) {
  if (ctx.settings.reminders.empty()) return {};
  auto plans = ctx.fix.store.scheduled_fixes(plans_in({PlanState::Scheduled}));
  if (!plans.ok()) return plans.error();
  std::vector<store::OutboxMessage> rows;
  for (const ScheduledFix& plan : *plans) {
    if (now >= plan.due) continue;
    std::optional<std::chrono::seconds> latest;  // the reminder whose time passed last
    for (std::chrono::seconds r : ctx.settings.reminders)
      if (plan.due - r <= now && plan.created < plan.due - r && (!latest || r < *latest))
        latest = r;
    if (!latest) continue;
    auto v = ctx.fix.store.violation(plan.violation_id);
    if (!v.ok()) return v.error();
    if (!*v) continue;
    for (store::OutboxMessage& m :
         notice_rows(ctx, plan, notify::fix_reminder(fix_item(ctx, plan, **v), now, ctx.notify),
                     fmt::format("reminder:{}s", latest->count()), now))
      rows.push_back(std::move(m));
  }
  if (rows.empty()) return {};
  auto added = ctx.fix.store.enqueue_messages(rows);
  if (!added.ok()) return added.error();
  report.reminded += *added;
  return {};
}

}  // namespace vigil::fix::detail
