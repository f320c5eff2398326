// CEL equality and ordering (language definition, "Equality" and
// "Ordering"): numbers compare by mathematical value across int, uint and
// double; NaN is unordered and unequal; lists and maps compare deeply.
#include <cmath>
#include <functional>

#include "cel/value.h"
#include "cel/value_internal.h"

namespace vigil::cel {

namespace {

constexpr double kTwo63 = 9223372036854775808.0;   // 2^63
constexpr double kTwo64 = 18446744073709551616.0;  // 2^64

int sign(int64_t a, int64_t b) { return a < b ? -1 : (a > b ? 1 : 0); }
int usign(uint64_t a, uint64_t b) { return a < b ? -1 : (a > b ? 1 : 0); }

int compare_int_uint(int64_t i, uint64_t u) {
  if (i < 0) return -1;
  return usign(static_cast<uint64_t>(i), u);
}

// d is not NaN. Like the reference implementations (and the conformance
// suite), int and uint compare with a double after conversion to double.
int compare_int_double(int64_t i, double d) {
  double x = static_cast<double>(i);
  return x < d ? -1 : (x > d ? 1 : 0);
}

int compare_uint_double(uint64_t u, double d) {
  double x = static_cast<double>(u);
  return x < d ? -1 : (x > d ? 1 : 0);
}

int compare_time(const Value& a, const Value& b) {
  int c = sign(a.seconds(), b.seconds());
  return c != 0 ? c : sign(a.nanos(), b.nanos());
}

bool lists_equal(const Value& a, const Value& b) {
  size_t n = a.list_size();
  if (n != b.list_size()) return false;
  for (size_t i = 0; i < n; ++i) {
    if (!a.list_at(i).equals(b.list_at(i))) return false;
  }
  return true;
}

bool maps_equal(const Value& a, const Value& b) {
  size_t n = a.map_size();
  if (n != b.map_size()) return false;
  for (size_t i = 0; i < n; ++i) {
    auto other = b.map_find(a.map_key_at(i));
    if (!other || !a.map_value_at(i).equals(*other)) return false;
  }
  return true;
}

}  // namespace

int compare_numbers(const Value& a, const Value& b) {
  if ((a.kind() == Kind::Double && std::isnan(a.as_double())) ||
      (b.kind() == Kind::Double && std::isnan(b.as_double()))) {
    return 2;
  }
  switch (a.kind()) {
    case Kind::Int:
      if (b.kind() == Kind::Int) return sign(a.as_int(), b.as_int());
      if (b.kind() == Kind::Uint) return compare_int_uint(a.as_int(), b.as_uint());
      return compare_int_double(a.as_int(), b.as_double());
    case Kind::Uint:
      if (b.kind() == Kind::Uint) return usign(a.as_uint(), b.as_uint());
      if (b.kind() == Kind::Int) return -compare_int_uint(b.as_int(), a.as_uint());
      return compare_uint_double(a.as_uint(), b.as_double());
    default: {
      double d = a.as_double();
      if (b.kind() == Kind::Double) {
        double e = b.as_double();
        return d < e ? -1 : (d > e ? 1 : 0);
      }
      if (b.kind() == Kind::Int) return -compare_int_double(b.as_int(), d);
      return -compare_uint_double(b.as_uint(), d);
    }
  }
}

bool Value::equals(const Value& other) const {
  if (is_number(kind_) && is_number(other.kind_)) return compare_numbers(*this, other) == 0;
  if (kind_ != other.kind_) return false;
  switch (kind_) {
    case Kind::Null: return true;
    case Kind::Bool: return b_ == other.b_;
    case Kind::String:
    case Kind::Bytes:
    case Kind::Type: return as_string() == other.as_string();
    case Kind::List: return lists_equal(*this, other);
    case Kind::Map: return maps_equal(*this, other);
    case Kind::Timestamp:
    case Kind::Duration: return compare_time(*this, other) == 0;
    case Kind::Optional:
      if (optional_has_value() != other.optional_has_value()) return false;
      return !optional_has_value() || optional_value().equals(other.optional_value());
    case Kind::Opaque:
      return opaque_value().type_name() == other.opaque_value().type_name() &&
             opaque_value().equals(other.opaque_value());
    default: return false;
  }
}

std::optional<int> Value::compare(const Value& other) const {
  if (is_number(kind_) && is_number(other.kind_)) return compare_numbers(*this, other);
  if (kind_ != other.kind_) return std::nullopt;
  switch (kind_) {
    case Kind::Bool: return static_cast<int>(b_) - static_cast<int>(other.b_);
    case Kind::String:
    case Kind::Bytes: {
      int c = as_string().compare(other.as_string());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case Kind::Timestamp:
    case Kind::Duration: return compare_time(*this, other);
    default: return std::nullopt;
  }
}

std::optional<bool> less_than(const Value& a, const Value& b) {
  auto c = a.compare(b);
  if (!c) return std::nullopt;
  return *c == -1;
}

std::optional<bool> less_equal(const Value& a, const Value& b) {
  auto c = a.compare(b);
  if (!c) return std::nullopt;
  return *c == -1 || *c == 0;
}

std::optional<uint64_t> map_key_hash(const Value& key) {
  constexpr uint64_t kStringSalt = 0x9e3779b97f4a7c15ULL;
  constexpr uint64_t kBigUintSalt = 0xc2b2ae3d27d4eb4fULL;
  switch (key.kind()) {
    case Kind::String: return std::hash<std::string_view>()(key.as_string()) ^ kStringSalt;
    case Kind::Bool: return key.as_bool() ? 0x5bd1e995ULL : 0x1b873593ULL;
    case Kind::Int: return std::hash<int64_t>()(key.as_int());
    case Kind::Uint:
      if (key.as_uint() <= static_cast<uint64_t>(INT64_MAX)) {
        return std::hash<int64_t>()(static_cast<int64_t>(key.as_uint()));
      }
      return std::hash<uint64_t>()(key.as_uint()) ^ kBigUintSalt;
    case Kind::Double: {
      double d = key.as_double();
      if (std::isnan(d) || std::trunc(d) != d) return std::nullopt;
      if (d >= -kTwo63 && d < kTwo63) return std::hash<int64_t>()(static_cast<int64_t>(d));
      if (d >= 0 && d < kTwo64) return std::hash<uint64_t>()(static_cast<uint64_t>(d)) ^ kBigUintSalt;
      return std::nullopt;
    }
    default: return std::nullopt;
  }
}

bool map_key_equal(const Value& a, const Value& b) {
  if (is_number(a.kind()) && is_number(b.kind())) return compare_numbers(a, b) == 0;
  if (a.kind() != b.kind()) return false;
  if (a.kind() == Kind::String) return a.as_string() == b.as_string();
  if (a.kind() == Kind::Bool) return a.as_bool() == b.as_bool();
  return false;
}

}  // namespace vigil::cel
