// CEL runtime values.
//
// Contract
// - Value is a small tagged value (40 bytes). Scalars live inline; strings,
//   bytes, lists and maps are either owned (shared, immutable heap objects) or
//   borrowed views into a JsonDoc (asset data), so reading an asset never
//   copies it. A borrowed value is valid while its JsonDoc lives; the engine
//   guarantees documents outlive every evaluation over them.
// - Errors are values (Kind::Error) so that `&&`, `||` and `?:` can absorb
//   them as CEL specifies. An error carries a message and an ErrorKind:
//   whether evaluation failed, data was not collected, or the expression
//   declared that it cannot decide. Errors propagate as the same value, so
//   the kind reaches the result.
// - Values are immutable and safe to share between threads.
// - Equality and ordering follow the CEL spec: numeric types compare across
//   int/uint/double by mathematical value; lists and maps compare deeply;
//   NaN is not equal to itself.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json_doc.h"

namespace vigil::cel {

enum class Kind : uint8_t {
  Null,
  Bool,
  Int,
  Uint,
  Double,
  String,
  Bytes,
  List,
  Map,
  Timestamp,  // seconds since Unix epoch + nanos, UTC; range 0001-01-01..9999-12-31
  Duration,   // seconds + nanos, same sign; range +-315,576,000,000 s
  Type,       // a type value such as `int` or `google.protobuf.Timestamp`
  Optional,   // optional.of(v) / optional.none()
  Opaque,     // extension types (net.IP, net.CIDR): see OpaqueValue
  Error,
};

// Payload of an extension type. Immutable; compared with equals() only
// against payloads with the same type_name().
struct OpaqueValue {
  virtual ~OpaqueValue() = default;
  virtual std::string_view type_name() const = 0;  // e.g. "net.IP"
  virtual bool equals(const OpaqueValue& other) const = 0;
  virtual std::string debug_string() const = 0;
};

// CEL type name of a kind as `type()` prints it ("int", "list", "map",
// "google.protobuf.Timestamp", "optional_type", ...).
std::string_view kind_name(Kind kind);

// Why a value is an error.
enum class ErrorKind : uint8_t {
  Evaluation,   // the evaluation failed: no such key, no such overload, overflow, ...
  Unavailable,  // data it needed was not collected (an Unavailable JSON node, a failed listing)
  Undecidable,  // the expression said it cannot decide (Vigil's unknown(reason))
};

class Value;
using ValueList = std::vector<Value>;
using MapEntry = std::pair<Value, Value>;

class Value {
 public:
  Value() = default;  // null

  static Value null() { return Value(); }
  static Value boolean(bool b);
  static Value integer(int64_t i);
  static Value uinteger(uint64_t u);
  static Value dbl(double d);
  static Value string(std::string s);
  // A string whose bytes live elsewhere (a JsonDoc, a static literal) and
  // outlive the value.
  static Value string_view(std::string_view s);
  static Value bytes(std::string b);
  static Value list(ValueList items);
  // Keys must be Bool, Int, Uint or String and unique (by CEL equality);
  // callers validate, map() does not. Insertion order is kept.
  static Value map(std::vector<MapEntry> entries);
  static Value timestamp(int64_t seconds, int32_t nanos);
  // The timestamp of a system clock time point, to the nanosecond.
  static Value timestamp_at(std::chrono::system_clock::time_point t);
  static Value duration(int64_t seconds, int32_t nanos);
  static Value type(std::string_view name);
  static Value optional_of(Value v);
  static Value optional_none();
  static Value opaque(std::shared_ptr<const OpaqueValue> payload);
  static Value error(std::string message, ErrorKind kind = ErrorKind::Evaluation);
  // A view of a JSON value: scalars become CEL scalars, strings are borrowed,
  // arrays and objects become lists and maps backed by the document, and an
  // Unavailable node becomes an error naming the failed collection.
  static Value from_json(JsonRef ref);

  Kind kind() const { return kind_; }
  bool is_error() const { return kind_ == Kind::Error; }
  ErrorKind error_kind() const { return static_cast<ErrorKind>(nanos_); }  // Error

  bool as_bool() const { return b_; }
  int64_t as_int() const { return i_; }
  uint64_t as_uint() const { return u_; }
  double as_double() const { return d_; }
  std::string_view as_string() const;  // String and Bytes
  std::string_view type_name() const;  // Type
  int64_t seconds() const { return i_; }  // Timestamp, Duration
  int32_t nanos() const { return nanos_; }
  const std::string& error_message() const;  // Error
  const OpaqueValue& opaque_value() const;    // Opaque
  bool optional_has_value() const;
  const Value& optional_value() const;  // only when optional_has_value()

  // Lists.
  size_t list_size() const;
  Value list_at(size_t i) const;

  // Maps. find() returns nullopt when absent; keys compare with CEL
  // heterogeneous numeric equality (1 == 1u == 1.0).
  size_t map_size() const;
  std::optional<Value> map_find(const Value& key) const;
  // Fast path for field selection with a key interned in KeyTable.
  std::optional<Value> map_find_field(std::string_view name, uint32_t key_id) const;
  Value map_key_at(size_t i) const;
  Value map_value_at(size_t i) const;

  // CEL `==`. Returns false across unrelated types (never an error).
  bool equals(const Value& other) const;
  // CEL ordering for `<` etc.: -1, 0, 1, or nullopt when the types are not
  // comparable (the caller reports "no such overload"). NaN compares
  // unordered: the result is 2, so every relational operator must be false;
  // use the less_than()/less_equal() helpers below rather than `c < 0`.
  std::optional<int> compare(const Value& other) const;

  // The JSON node behind a borrowed list or map, if any (borrowed strings
  // keep only their bytes).
  std::optional<JsonRef> json() const;

  // Human-readable rendering (for messages and `vigil expr`): CEL literal
  // syntax, e.g. 1, 1u, 1.5, "s", b"..", [1, 2], {"a": 1}, duration("1s").
  std::string debug_string() const;

 private:
  Kind kind_ = Kind::Null;
  bool borrowed_ = false;  // String/Bytes/List/Map backed by a JsonDoc or static storage
  int32_t nanos_ = 0;      // Timestamp, Duration; the ErrorKind of an Error
  union {
    bool b_;
    int64_t i_ = 0;
    uint64_t u_;
    double d_;
    struct {
      const char* data;
      size_t size;
    } str_;
    struct {
      const JsonDoc* doc;
      uint32_t index;
    } json_;
  };
  std::shared_ptr<const void> heap_;  // owned payload (see value.cpp for the concrete types)

  friend class ValueAccess;
};

// CEL `a < b` and `a <= b` (swap the operands for `>` and `>=`): nullopt
// when the types are not comparable, false whenever a NaN is involved.
std::optional<bool> less_than(const Value& a, const Value& b);
std::optional<bool> less_equal(const Value& a, const Value& b);

// Helpers for JSON conversion of results (vigil expr, findings).
// Returns an error string for values that have no JSON form (NaN is "NaN").
std::string to_json_text(const Value& v);

}  // namespace vigil::cel
