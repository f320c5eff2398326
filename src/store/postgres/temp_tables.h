// Temporary tables of one transaction, private to the PostgreSQL backend:
// bulk rows are COPYed into one, then written by set-based statements.
#pragma once

#include <fmt/format.h>

#include <string_view>

#include "store/postgres/pg_db.h"

namespace vigil::store::postgres {

// Creates (replacing one left by an earlier write of the same transaction)
// the temporary table `name` with `columns`, dropped at commit or rollback.
// Call inside a transaction. `name` and `columns` are constants of the code.
inline void temp_table(Connection& c, std::string_view name, std::string_view columns) {
  c.exec(fmt::format("DROP TABLE IF EXISTS pg_temp.{}", name));
  c.exec(fmt::format("CREATE TEMP TABLE {} ({}) ON COMMIT DROP", name, columns));
}

}  // namespace vigil::store::postgres
