// Rows as `vigil store migrate` moves them, and the order-independent
// checksum that verifies a copy.
//
// A Row holds one value per column of its TableSpec (tables.h): nullopt for
// NULL, else the text PostgreSQL's COPY accepts and prints for the column:
// Int in decimal, Bool "t"/"f", Real in a round-trip form, Json as JSON
// text, Text and Content as the text itself.
//
// Checksum: each row's canonical text (canonical_field per column: Real and
// Json re-printed from their parsed value, so PostgreSQL's own printing of
// float8 and jsonb compares equal to SQLite's) is hashed to 64 bits; a
// table's checksum is the sum of its rows' hashes modulo 2^64, so both sides
// may be read in any order. Both sides go through the same functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/migrate/tables.h"

namespace vigil::store::migrate {

using Row = std::vector<std::optional<std::string>>;

// The canonical text of one non-NULL value of `kind`.
std::string canonical_field(ColumnKind kind, std::string_view value);

// The 64-bit hash of a row's canonical text (NULL distinct from "").
uint64_t row_hash(const TableSpec& table, const Row& row);

struct TableChecksum {
  uint64_t rows = 0;
  uint64_t sum = 0;  // of row_hash, modulo 2^64
  void add(const TableSpec& table, const Row& row) {
    ++rows;
    sum += row_hash(table, row);
  }
  bool operator==(const TableChecksum&) const = default;
};

}  // namespace vigil::store::migrate
