// The copy's guard against schema drift: before copying, every table and
// column of the source and the target must be one tables.h knows, or one it
// knowingly leaves out (the search index, SQLite's zstd dictionaries and
// content encoding column, the migration bookkeeping). A migration that adds
// a table or column to either store without updating tables.cpp thus makes
// `vigil store migrate` refuse (kind Internal, naming the table and column)
// instead of silently dropping data that verification, which compares only
// the known columns, could not see.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace vigil::store::migrate {

// One side's tables, each with its column names.
struct TableColumns {
  std::string table;
  std::vector<std::string> columns;
};

// `side` is "source" or "target", for the message.
Status check_known_schema(const std::vector<TableColumns>& tables, const std::string& side);

}  // namespace vigil::store::migrate
