// Asset groups (groups.h).
#include "tracker/groups.h"

#include <fmt/format.h>

#include <algorithm>

namespace vigil::tracker {

namespace {

Status read_list(const std::string& group, const nlohmann::json& criteria, const char* key,
                 std::vector<std::string>& out) {
  auto it = criteria.find(key);
  if (it == criteria.end() || it->is_null()) return Status{};
  if (!it->is_array())
    return Error::at_offset(
        fmt::format("group \"{}\": criteria.{} must be a list of strings", group, key), 0);
  for (const nlohmann::json& v : *it) {
    if (!v.is_string())
      return Error::at_offset(
          fmt::format("group \"{}\": criteria.{} must be a list of strings, found {}", group, key,
                      v.dump()),
          0);
    out.push_back(v.get<std::string>());
  }
  return Status{};
}

bool listed(const std::vector<std::string>& values, std::string_view v) {
  return values.empty() || std::find(values.begin(), values.end(), v) != values.end();
}

}  // namespace

bool is_placeholder_asset(std::string_view id) { return Asset::is_placeholder_id(id); }

Result<GroupCriteria> parse_group_criteria(const std::string& group,
                                           const nlohmann::json& criteria) {
  GroupCriteria out;
  if (criteria.is_null()) return out;
  if (!criteria.is_object())
    return Error::at_offset(
        fmt::format("group \"{}\": criteria must be an object with accounts, regions, types, tags, "
                    "condition",
                    group),
        0);
  for (const auto& [key, value] : criteria.items()) {
    if (key != "accounts" && key != "regions" && key != "types" && key != "tags" &&
        key != "condition")
      return Error::at_offset(
          fmt::format("group \"{}\": unknown criterion \"{}\" (expected accounts, regions, types, "
                      "tags, condition)",
                      group, key),
          0);
    (void)value;
  }
  for (auto [key, list] : {std::pair{"accounts", &out.accounts}, std::pair{"regions", &out.regions},
                           std::pair{"types", &out.types}}) {
    Status s = read_list(group, criteria, key, *list);
    if (!s.ok()) return s.error();
  }
  if (auto it = criteria.find("tags"); it != criteria.end() && !it->is_null()) {
    if (!it->is_object())
      return Error::at_offset(
          fmt::format("group \"{}\": criteria.tags must be a map of tag key to value (\"*\": any)",
                      group),
          0);
    for (const auto& [k, v] : it->items()) {
      if (!v.is_string())
        return Error::at_offset(
            fmt::format("group \"{}\": criteria.tags.{} must be a string", group, k), 0);
      out.tags[k] = v.get<std::string>();
    }
  }
  if (auto it = criteria.find("condition"); it != criteria.end() && !it->is_null()) {
    if (!it->is_string())
      return Error::at_offset(
          fmt::format("group \"{}\": criteria.condition must be a string", group), 0);
    out.condition = it->get<std::string>();
    Result<AssetCondition> compiled = AssetCondition::compile(out.condition);
    if (!compiled.ok())
      return Error::at_offset(fmt::format("group \"{}\": {}", group, compiled.error().message), 0);
  }
  return out;
}

nlohmann::json to_json(const GroupCriteria& c) {
  nlohmann::json j = nlohmann::json::object();
  if (!c.accounts.empty()) j["accounts"] = c.accounts;
  if (!c.regions.empty()) j["regions"] = c.regions;
  if (!c.types.empty()) j["types"] = c.types;
  if (!c.tags.empty()) j["tags"] = c.tags;
  if (!c.condition.empty()) j["condition"] = c.condition;
  return j;
}

Result<GroupMatcher> GroupMatcher::compile(const store::GroupRecord& group) {
  Result<GroupCriteria> criteria = parse_group_criteria(group.name, group.criteria);
  if (!criteria.ok()) return criteria.error();
  GroupMatcher m;
  m.name_ = group.name;
  m.criteria_ = std::move(criteria).value();
  if (!m.criteria_.condition.empty()) {
    Result<AssetCondition> c = AssetCondition::compile(m.criteria_.condition);
    if (!c.ok())
      return Error::at_offset(fmt::format("group \"{}\": {}", group.name, c.error().message), 0);
    m.condition_.emplace(std::move(c).value());
  }
  return m;
}

bool GroupMatcher::matches(const Asset& asset, const Inventory* inventory) const {
  if (is_placeholder_asset(asset.id)) return false;
  if (!listed(criteria_.accounts, asset.account) || !listed(criteria_.regions, asset.region) ||
      !listed(criteria_.types, asset.type))
    return false;
  if (!criteria_.tags.empty()) {
    JsonRef tags = asset.doc.root().find("tags");
    if (!tags.valid() || tags.kind() != JsonKind::Object) return false;
    for (const auto& [key, value] : criteria_.tags) {
      JsonRef v = tags.find(key);
      if (!v.valid() || v.kind() != JsonKind::String) return false;
      if (value != "*" && v.as_string() != value) return false;
    }
  }
  return !condition_ || condition_->matches(asset, inventory);
}

std::vector<std::string> group_members(const GroupMatcher& group, const Inventory& inventory) {
  std::vector<std::string> out;
  for (size_t i = 0; i < inventory.size(); ++i)
    if (group.matches(inventory.at(i), &inventory)) out.emplace_back(inventory.at(i).id);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace vigil::tracker
