// AutoFix notices (autofix_notices.h).
#include "fix/autofix_notices.h"

#include <fmt/format.h>

#include "fix/action.h"
#include "notify/outbox_rows.h"
#include "notify/violation_item.h"

namespace vigil::fix::detail {

std::string notice_key(const store::ScheduledFix& plan, std::string_view event) {
  int64_t created_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(plan.created.time_since_epoch())
          .count();
  return fmt::format("autofix:{}:{}:{}", plan.violation_id, created_ms, event);
}

notify::FixItem fix_item(const AutofixContext& ctx, const store::ScheduledFix& plan,
                         const store::Violation& violation) {
  notify::FixItem item;
  item.violation = notify::violation_item(violation);
  const CompiledPolicy* p = ctx.fix.policies.find(violation.policy_id);
  item.violation.title = p ? p->policy.title : std::string();
  item.action = plan.action;
  auto parsed = plan_from_json(plan.plan);
  if (parsed.ok()) {
    for (const ApiCall& c : parsed->calls) {
      if (!item.change.empty()) item.change += '\n';
      item.change += describe(c);
    }
  } else {
    item.change = "(the plan could not be read: " + parsed.error().message + ")";
  }
  if (ctx.fix.settings.dry_run)
    item.change = "DRY RUN (vigil.yaml fixes.mode: dry-run; nothing will be sent):\n" + item.change;
  item.deadline = plan.due;
  item.error = plan.reason;
  item.violation_id = plan.violation_id;
  item.manual = plan.mode == "manual";
  item.exception_help = ctx.settings.exception_help;
  return item;
}

std::vector<store::OutboxMessage> notice_rows(const AutofixContext& ctx,
                                              const store::ScheduledFix& plan,
                                              notify::Message message, std::string_view event,
                                              store::Time now) {
  message.key = notice_key(plan, event);
  message.to = plan.recipients;
  return notify::outbox_rows(message, ctx.notify, now);
}

}  // namespace vigil::fix::detail
