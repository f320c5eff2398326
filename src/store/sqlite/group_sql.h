// SQL conditions that limit rows to the members of asset groups, shared by
// the reads that filter by group (violations, assets, search). Membership is
// as of each group's last computation (group_members).
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace vigil::store::sqlite {

// `asset_column` (an assets.id) is a member of the group named by text
// parameter ?`param`.
inline std::string member_of_group_sql(std::string_view asset_column, int param) {
  return fmt::format(
      "{} IN (SELECT m.asset FROM group_members m JOIN asset_groups g ON g.id = m.group_id "
      "WHERE g.name = ?{})",
      asset_column, param);
}

// `asset_column` is a member of at least one group named in the JSON array
// of names bound to ?`param`.
inline std::string member_of_any_group_sql(std::string_view asset_column, int param) {
  return fmt::format(
      "{} IN (SELECT m.asset FROM group_members m JOIN asset_groups g ON g.id = m.group_id "
      "WHERE g.name IN (SELECT value FROM json_each(?{})))",
      asset_column, param);
}

}  // namespace vigil::store::sqlite
