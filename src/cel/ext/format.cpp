#include "cel/ext/format.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <utility>
#include <vector>

namespace vigil::cel::ext {
namespace {

constexpr int kDefaultPrecision = 6;
constexpr int kMaxPrecision = 1000;

std::string type_of(const Value& v) { return std::string(kind_name(v.kind())); }

// Returns "NaN", "Infinity", "-Infinity", or empty for finite values.
std::string_view non_finite(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d < 0 ? "-Infinity" : "Infinity";
  return {};
}

// Shortest round-trip digits without an exponent (Go's FormatFloat 'f', -1).
std::string shortest_fixed(double d) {
  char buf[400];
  auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
  return std::string(buf, res.ptr);
}

std::string printf_double(const char* spec, int precision, double d) {
  const int n = std::snprintf(nullptr, 0, spec, precision, d);
  std::string out(static_cast<size_t>(n) + 1, '\0');
  std::snprintf(out.data(), out.size(), spec, precision, d);
  out.resize(static_cast<size_t>(n));
  return out;
}

template <typename T>
std::string in_base(T v, int base, bool upper = false) {
  char buf[80];
  auto res = std::to_chars(buf, buf + sizeof buf, v, base);
  std::string out(buf, res.ptr);
  if (upper) {
    for (char& c : out) {
      if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
    }
  }
  return out;
}

// Days since 1970-01-01 to a civil date (proleptic Gregorian).
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
}

bool append_string(std::string& out, const Value& v, std::string& err);

bool append_map(std::string& out, const Value& v, std::string& err) {
  std::vector<std::pair<std::string, std::string>> entries;
  for (size_t i = 0; i < v.map_size(); ++i) {
    std::string k;
    std::string val;
    if (!append_string(k, v.map_key_at(i), err)) return false;
    if (!append_string(val, v.map_value_at(i), err)) return false;
    entries.emplace_back(std::move(k), std::move(val));
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  out += '{';
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i > 0) out += ", ";
    out += entries[i].first;
    out += ": ";
    out += entries[i].second;
  }
  out += '}';
  return true;
}

bool append_string(std::string& out, const Value& v, std::string& err) {
  switch (v.kind()) {
    case Kind::Null: out += "null"; return true;
    case Kind::Bool: out += v.as_bool() ? "true" : "false"; return true;
    case Kind::Int: out += std::to_string(v.as_int()); return true;
    case Kind::Uint: out += std::to_string(v.as_uint()); return true;
    case Kind::Double: {
      const auto nf = non_finite(v.as_double());
      out += nf.empty() ? shortest_fixed(v.as_double()) : std::string(nf);
      return true;
    }
    case Kind::String:
    case Kind::Bytes: out += v.as_string(); return true;
    case Kind::Duration:
      out += shortest_fixed(static_cast<double>(v.seconds()) + static_cast<double>(v.nanos()) / 1e9);
      out += 's';
      return true;
    case Kind::Timestamp: out += format_rfc3339(v.seconds(), v.nanos()); return true;
    case Kind::Type: out += v.type_name(); return true;
    case Kind::Opaque: out += v.opaque_value().debug_string(); return true;
    case Kind::List:
      out += '[';
      for (size_t i = 0; i < v.list_size(); ++i) {
        if (i > 0) out += ", ";
        if (!append_string(out, v.list_at(i), err)) return false;
      }
      out += ']';
      return true;
    case Kind::Map: return append_map(out, v, err);
    default:
      err = "string clause can only be used on strings, bools, bytes, ints, doubles, maps, "
            "lists, types, durations, and timestamps, was given " + type_of(v);
      return false;
  }
}

