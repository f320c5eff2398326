// See exception_targets.h.
#include "tracker/exception_targets.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>

#include "core/invalid_input.h"
#include "core/suggest.h"

namespace vigil::tracker {

namespace {

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string near = closest(word, candidates);
  return near.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", near);
}

}  // namespace

Status check_exception_targets(const store::ExceptionRecord& e, store::Store& store,
                               const KnownTargets& known) {
  std::vector<std::string> named = e.sticky ? e.policy_ids : std::vector<std::string>{e.policy_id};
  if (!named.empty()) {
    auto ids = std::make_optional(known.policy_ids);
    Result<std::vector<std::string>> recorded = store.policy_ids();  // scans with other policies
    if (!recorded.ok()) return recorded.error();
    ids->insert(ids->end(), recorded->begin(), recorded->end());
    std::set<std::string> known(ids->begin(), ids->end());
    for (const std::string& id : named)
      if (!known.count(id))
        return invalid_input(
            fmt::format("no policy has the id '{}'{}; `vigil policy list` shows them", id,
                        did_you_mean(id, *ids)),
            e.sticky ? "policies" : "policy");
  }
  if (!e.sticky && !known.allow_unseen_asset) {
    Result<std::vector<store::AssetVersion>> seen = store.asset_history(e.asset_id);
    if (!seen.ok()) return seen.error();
    if (seen->empty())
      return invalid_input(
          fmt::format("no scan recorded in this store has seen the asset '{}'; check the id "
                      "(`vigil violations list`){}",
                      e.asset_id,
                      known.allow_unseen_hint.empty() ? "" : ", or " + known.allow_unseen_hint),
          "asset");
  }
  if (!e.group.empty()) {
    std::vector<std::string> groups;
    Result<std::vector<store::GroupRecord>> stored = store.groups();
    if (!stored.ok()) return stored.error();
    for (const store::GroupRecord& g : *stored) groups.push_back(g.name);
    groups.insert(groups.end(), known.group_names.begin(), known.group_names.end());
    if (std::find(groups.begin(), groups.end(), e.group) == groups.end())
      return invalid_input(
          fmt::format("no asset group is named '{}'{}; `vigil groups list` shows them, "
                      "`vigil groups add` defines one",
                      e.group, did_you_mean(e.group, groups)),
          "group");
  }
  return Status::Ok();
}

}  // namespace vigil::tracker
