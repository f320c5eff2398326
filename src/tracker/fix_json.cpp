// Fix runs and scheduled fixes as JSON (fix_json.h).
#include "tracker/fix_json.h"

#include "core/time_text.h"

namespace vigil::tracker {

using json = nlohmann::ordered_json;

json fix_run_json(const store::FixRun& r) {
  return {{"id", r.id},
          {"violation", r.violation_id},
          {"action", r.action},
          {"policy", r.policy_id},
          {"asset", r.asset_id},
          {"account", r.account},
          {"state", std::string(to_string(r.state))},
          {"actor", r.actor},
          {"created", format_time(r.created)},
          {"updated", format_time(r.updated)},
          {"error", r.error},
          {"plan", r.plan},
          {"result", r.result}};
}

json scheduled_fix_json(const store::ScheduledFix& p) {
  return {{"id", p.id},
          {"violation", p.violation_id},
          {"action", p.action},
          {"policy", p.policy_id},
          {"asset", p.asset_id},
          {"account", p.account},
          {"mode", p.mode},
          {"state", std::string(to_string(p.state))},
          {"due", format_time(p.due)},
          {"created", format_time(p.created)},
          {"updated", format_time(p.updated)},
          {"run", p.run_id ? json(*p.run_id) : json(nullptr)},
          {"recipients", p.recipients},
          {"reason", p.reason},
          {"digest", p.digest}};
}

}  // namespace vigil::tracker
