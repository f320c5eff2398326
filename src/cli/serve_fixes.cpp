// The fix routes' runner for `vigil serve` (serve_fixes.h).
#include "cli/serve_fixes.h"

#include "daemon/autofix_tick.h"
#include "fix/registry.h"
#include "fix/runner.h"
#include "tracker/fix_json.h"

namespace vigil::cli {

void wire_fixes(api::ApiContext& context, const daemon::Config& config, const PolicySet& policies) {
  context.plan_fix = [&config, &policies](store::Store& db, int64_t violation,
                                          const std::string& action) -> Result<api::json> {
    fix::Context ctx{
        .store = db, .policies = policies, .settings = daemon::fix_settings(config.fixes)};
    auto planned = fix::plan_violation(ctx, violation, action);
    if (!planned.ok()) return planned.error();
    api::json out = fix::to_json(planned->plan);
    out["summary"] = std::string(planned->action->summary);
    out["undo_text"] = std::string(planned->action->undo_text);
    // The choice an operator has (?action=NAME).
    out["actions"] = api::json::array();
    for (const fix::FixAction* a : fix::actions_for_policy(planned->plan.policy_id))
      out["actions"].push_back(std::string(a->id));
    // What applying it would do in this deployment now.
    out["mode"] = !ctx.settings.enabled ? "off" : ctx.settings.dry_run ? "dry-run" : "apply";
    return out;
  };
  context.apply_fix = [&config, &policies](store::Store& db, int64_t violation,
                                           const std::string& digest, const std::string& action,
                                           const std::string& actor) -> Result<api::json> {
    fix::Context ctx{.store = db,
                     .policies = policies,
                     .settings = daemon::fix_settings(config.fixes),
                     .actor = actor};
    auto run = fix::apply(ctx, violation, digest, action);
    if (!run.ok()) return run.error();
    return tracker::fix_run_json(*run);
  };
}

}  // namespace vigil::cli
