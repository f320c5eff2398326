// Encodings between Store values and PostgreSQL columns, private to the
// PostgreSQL backend (the same as the SQLite backend's, so a store can be
// copied between them value for value):
//   times      BIGINT milliseconds since the Unix epoch (UTC)
//   hashes     the uint64 bit pattern as BIGINT
//   statuses   lower-case TEXT ("open", "running", ...)
//   JSON       jsonb, sent and read as text; an unparsable value reads as null
//   content    asset JSON as TEXT, exactly as collected (PostgreSQL's TOAST
//              compresses large values)
// and the SQL tail of a newest-first RecordPage.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "store/postgres/pg_db.h"
#include "store/store.h"

namespace vigil::store::postgres {

inline int64_t to_ms(Time t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
inline Time from_ms(int64_t ms) { return Time(std::chrono::milliseconds(ms)); }
inline std::optional<int64_t> opt_ms(const std::optional<Time>& t) {
  if (!t) return std::nullopt;
  return to_ms(*t);
}

inline int64_t hash_to_db(uint64_t h) {
  int64_t v;
  std::memcpy(&v, &h, sizeof v);
  return v;
}
inline uint64_t hash_from_db(int64_t v) {
  uint64_t h;
  std::memcpy(&h, &v, sizeof h);
  return h;
}

inline std::string json_text(const nlohmann::json& j) {
  return j.is_null() ? std::string("{}") : j.dump();
}
inline nlohmann::json json_from(std::string_view text) {
  return nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
}

// "[WHERE id < $n ]ORDER BY id DESC[ LIMIT $m]" for a newest-first list
// paged by `page`, its values added to `p`.
inline std::string record_page_sql(const RecordPage& page, Params& p) {
  std::string sql;
  if (page.before_id) {
    p.add(page.before_id);
    sql += "WHERE id < $" + std::to_string(p.size()) + " ";
  }
  sql += "ORDER BY id DESC";
  if (page.limit) {
    p.add(static_cast<int64_t>(page.limit));
    sql += " LIMIT $" + std::to_string(p.size());
  }
  return sql;
}

}  // namespace vigil::store::postgres
