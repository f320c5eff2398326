// Schema drift check (schema_check.h).
#include "store/migrate/schema_check.h"

#include <fmt/format.h>

#include <algorithm>

#include "store/migrate/tables.h"

namespace vigil::store::migrate {
namespace {

// Tables left out on purpose (tables.h), on either side: FTS5 keeps its
// index in shadow tables named asset_search_*; jobs are the work in flight
// of running processes, not history.
bool migrate_skipped_table(const std::string& name) {
  return name == "asset_search" || name.rfind("asset_search_", 0) == 0 ||
         name == "search_progress" || name == "content_dictionaries" ||
         name == "schema_migrations" || name == "store_migration_progress" || name == "jobs";
}

}  // namespace

Status check_known_schema(const std::vector<TableColumns>& tables, const std::string& side) {
  for (const TableColumns& t : tables) {
    if (migrate_skipped_table(t.table)) continue;
    const TableSpec* spec = find_table(t.table);
    if (!spec)
      return Error(fmt::format("the {} has a table {} that this vigil's `store migrate` does not "
                               "know (store/migrate/tables.cpp); nothing was copied",
                               side, t.table))
          .with_kind(Error::Kind::Internal);
    for (const std::string& c : t.columns) {
      bool known = std::any_of(spec->columns.begin(), spec->columns.end(),
                               [&](const Column& k) { return k.name == c; });
      bool encoding = c == "encoding" &&
                      std::any_of(spec->columns.begin(), spec->columns.end(),
                                  [](const Column& k) { return k.kind == ColumnKind::Content; });
      if (!known && !encoding)
        return Error(fmt::format("the {}'s table {} has a column {} that this vigil's `store "
                                 "migrate` does not know (store/migrate/tables.cpp); nothing was "
                                 "copied",
                                 side, t.table, c))
            .with_kind(Error::Kind::Internal);
    }
    for (const Column& k : spec->columns)
      if (std::find(t.columns.begin(), t.columns.end(), k.name) == t.columns.end())
        return Error(fmt::format("the {}'s table {} has no column {}", side, t.table, k.name))
            .with_kind(Error::Kind::Internal);
  }
  for (const TableSpec& spec : copied_tables())
    if (std::none_of(tables.begin(), tables.end(),
                     [&](const TableColumns& t) { return t.table == spec.name; }))
      return Error(fmt::format("the {} has no table {}", side, spec.name))
          .with_kind(Error::Kind::Internal);
  return Status::Ok();
}

}  // namespace vigil::store::migrate
