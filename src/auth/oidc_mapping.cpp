// Claims to user, role and groups (oidc_mapping.h).
#include "auth/oidc_mapping.h"

#include <fmt/format.h>

#include <algorithm>

#include "auth/accounts.h"

namespace vigil::auth {

namespace {

Error unmapped(std::string message) {
  return Error(std::move(message)).with_kind(Error::Kind::InvalidInput).with_code("oidc.unmapped");
}

std::vector<std::string> values_of(const nlohmann::json& claims, const std::string& claim) {
  std::vector<std::string> out;
  if (claim.empty()) return out;
  auto it = claims.find(claim);
  if (it == claims.end()) return out;
  if (it->is_string()) out.push_back(*it);
  if (it->is_array())
    for (const auto& v : *it)
      if (v.is_string()) out.push_back(v);
  return out;
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

Result<SsoIdentity> map_claims(const nlohmann::json& claims, const OidcSettings& s) {
  SsoIdentity id;
  auto name = claims.find(s.username_claim);
  if (name == claims.end() || !name->is_string())
    return unmapped(fmt::format("the ID token has no '{}' claim to name the user (username_claim)",
                                s.username_claim));
  id.name = *name;
  if (!check_user_name(id.name).ok())
    return unmapped(
        fmt::format("the '{}' claim '{}' is not a Vigil user name (1 to 64 of A-Z a-z 0-9 . _ @ -)",
                    s.username_claim, id.name));
  if (s.username_claim == "email") {
    auto verified = claims.find("email_verified");
    if (verified != claims.end() && *verified == false)
      return unmapped("the provider says the e-mail address is not verified");
  }
  id.subject = claims.value("iss", "") + " " + claims.value("sub", "");

  std::vector<std::string> roles = values_of(claims, s.roles_claim);
  std::vector<std::string> groups = values_of(claims, s.groups_claim);
  std::optional<Role> role;
  for (const auto& v : roles)
    if (auto it = s.role_map.find(v); it != s.role_map.end())
      if (!role || role_allows(it->second, *role)) role = it->second;
  if (!role)
    return unmapped(
        fmt::format("{} has no role in Vigil: no value of the '{}' claim is in role_map", id.name,
                    s.roles_claim));
  id.role = *role;

  bool unrestricted = false;
  for (const auto& v : s.unrestricted_values)
    if (contains(roles, v) || contains(groups, v)) unrestricted = true;
  if (!unrestricted) {
    for (const auto& v : groups)
      if (auto it = s.group_map.find(v);
          it != s.group_map.end() && !contains(id.groups, it->second))
        id.groups.push_back(it->second);
    std::sort(id.groups.begin(), id.groups.end());
    if (id.groups.empty())
      return unmapped(fmt::format(
          "{} has no asset group in Vigil: no value of the '{}' claim is in group_map or "
          "unrestricted_values",
          id.name, s.groups_claim.empty() ? s.roles_claim : s.groups_claim));
  }
  return id;
}

}  // namespace vigil::auth
