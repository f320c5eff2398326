// SQL conditions that limit rows to the members of asset groups, shared by
// the reads that filter by group (violations, assets, search), private to
// the PostgreSQL backend. Membership is as of each group's last computation
// (group_members). Each appends its parameter to `p` and names it by number.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include "store/postgres/pg_db.h"

namespace vigil::store::postgres {

// `asset_column` (an assets.id) is a member of group `name`.
inline std::string member_of_group_sql(std::string_view asset_column, Params& p,
                                       const std::string& name) {
  p.add(name);
  return fmt::format(
      "{} IN (SELECT m.asset FROM group_members m JOIN asset_groups g ON g.id = m.group_id "
      "WHERE g.name = ${})",
      asset_column, p.size());
}

// `asset_column` is a member of at least one of the groups `names`.
inline std::string member_of_any_group_sql(std::string_view asset_column, Params& p,
                                           const std::vector<std::string>& names) {
  p.add_array(names);
  return fmt::format(
      "{} IN (SELECT m.asset FROM group_members m JOIN asset_groups g ON g.id = m.group_id "
      "WHERE g.name = ANY(${}::text[]))",
      asset_column, p.size());
}

}  // namespace vigil::store::postgres
