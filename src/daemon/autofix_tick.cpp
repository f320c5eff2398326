// AutoFix from vigil.yaml (autofix_tick.h).
#include "daemon/autofix_tick.h"

namespace vigil::daemon {

fix::Settings fix_settings(const FixesConfig& f) {
  fix::Settings s;
  s.enabled = f.enabled;
  s.dry_run = f.dry_run;
  s.accounts = f.accounts;
  s.access = {f.profile, f.role, f.external_id, f.endpoint_url, ""};
  if (f.flow_logs.configured()) {
    nlohmann::json logs = {{"traffic_type", f.flow_logs.traffic_type}};
    if (!f.flow_logs.log_group.empty()) {
      logs["log_group"] = f.flow_logs.log_group;
      logs["role_arn"] = f.flow_logs.role_arn;
    } else {
      logs["s3_arn"] = f.flow_logs.s3_arn;
    }
    s.action_settings["flow_logs"] = std::move(logs);
  }
  return s;
}

bool autofix_configured(const Config& config) { return !config.fixes.autofix.policies.empty(); }

Result<fix::AutofixReport> run_autofix(const Config& config, const PolicySet& policies,
                                       store::Store& store, std::function<store::Time()> now,
                                       const std::string& actor) {
  fix::Context ctx{.store = store,
                   .policies = policies,
                   .settings = fix_settings(config.fixes),
                   .actor = actor,
                   .now = std::move(now),
                   .before_call = {},
                   .after_call = {}};
  fix::AutofixContext autofix{ctx, config.fixes.autofix, config.notifications};
  return fix::autofix_tick(autofix);
}

}  // namespace vigil::daemon
