// Encodings between Store values and SQLite columns, private to the backend
// (friend: store/migrate, which reads the backend's tables as they are).
//   times      INTEGER milliseconds since the Unix epoch (UTC)
//   hashes     the uint64 bit pattern as INTEGER (int64)
//   statuses   lower-case TEXT ("open", "running", ...)
//   JSON       TEXT (nlohmann dump); an unparsable column reads as null
//   content    asset JSON; encoding 0 = raw text, 1 = zlib, 2 = zstd (codec.cpp)
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/store.h"

namespace vigil::store::sqlite {

inline int64_t to_ms(Time t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
inline Time from_ms(int64_t ms) { return Time(std::chrono::milliseconds(ms)); }
// An optional time as optional milliseconds (NULL when absent).
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

// Content encodings of asset_versions.encoding. Every value ever written
// stays readable: a new codec gets a new number.
//   0  the JSON text
//   1  zlib: a 4-byte little-endian length of the text, then RFC 1950 data
//   2  zstd: one Zstandard frame (RFC 8878) with the text's size in its
//      header; a frame whose header names a dictionary id was compressed
//      with the content_dictionaries row of that id (migration 2)
enum class ContentEncoding : int64_t { Raw = 0, Zlib = 1, Zstd = 2 };

// Compresses `content` with `codec` (Zstd here: without a dictionary) when
// that saves space; writes the bytes to store into `out` (its buffer is
// reused) and returns the encoding used: `codec`, or Raw when compression
// would not help (short or incompressible content) or failed.
ContentEncoding encode_content(std::string_view content, ContentEncoding codec, std::string& out);
// The JSON text of a column that needs no dictionary. Throws SqliteError
// naming the problem on an unknown encoding, a corrupt compressed column, or
// a zstd frame that names a dictionary (use ContentDictionaries::decode).
std::string decode_content(std::string_view stored, ContentEncoding encoding);

class Database;

// Zstandard dictionaries of one store (table content_dictionaries). Asset
// documents are ~1 KiB each: alone, zstd compresses one about 2x and spends
// most of its time setting up; with a dictionary trained on a sample of the
// store's own documents it compresses them 5-6x, several times faster.
//
// Writing: begin(db) picks the newest dictionary, if any. When there is
// none, the writer offers the first documents of a scan to sample(); once
// `samples` are held, train() makes a dictionary from them and stores it in
// the caller's open transaction (it goes with the scan if that rolls back:
// call forget() then). encode() compresses with the current dictionary, or
// returns Raw when there is none. Reading: decode() loads the dictionary a
// frame names on first use and keeps it. Not thread-safe (one per store,
// like its connection).
class ContentDictionaries {
 public:
  ContentDictionaries();
  ~ContentDictionaries();
  ContentDictionaries(const ContentDictionaries&) = delete;
  ContentDictionaries& operator=(const ContentDictionaries&) = delete;

  // Selects the newest stored dictionary for encode(); false when none.
  bool begin(Database& db);
  // Trains a dictionary from `samples` (documents of the scan being
  // written), inserts it with `created_ms` and `scan_id` and makes it
  // current. False (nothing stored, encode() stays Raw) when the samples do
  // not make a dictionary (too few, too alike) or its id is taken.
  bool train(Database& db, const std::vector<std::string>& samples, int64_t created_ms,
             int64_t scan_id);
  // Zstd with the current dictionary when that saves space, else Raw.
  ContentEncoding encode(std::string_view content, std::string& out);
  std::string decode(Database& db, std::string_view stored, ContentEncoding encoding);
  // Drops every cached dictionary (after a rolled-back write).
  void forget();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace vigil::store::sqlite
