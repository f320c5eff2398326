// Owner resolution (owners.h).
#include "notify/owners.h"

#include <algorithm>

namespace vigil::notify {

namespace {

bool looks_like_address(std::string_view s) {
  size_t at = s.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < s.size() &&
         s.find('@', at + 1) == std::string_view::npos &&
         s.substr(at + 1).find('.') != std::string_view::npos;
}

void add_unique(std::vector<std::string>& out, const std::vector<std::string>& more) {
  for (const std::string& a : more)
    if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
}

}  // namespace

std::vector<std::string> addresses_in(std::string_view value) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < value.size()) {
    size_t end = value.find_first_of(",; \t", i);
    if (end == std::string_view::npos) end = value.size();
    std::string_view token = value.substr(i, end - i);
    if (looks_like_address(token)) add_unique(out, {std::string(token)});
    i = end + 1;
  }
  return out;
}

Owners resolve_owners(const Tags& tags, const std::vector<std::string>& groups,
                      const OwnerRules& rules) {
  for (const std::string& key : rules.tag_keys)
    for (const auto& [k, v] : tags)
      if (k == key) {
        std::vector<std::string> found = addresses_in(v);
        if (!found.empty()) return {std::move(found), "tag " + key};
      }
  Owners owners;
  for (const std::string& g : groups)
    if (auto it = rules.group_owners.find(g); it != rules.group_owners.end()) {
      add_unique(owners.addresses, it->second);
      owners.via = owners.via.empty() ? "group " + g : owners.via + ", " + g;
    }
  if (!owners.addresses.empty()) return owners;
  if (!rules.fallback.empty()) return {rules.fallback, "fallback"};
  return {};
}

Tags asset_tags(const Asset& asset) {
  Tags tags;
  JsonRef t = asset.doc.root().find("tags");
  if (!t.valid() || t.kind() != JsonKind::Object) return tags;
  for (uint32_t i = 0; i < t.size(); ++i)
    if (t.at(i).kind() == JsonKind::String)
      tags.emplace_back(std::string(t.key_at(i)), std::string(t.at(i).as_string()));
  return tags;
}

}  // namespace vigil::notify
