// Group membership of one scan (reconcile_groups.h).
#include "tracker/reconcile_groups.h"

#include <fmt/format.h>

#include <algorithm>

#include "tracker/groups.h"

namespace vigil::tracker::detail {

Result<GroupsOfScan> compute_groups(Reconciler& r, const std::vector<uint32_t>& row_of,
                                    store::ScanChanges& changes, RecordSummary& summary) {
  GroupsOfScan out;
  out.of_inventory.resize(r.inventory.size());
  Result<std::vector<store::GroupRecord>> groups = r.store.groups();
  if (!groups.ok()) return Error::at_offset("loading asset groups: " + groups.error().message, 0);
  for (const store::GroupRecord& g : groups.value()) {
    Result<GroupMatcher> matcher = GroupMatcher::compile(g);
    if (!matcher.ok()) {  // keep the stored membership; say what to fix
      summary.warnings.push_back(
          fmt::format("{}; its membership is left as it was (fix it with `vigil groups add`)",
                      matcher.error().message));
      continue;
    }
    uint32_t index = uint32_t(out.names.size());
    out.names.push_back(g.name);
    std::vector<std::string_view> members;
    for (size_t i = 0; i < r.inventory.size(); ++i) {
      if (row_of[i] == kNone) continue;
      if (!matcher->matches(r.inventory.at(i), &r.inventory)) continue;
      members.push_back(r.inventory.at(i).id);
      out.of_inventory[i].push_back(index);
    }
    Result<std::vector<std::string>> previous = r.store.group_members(g.name);
    if (!previous.ok())
      return Error::at_offset(
          fmt::format("loading members of group {}: {}", g.name, previous.error().message), 0);
    for (const std::string& id : previous.value()) {
      uint32_t row = r.asset_index(id);
      if (row == kNone) continue;
      const AssetRow& a = r.assets[row];
      // Kept: members this scan could not judge (scope not collected, or
      // the asset belongs to another source).
      if (a.inventory != kNone || a.deleted || (r.scopes[a.scope].ok && r.owned(a))) continue;
      members.push_back(out.kept.emplace_back(id));
    }
    std::sort(members.begin(), members.end());
    std::vector<std::string> sorted_previous = std::move(previous).value();
    std::sort(sorted_previous.begin(), sorted_previous.end());
    bool same = sorted_previous.size() == members.size() &&
                std::equal(members.begin(), members.end(), sorted_previous.begin());
    if (!same) {
      changes.group_members.emplace_back(g.name,
                                         std::vector<std::string>(members.begin(), members.end()));
      ++summary.groups_changed;
    }
    out.membership[g.name].insert(members.begin(), members.end());
  }
  return out;
}

}  // namespace vigil::tracker::detail
