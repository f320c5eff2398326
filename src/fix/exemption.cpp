// Exceptions covering a violation (exemption.h).
#include "fix/exemption.h"

#include <vector>

#include "inventory/inventory.h"
#include "tracker/exceptions.h"

namespace vigil::fix {

Result<std::optional<int64_t>> covering_exception(store::Store& store, const store::Violation& v,
                                                  const std::string& asset_content,
                                                  store::Time now) {
  auto all = store.exceptions(true, now);
  if (!all.ok()) return all.error();
  auto groups = store.groups();
  if (!groups.ok()) return groups.error();
  std::vector<std::vector<std::string>> storage;
  tracker::GroupMembership membership;
  storage.reserve(groups->size());
  for (const auto& g : *groups) {
    auto members = store.group_members(g.name);
    if (!members.ok()) return members.error();
    storage.push_back(std::move(members).value());
    auto& set = membership[g.name];
    for (const std::string& m : storage.back()) set.insert(m);
  }
  auto index = tracker::ExceptionIndex::build(std::move(all).value(), now, &membership);
  auto parsed = Asset::parse(asset_content);
  if (!parsed.ok()) return Error("the stored asset does not parse: " + parsed.error().message);
  Inventory inventory;
  if (Status added = inventory.add(std::move(parsed).value()); !added.ok()) return added.error();
  inventory.finalize();
  tracker::ExceptionIndex::PolicyTraits traits{v.policy_id, v.category, v.severity};
  std::optional<int64_t> id = index.covering(traits, inventory.at(0), &inventory, std::nullopt);
  return id;
}

}  // namespace vigil::fix
