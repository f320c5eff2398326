// Role names (roles.h).
#include "auth/roles.h"

namespace vigil::auth {

std::string_view role_name(Role role) {
  switch (role) {
    case Role::Viewer:
      return "viewer";
    case Role::Operator:
      return "operator";
    case Role::Admin:
      return "admin";
  }
  return "viewer";
}

std::optional<Role> parse_role(std::string_view name) {
  for (Role r : {Role::Viewer, Role::Operator, Role::Admin})
    if (role_name(r) == name) return r;
  return std::nullopt;
}

}  // namespace vigil::auth
