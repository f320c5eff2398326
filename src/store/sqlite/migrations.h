// The SQLite store's schema, as numbered migrations (migrations.cpp).
//
// Contract
//  - Migration N is one SQL block; migrations are applied in order, each
//    pending one exactly once, all inside one transaction on open (a store
//    is never left half-migrated). schema_migrations records each applied
//    version; PRAGMA user_version mirrors the highest.
//  - A file whose schema is newer than this binary knows is refused with an
//    error naming both versions (upgrade vigil; never downgrade a store).
//  - Released migrations are never edited: a change is a new migration.
#pragma once

#include <span>
#include <string_view>

#include "store/sqlite/sqlite_db.h"

namespace vigil::store::sqlite {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

// Every migration this binary knows, in version order.
std::span<const Migration> migrations();
int latest_schema_version();

// Applies pending migrations in one transaction. Throws SqliteError on a
// failed migration or a newer on-disk schema.
void migrate(Database& db);
// For a store opened read-only: throws SqliteError unless its schema is the
// latest this vigil knows (it cannot be migrated without writing).
void check_schema(Database& db);

}  // namespace vigil::store::sqlite