// One formatting clause applied to one argument. Returns false with `err`
// set when the argument's type does not fit the clause.
bool apply_clause(char verb, int precision, const Value& v, std::string& out, std::string& err) {
  const Kind k = v.kind();
  auto as_double = [&]() {
    return k == Kind::Int ? static_cast<double>(v.as_int())
           : k == Kind::Uint ? static_cast<double>(v.as_uint()) : v.as_double();
  };
  const bool numeric = k == Kind::Int || k == Kind::Uint || k == Kind::Double;
  switch (verb) {
    case 's':
      return append_string(out, v, err);
    case 'd':
      if (!numeric) {
        err = "decimal clause can only be used on ints, uints, and doubles, was given " + type_of(v);
        return false;
      }
      return append_string(out, v, err);
    case 'f':
    case 'e': {
      if (!numeric) {
        err = std::string(verb == 'f' ? "fixed-point" : "scientific") +
              " clause can only be used on ints, uints, and doubles, was given " + type_of(v);
        return false;
      }
      const double d = as_double();
      const auto nf = non_finite(d);
      out += nf.empty() ? printf_double(verb == 'f' ? "%.*f" : "%.*e", precision, d) : std::string(nf);
      return true;
    }
    case 'b':
      if (k == Kind::Bool) out += v.as_bool() ? "1" : "0";
      else if (k == Kind::Int) out += in_base(v.as_int(), 2);
      else if (k == Kind::Uint) out += in_base(v.as_uint(), 2);
      else {
        err = "only ints, uints, and bools can be formatted as binary, was given " + type_of(v);
        return false;
      }
      return true;
    case 'o':
      if (k == Kind::Int) out += in_base(v.as_int(), 8);
      else if (k == Kind::Uint) out += in_base(v.as_uint(), 8);
      else {
        err = "octal clause can only be used on ints and uints, was given " + type_of(v);
        return false;
      }
      return true;
    case 'x':
    case 'X': {
      const bool upper = verb == 'X';
      if (k == Kind::Int) out += in_base(v.as_int(), 16, upper);
      else if (k == Kind::Uint) out += in_base(v.as_uint(), 16, upper);
      else if (k == Kind::String || k == Kind::Bytes) {
        const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        for (unsigned char c : v.as_string()) {
          out += digits[c >> 4];
          out += digits[c & 0xF];
        }
      } else {
        err = "only ints, uints, bytes, and strings can be formatted as hex, was given " + type_of(v);
        return false;
      }
      return true;
    }
    default:
      return false;
  }
}

}  // namespace

std::string format_rfc3339(int64_t seconds, int32_t nanos) {
  int64_t days = seconds / 86400;
  int64_t rem = seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  int64_t y = 0;
  unsigned m = 0;
  unsigned d = 0;
  civil_from_days(days, y, m, d);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d", static_cast<long long>(y), m, d,
                static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60));
  std::string out = buf;
  if (nanos > 0) {
    std::snprintf(buf, sizeof buf, ".%09d", nanos);
    std::string frac = buf;
    while (frac.back() == '0') frac.pop_back();
    out += frac;
  }
  out += 'Z';
  return out;
}

Value format_as_string(const Value& v) {
  std::string out;
  std::string err;
  if (!append_string(out, v, err)) return Value::error(err);
  return Value::string(std::move(out));
}

Value format_string(std::string_view fmt, const Value& args) {
  std::string out;
  size_t arg_index = 0;
  const size_t n_args = args.list_size();
  size_t i = 0;
  while (i < fmt.size()) {
    if (fmt[i] != '%') {
      out += fmt[i++];
      continue;
    }
    if (i + 1 < fmt.size() && fmt[i + 1] == '%') {
      out += '%';
      i += 2;
      continue;
    }
    if (i + 1 >= fmt.size()) return Value::error("format: unexpected end of string");
    if (arg_index >= n_args) {
      return Value::error("format: index " + std::to_string(arg_index) + " out of range (" +
                          std::to_string(n_args) + " arguments given)");
    }
    ++i;
    int precision = kDefaultPrecision;
    if (fmt[i] == '.') {
      ++i;
      const size_t start = i;
      while (i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9') ++i;
      if (i >= fmt.size()) {
        return Value::error("could not parse formatting clause: error while parsing precision: "
                            "could not find end of precision specifier");
      }
      if (i == start) {
        return Value::error("could not parse formatting clause: error while parsing precision: "
                            "missing precision digits after '.'");
      }
      const std::string_view digits = fmt.substr(start, i - start);
      if (digits.size() > 4 || std::stoi(std::string(digits)) > kMaxPrecision) {
        return Value::error("could not parse formatting clause: precision " + std::string(digits) +
                            " exceeds maximum allowed precision " + std::to_string(kMaxPrecision));
      }
      precision = std::stoi(std::string(digits));
    }
    const char verb = fmt[i++];
    if (std::string_view("sdfebxXo").find(verb) == std::string_view::npos) {
      return Value::error(std::string("could not parse formatting clause: unrecognized formatting clause \"") +
                          verb + "\"");
    }
    std::string err;
    if (!apply_clause(verb, precision, args.list_at(arg_index), out, err)) {
      return Value::error("error during formatting: " + err);
    }
    ++arg_index;
  }
  return Value::string(std::move(out));
}

}  // namespace vigil::cel::ext
