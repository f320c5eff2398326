// One AutoFix tick (autofix.h): the steps of autofix_steps.h in order,
// under the store's writer lock.
#include "fix/autofix.h"

#include <fmt/format.h>

#include "fix/autofix_steps.h"

namespace vigil::fix {

std::string AutofixReport::summary() const {
  std::string out;
  auto add = [&](size_t n, std::string_view what) {
    if (n) out += fmt::format("{}{} {}", out.empty() ? "autofix: " : ", ", n, what);
  };
  add(scheduled, "scheduled");
  add(reminded, "reminders queued");
  add(resumed, "resumed after an interruption");
  add(cancelled, "cancelled");
  add(awaiting, "awaiting approval");
  add(rescheduled, "rescheduled");
  add(suspended, "suspended");
  add(applied, "applied");
  add(failed, "failed");
  add(dry_run, "dry-run");
  return out;
}

Result<AutofixReport> autofix_tick(AutofixContext& ctx) {
  store::Time now = ctx.fix.now();
  if (Status locked = ctx.fix.store.acquire_writer(ctx.fix.writer_wait); !locked.ok())
    return locked.error();
  store::WriterRelease release(ctx.fix.store);
  struct Held {  // the runner must neither take nor release the lock held here
    Context& c;
    bool before;
    explicit Held(Context& ctx) : c(ctx), before(ctx.writer_held) { c.writer_held = true; }
    ~Held() { c.writer_held = before; }
  } held(ctx.fix);
  AutofixReport report;
  for (auto step : {detail::resolve_running, detail::settle_closed, detail::schedule_new,
                    detail::queue_reminders, detail::run_due})
    if (Status s = step(ctx, now, report); !s.ok()) return s.error();
  return report;
}

}  // namespace vigil::fix
