// Canonical row text and its hash (row_checksum.h): FNV-1a over
// length-prefixed fields, then a SplitMix64 finalizer so that sums of
// hashes spread over all 64 bits.
#include "store/migrate/row_checksum.h"

#include <fmt/format.h>

#include <cstdlib>

#include <nlohmann/json.hpp>

namespace vigil::store::migrate {
namespace {

constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ull;
constexpr uint64_t kFnvPrime = 0x100000001b3ull;

void migrate_fnv_bytes(uint64_t& h, std::string_view bytes) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= kFnvPrime;
  }
}

void migrate_fnv_u64(uint64_t& h, uint64_t v) {
  for (int i = 0; i < 8; ++i) {
    h ^= (v >> (8 * i)) & 0xff;
    h *= kFnvPrime;
  }
}

uint64_t migrate_mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

}  // namespace

std::string canonical_field(ColumnKind kind, std::string_view value) {
  switch (kind) {
    case ColumnKind::Real: {
      std::string text(value);
      char* end = nullptr;
      double d = std::strtod(text.c_str(), &end);
      if (end == text.c_str()) return text;
      return fmt::format("{}", d);
    }
    case ColumnKind::Json: {
      auto j = nlohmann::json::parse(value.begin(), value.end(), nullptr, false);
      if (j.is_discarded()) return std::string(value);
      return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    case ColumnKind::Int:
    case ColumnKind::Text:
    case ColumnKind::Bool:
    case ColumnKind::Content:
      break;
  }
  return std::string(value);
}

uint64_t row_hash(const TableSpec& table, const Row& row) {
  uint64_t h = kFnvOffset;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    if (i >= row.size() || !row[i]) {
      migrate_fnv_u64(h, ~uint64_t{0});
      continue;
    }
    std::string text = canonical_field(table.columns[i].kind, *row[i]);
    migrate_fnv_u64(h, text.size());
    migrate_fnv_bytes(h, text);
  }
  return migrate_mix(h);
}

}  // namespace vigil::store::migrate
