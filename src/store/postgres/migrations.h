// The PostgreSQL store's schema, as numbered migrations (migrations.cpp).
// Private to the PostgreSQL backend (friend: store/migrate, which brings a
// target to the latest schema).
//
// Contract
//  - Migration N is one SQL block; pending migrations are applied in order,
//    each exactly once, all in one transaction on open, under a
//    transaction-level advisory lock (two processes opening a new database
//    at once migrate it once). schema_migrations records each version.
//  - Migration 1 is the whole schema of the SQLite store's migrations 1..10
//    (the same tables, columns and meanings; PostgreSQL types), so a store
//    copies between the backends value for value. Its numbering is the
//    PostgreSQL store's own: the next change is migration 2.
//  - A database whose schema is newer than this binary knows is refused
//    with an error naming both versions; released migrations are never
//    edited.
#pragma once

#include <span>
#include <string_view>

#include "store/postgres/pg_db.h"

namespace vigil::store::postgres {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

std::span<const Migration> migrations();
int latest_schema_version();

// Applies pending migrations in one transaction. Throws PgError on a failed
// migration or a newer schema.
void migrate(Connection& c);
// For a store opened read-only: throws PgError unless its schema is the
// latest this vigil knows.
void check_schema(Connection& c);

}  // namespace vigil::store::postgres
