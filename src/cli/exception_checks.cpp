// See exception_checks.h.
#include "cli/exception_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "cli/source_input.h"
#include "core/suggest.h"
#include "policy/policy_set.h"

namespace vigil::cli {

namespace {

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string near = closest(word, candidates);
  return near.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", near);
}

Result<std::vector<std::string>> deployment_policy_ids(const daemon::Config& config) {
  std::vector<std::string> paths = policy_paths_or_builtin(config.policies.paths);
  if (paths.empty())
    return Error(
        "no `policies: paths:` in the config and no built-in policies/ folder found: "
        "cannot check the policy ids");
  auto loaded = PolicySet::load(paths);
  if (!loaded.ok())
    return Error(
        fmt::format("the policies in {} do not load (`vigil policy validate`): cannot "
                    "check the policy ids",
                    paths.front()));
  std::vector<std::string> ids;
  for (const auto& p : loaded.set.policies()) ids.push_back(p->policy.id);
  return ids;
}

}  // namespace

Status check_exception_targets(const store::ExceptionRecord& e, store::Store& store,
                               const daemon::Config& config, bool allow_unseen_asset) {
  std::vector<std::string> named = e.sticky ? e.policy_ids : std::vector<std::string>{e.policy_id};
  if (!named.empty()) {
    Result<std::vector<std::string>> ids = deployment_policy_ids(config);
    if (!ids.ok()) return ids.error();
    Result<std::vector<std::string>> recorded = store.policy_ids();  // scans with other policies
    if (!recorded.ok()) return recorded.error();
    ids->insert(ids->end(), recorded->begin(), recorded->end());
    std::set<std::string> known(ids->begin(), ids->end());
    for (const std::string& id : named)
      if (!known.count(id))
        return Error(fmt::format("no policy has the id '{}'{}; `vigil policy list` shows them", id,
                                 did_you_mean(id, *ids)));
  }
  if (!e.sticky && !allow_unseen_asset) {
    Result<std::vector<store::AssetVersion>> seen = store.asset_history(e.asset_id);
    if (!seen.ok()) return seen.error();
    if (seen->empty())
      return Error(fmt::format(
          "no scan recorded in this store has seen the asset '{}'; check the id (`vigil "
          "inventory list`, `vigil violations list`), or pass --allow-unseen-asset to grant it "
          "before its first scan",
          e.asset_id));
  }
  if (!e.group.empty()) {
    std::vector<std::string> groups;
    Result<std::vector<store::GroupRecord>> stored = store.groups();
    if (!stored.ok()) return stored.error();
    for (const store::GroupRecord& g : *stored) groups.push_back(g.name);
    for (const daemon::GroupConfig& g : config.groups) groups.push_back(g.name);
    if (std::find(groups.begin(), groups.end(), e.group) == groups.end())
      return Error(
          fmt::format("no asset group is named '{}'{}; `vigil groups list` shows them, "
                      "`vigil groups add` defines one",
                      e.group, did_you_mean(e.group, groups)));
  }
  return Status::Ok();
}

}  // namespace vigil::cli
