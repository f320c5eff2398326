// Encodings between Store values and SQLite columns, private to the backend.
//   times      INTEGER milliseconds since the Unix epoch (UTC)
//   hashes     the uint64 bit pattern as INTEGER (int64)
//   statuses   lower-case TEXT ("open", "running", ...)
//   JSON       TEXT (nlohmann dump); an unparsable column reads as null
//   content    asset JSON; encoding 1 = zlib (codec.cpp), 0 = raw text
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "store/store.h"

namespace vigil::store::sqlite {

inline int64_t to_ms(Time t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
inline Time from_ms(int64_t ms) { return Time(std::chrono::milliseconds(ms)); }

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

std::optional<ScanState> scan_state_from(std::string_view text);

inline std::string json_text(const nlohmann::json& j) {
  return j.is_null() ? std::string("{}") : j.dump();
}
inline nlohmann::json json_from(std::string_view text) {
  return nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
}

// Content encodings of asset_versions.encoding.
enum class ContentEncoding : int64_t { Raw = 0, Zlib = 1 };

// Compresses `content` when `compress` and that saves space; returns the
// bytes to store and sets `encoding`.
std::string encode_content(std::string_view content, bool compress, ContentEncoding& encoding);
// Throws SqliteError on a corrupt zlib column.
std::string decode_content(std::string_view stored, ContentEncoding encoding);

}  // namespace vigil::store::sqlite
