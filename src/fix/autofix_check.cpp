// `autofix:` against the fix registry (autofix_check.h).
#include "fix/autofix_check.h"

#include <fmt/format.h>

#include <algorithm>

#include "fix/registry.h"

namespace vigil::fix {

namespace {

bool serves(const FixAction& a, const Policy& p) {
  return a.resource_type == p.resource &&
         std::find(a.policies.begin(), a.policies.end(), p.id) != a.policies.end();
}

Diagnostic problem(const Policy& p, std::string message, std::string hint) {
  Diagnostic d;
  d.code = "autofix.action";
  d.pos = p.autofix->action_pos.line ? p.autofix->action_pos : p.autofix->pos;
  d.message = std::move(message);
  d.hint = std::move(hint);
  d.source_line = read_source_line(d.pos.file, d.pos.line);
  return d;
}

}  // namespace

const FixAction* autofix_action(const Policy& policy) {
  if (!policy.autofix) return nullptr;
  const FixAction* a = find_action(policy.autofix->action);
  return a && serves(*a, policy) ? a : nullptr;
}

std::vector<Diagnostic> policy_problems(const PolicySet& policies) {
  std::vector<Diagnostic> out;
  for (const auto& compiled : policies.policies()) {
    const Policy& p = compiled->policy;
    if (!p.autofix) continue;
    const FixAction* a = find_action(p.autofix->action);
    if (!a) {
      out.push_back(problem(p, fmt::format("no fix action '{}'", p.autofix->action),
                            "`vigil fix actions` lists the actions and the policies they serve"));
    } else if (a->resource_type != p.resource) {
      out.push_back(
          problem(p,
                  fmt::format("fix action '{}' fixes {}, not this policy's resource {}", a->id,
                              a->resource_type, p.resource),
                  "choose an action of the policy's resource type (`vigil fix actions`)"));
    } else if (!serves(*a, p)) {
      out.push_back(problem(p,
                            fmt::format("fix action '{}' does not serve policy '{}'", a->id, p.id),
                            "an action fixes only the policies it was written for "
                            "(`vigil fix actions`)"));
    }
  }
  return out;
}

std::vector<std::string> settings_problems(const AutofixSettings& settings,
                                           const PolicySet& policies) {
  std::vector<std::string> out;
  for (const std::string& id : settings.policies) {
    const CompiledPolicy* p = policies.find(id);
    if (!p)
      out.push_back(fmt::format("fixes.autofix.policies: '{}' is not a loaded policy", id));
    else if (!p->policy.autofix)
      out.push_back(fmt::format("fixes.autofix.policies: policy '{}' declares no `autofix:`", id));
    else if (!autofix_action(p->policy))
      out.push_back(
          fmt::format("fixes.autofix.policies: policy '{}' has an invalid `autofix:` "
                      "(`vigil policy validate`)",
                      id));
  }
  return out;
}

}  // namespace vigil::fix
