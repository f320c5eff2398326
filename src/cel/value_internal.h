// Private to the CEL runtime: the heap payloads behind Value::heap_ and the
// numeric helpers shared by value*.cpp and the evaluator.
//
// Payloads (all immutable once built):
//   String, Bytes, Type, Error  std::string (str_ points at its bytes)
//   List                        ListData
//   Map                         MapData (hash index for maps > kMapIndexMin)
//   Optional                    Value (absent payload = optional.none())
//   Opaque                      OpaqueValue
// Borrowed lists and maps (borrowed_ == true) keep {doc, index} in json_.
#pragma once

#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cel/value.h"

namespace vigil::cel {

struct ListData {
  ValueList items;
};

struct MapData {
  std::vector<MapEntry> entries;
  // key hash -> entry index; empty for small maps (linear scan is faster).
  std::unordered_multimap<uint64_t, uint32_t> index;
};

inline constexpr size_t kMapIndexMin = 8;

// Hash of a map key consistent with CEL key equality (1 == 1u == 1.0).
// nullopt for values that can never equal a valid map key (e.g. 1.5, bytes).
std::optional<uint64_t> map_key_hash(const Value& key);

// Key equality for map lookups: heterogeneous numeric equality, strings, bools.
bool map_key_equal(const Value& a, const Value& b);

// Three-way numeric comparison across int/uint/double.
// Returns -1/0/1, or 2 when unordered (a NaN is involved).
int compare_numbers(const Value& a, const Value& b);
inline bool is_number(Kind k) { return k == Kind::Int || k == Kind::Uint || k == Kind::Double; }

class ValueAccess {
 public:
  static const ListData& list(const Value& v) { return *static_cast<const ListData*>(v.heap_.get()); }
  static const MapData& map(const Value& v) { return *static_cast<const MapData*>(v.heap_.get()); }
  static bool borrowed(const Value& v) { return v.borrowed_; }
  // The list payload when `v` is an owned list referenced by nobody else
  // (safe to extend in place), else null. Payloads are created non-const.
  static ListData* unique_list(Value& v) {
    if (v.kind_ != Kind::List || v.borrowed_ || v.heap_.use_count() != 1) return nullptr;
    return const_cast<ListData*>(static_cast<const ListData*>(v.heap_.get()));
  }
  // Value of node `index` in `doc` (see Value::from_json).
  static Value from_node(const JsonDoc* doc, uint32_t index);
  // For a borrowed map (JSON object): the node index of the member with
  // this key id, or 0 when absent (node 0 is the root, never a member).
  static uint32_t find_json_field(const Value& map, uint32_t key_id);
  static const JsonDoc* json_doc(const Value& v) { return v.json_.doc; }
  // For an owned map: the value stored under string key `name`, by
  // reference (valid while the map lives), or null when absent.
  static const Value* find_owned_field(const Value& map, std::string_view name);
  static bool is_unavailable(const JsonDoc* doc, uint32_t index) {
    return doc->node(index).kind == JsonKind::Unavailable;
  }
  // The JSON node behind a borrowed list or map.
  static JsonRef json(const Value& v) {
    struct Raw {
      const JsonDoc* doc;
      uint32_t index;
    };
    static_assert(sizeof(Raw) == sizeof(JsonRef));
    Raw raw{v.json_.doc, v.json_.index};
    return std::bit_cast<JsonRef>(raw);
  }
};

// Civil time helpers (proleptic Gregorian, UTC) for formatting timestamps.
struct CivilTime {
  int64_t year;
  int month, day, hour, minute, second;
};
CivilTime civil_from_unix(int64_t seconds);
// RFC 3339 text of a timestamp, e.g. 2024-01-02T03:04:05.5Z.
std::string format_timestamp(int64_t seconds, int32_t nanos);
// CEL duration text, e.g. 1.5s, -3600s.
std::string format_duration(int64_t seconds, int32_t nanos);
// Shortest text that reads back as the same double (1.0 -> "1", 0.1 -> "0.1").
std::string format_double(double d);

}  // namespace vigil::cel
