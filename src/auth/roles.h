// Roles and the caller of a request.
//
// Roles are ordered: a viewer reads; an operator also grants and revokes
// exceptions and triggers scans and fixes; an admin also manages users,
// tokens and settings. A principal may be limited to asset groups: then it
// sees only the assets of those groups (and their violations, scores and
// search results); an empty list means every asset.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::auth {

enum class Role { Viewer = 0, Operator = 1, Admin = 2 };

std::string_view role_name(Role role);
std::optional<Role> parse_role(std::string_view name);  // "viewer", "operator", "admin"
inline bool role_allows(Role have, Role need) {
  return static_cast<int>(have) >= static_cast<int>(need);
}

struct Principal {
  int64_t user_id = 0;
  std::string user;  // the user's name (the actor in the audit log)
  Role role = Role::Viewer;
  std::vector<std::string> groups;  // empty: unrestricted
  std::string via;                  // "session" or "token:<id>"
  bool must_change_password = false;

  bool unrestricted() const { return groups.empty(); }
};

}  // namespace vigil::auth
