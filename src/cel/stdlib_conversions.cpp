// Type conversions: int uint double string bytes bool timestamp duration dyn
// type. Out-of-range numeric conversions and unparsable text are errors.
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <type_traits>

#include <fmt/format.h>

#include "cel/stdlib_common.h"
#include "core/time_text.h"
#include "core/utf8.h"

namespace vigil::cel::stdlib {
namespace {

namespace tu = timeutil;
using Args = std::span<const Value>;

constexpr double kTwo63 = 9223372036854775808.0;
constexpr double kTwo64 = 18446744073709551616.0;

Value range_error(std::string_view function, const Value& v) {
  return Value::error(fmt::format("{}() range error: {} does not fit", function, v.debug_string()));
}

Value parse_error(std::string_view function, std::string_view text) {
  return Value::error(
      fmt::format("{}() cannot convert \"{}\": not a valid {}", function, text, function));
}

template <typename T>
bool parse_integer(std::string_view s, T& out) {
  if (!s.empty() && s[0] == '+' && std::is_signed_v<T>) s.remove_prefix(1);
  if (s.empty() || s[0] == '+') return false;
  auto res = std::from_chars(s.data(), s.data() + s.size(), out, 10);
  return res.ec == std::errc() && res.ptr == s.data() + s.size();
}


Value to_int(Args args, const CallContext&) {
  const Value& v = args[0];
  switch (v.kind()) {
    case Kind::Int:
      return v;
    case Kind::Uint:
      if (v.as_uint() > static_cast<uint64_t>(INT64_MAX)) return range_error("int", v);
      return Value::integer(static_cast<int64_t>(v.as_uint()));
    case Kind::Double: {
      const double d = v.as_double();
      // (minInt, maxInt) exclusive, as the language definition says.
      if (!(d > -kTwo63 && d < kTwo63)) return range_error("int", v);
      return Value::integer(static_cast<int64_t>(d));
    }
    case Kind::String: {
      int64_t out;
      if (!parse_integer(v.as_string(), out)) return parse_error("int", v.as_string());
      return Value::integer(out);
    }
    case Kind::Timestamp:
      return Value::integer(v.seconds());
    default:
      return no_overload("int", args);
  }
}

Value to_uint(Args args, const CallContext&) {
  const Value& v = args[0];
  switch (v.kind()) {
    case Kind::Uint:
      return v;
    case Kind::Int:
      if (v.as_int() < 0) return range_error("uint", v);
      return Value::uinteger(static_cast<uint64_t>(v.as_int()));
    case Kind::Double: {
      const double d = v.as_double();
      if (!(d >= 0 && d < kTwo64)) return range_error("uint", v);
      return Value::uinteger(static_cast<uint64_t>(d));
    }
    case Kind::String: {
      uint64_t out;
      if (!parse_integer(v.as_string(), out)) return parse_error("uint", v.as_string());
      return Value::uinteger(out);
    }
    default:
      return no_overload("uint", args);
  }
}

Value to_double(Args args, const CallContext&) {
  const Value& v = args[0];
  switch (v.kind()) {
    case Kind::Double:
      return v;
    case Kind::Int:
      return Value::dbl(static_cast<double>(v.as_int()));
    case Kind::Uint:
      return Value::dbl(static_cast<double>(v.as_uint()));
    case Kind::String: {
      const std::string s(v.as_string());
      // strtod also takes "NaN", "Infinity", "-inf" and hex floats; leading
      // blanks are not part of a CEL number.
      if (s.empty() || std::isspace(static_cast<unsigned char>(s[0]))) {
        return parse_error("double", s);
      }
      errno = 0;
      char* end = nullptr;
      const double d = std::strtod(s.c_str(), &end);
      if (end != s.c_str() + s.size()) return parse_error("double", s);
      if (errno == ERANGE && std::isinf(d)) return range_error("double", v);
      return Value::dbl(d);
    }
    default:
      return no_overload("double", args);
  }
}

Value to_string(Args args, const CallContext&) {
  const Value& v = args[0];
  switch (v.kind()) {
    case Kind::String:
      return v;
    case Kind::Int:
      return Value::string(std::to_string(v.as_int()));
    case Kind::Uint:
      return Value::string(std::to_string(v.as_uint()));
    case Kind::Double:
      return Value::string(format_double(v.as_double()));
    case Kind::Bool:
      return Value::string_view(v.as_bool() ? "true" : "false");
    case Kind::Bytes:
      if (!utf8::valid(v.as_string())) {
        return Value::error("string() cannot convert bytes: invalid UTF-8");
      }
      return Value::string(std::string(v.as_string()));
    case Kind::Timestamp:
      return Value::string(tu::format_rfc3339(v.seconds(), v.nanos()));
    case Kind::Duration:
      return Value::string(tu::format_duration(v.seconds(), v.nanos()));
    // Extension types (net.IP, net.CIDR) print their canonical text form.
    case Kind::Opaque:
      return Value::string(v.opaque_value().debug_string());
    default:
      return no_overload("string", args);
  }
}

Value to_bytes(Args args, const CallContext&) {
  const Value& v = args[0];
  if (v.kind() == Kind::Bytes) return v;
  if (v.kind() == Kind::String) return Value::bytes(std::string(v.as_string()));
  return no_overload("bytes", args);
}

Value to_bool(Args args, const CallContext&) {
  const Value& v = args[0];
  if (v.kind() == Kind::Bool) return v;
  if (v.kind() != Kind::String) return no_overload("bool", args);
  const std::string_view s = v.as_string();
  if (s == "true" || s == "TRUE" || s == "True" || s == "t" || s == "T" || s == "1") {
    return Value::boolean(true);
  }
  if (s == "false" || s == "FALSE" || s == "False" || s == "f" || s == "F" || s == "0") {
    return Value::boolean(false);
  }
  return Value::error(
      fmt::format("bool() cannot convert \"{}\": expected true/false, "
                  "TRUE/FALSE, True/False, t/f or 1/0",
                  s));
}

Value to_timestamp(Args args, const CallContext&) {
  const Value& v = args[0];
  switch (v.kind()) {
    case Kind::Timestamp:
      return v;
    case Kind::String: {
      auto t = tu::parse_rfc3339(v.as_string());
      if (!t.ok()) return Value::error(t.error().message);
      return Value::timestamp(t->seconds, t->nanos);
    }
    case Kind::Int:
      if (!tu::timestamp_in_range(v.as_int())) {
        return Value::error(
            fmt::format("timestamp({}) out of range (0001-01-01 .. 9999-12-31)", v.as_int()));
      }
      return Value::timestamp(v.as_int(), 0);
    default:
      return no_overload("timestamp", args);
  }
}

Value to_duration(Args args, const CallContext&) {
  const Value& v = args[0];
  switch (v.kind()) {
    case Kind::Duration:
      return v;
    case Kind::String: {
      auto d = tu::parse_duration(v.as_string());
      if (!d.ok()) return Value::error(d.error().message);
      return Value::duration(d->seconds, d->nanos);
    }
    default:
      return no_overload("duration", args);
  }
}

Value type_of(Args args, const CallContext&) {
  const Value& v = args[0];
  if (v.kind() == Kind::Opaque) return Value::type(v.opaque_value().type_name());
  return Value::type(kind_name(v.kind()));
}

}  // namespace

void register_conversions(FunctionRegistry& r) {
  r.add("int", CallStyle::Global, 1, to_int);
  r.add("uint", CallStyle::Global, 1, to_uint);
  r.add("double", CallStyle::Global, 1, to_double);
  r.add("string", CallStyle::Global, 1, to_string);
  r.add("bytes", CallStyle::Global, 1, to_bytes);
  r.add("bool", CallStyle::Global, 1, to_bool);
  r.add("timestamp", CallStyle::Global, 1, to_timestamp);
  r.add("duration", CallStyle::Global, 1, to_duration);
  r.add("dyn", CallStyle::Global, 1, [](Args args, const CallContext&) { return args[0]; });
  r.add("type", CallStyle::Global, 1, type_of);
}

}  // namespace vigil::cel::stdlib
