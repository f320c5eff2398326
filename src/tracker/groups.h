// Asset groups: named sets of assets chosen by criteria, recomputed every
// scan (issue [Tracker], "Asset groups and scoring").
//
// Criteria (GroupRecord::criteria, JSON):
//   {"accounts": [...], "regions": [...], "types": [...],
//    "tags": {"key": "value" | "*"}, "condition": "CEL over resource"}
// Every listed criterion must hold (AND); within a list any value matches
// (OR); an empty or absent criterion matches everything. A tag value "*"
// only requires the key. `condition` is a CEL expression over `resource`
// (see asset_condition.h: errors mean "not a member").
//
// Contract
// - parse_group_criteria() rejects unknown keys, wrong types and conditions
//   that do not compile, with a message naming the group and the key.
// - Placeholder assets of failed scopes (vigil:collection-failed/...) are
//   never members.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "inventory/inventory.h"
#include "store/store.h"
#include "tracker/asset_condition.h"

namespace vigil::tracker {

struct GroupCriteria {
  std::vector<std::string> accounts, regions, types;
  std::map<std::string, std::string> tags;
  std::string condition;
};

Result<GroupCriteria> parse_group_criteria(const std::string& group,
                                           const nlohmann::json& criteria);
nlohmann::json to_json(const GroupCriteria& criteria);

class GroupMatcher {
 public:
  static Result<GroupMatcher> compile(const store::GroupRecord& group);
  bool matches(const Asset& asset, const Inventory* inventory) const;
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  GroupCriteria criteria_;
  std::optional<AssetCondition> condition_;
};

bool is_placeholder_asset(std::string_view id);

// Members (sorted ids) of `group` among the assets of `inventory`.
std::vector<std::string> group_members(const GroupMatcher& group, const Inventory& inventory);

}  // namespace vigil::tracker
