// Text renderings of values: CEL literal syntax (debug_string) and JSON
// (to_json_text), plus the timestamp/duration/double formatting they share.
#include <charconv>
#include <cmath>
#include <cstdio>

#include "cel/value.h"
#include "cel/value_internal.h"

namespace vigil::cel {

namespace {

// Days since 1970-01-01 -> civil date (proleptic Gregorian).
void civil_from_days(int64_t z, int64_t& y, int& m, int& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = yoe + era * 400 + (m <= 2 ? 1 : 0);
}

// Nanoseconds as ".fraction" without trailing zeros ("" when zero).
std::string fraction(int32_t nanos) {
  if (nanos == 0) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, ".%09d", nanos);
  std::string s(buf);
  while (s.back() == '0') s.pop_back();
  return s;
}

void append_quoted(std::string& out, std::string_view s, bool json) {
  static const char* kHex = "0123456789abcdef";
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += json ? "\\u00" : "\\x";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

void append_bytes_literal(std::string& out, std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  out += "b\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7f) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

std::string base64(std::string_view in) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    out += kAlphabet[n >> 18];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i + 1 == in.size()) {
    uint32_t n = uint8_t(in[i]) << 16;
    out += kAlphabet[n >> 18];
    out += kAlphabet[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
    out += kAlphabet[n >> 18];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

void append_debug(std::string& out, const Value& v);

void append_json(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Kind::Null: out += "null"; return;
    case Kind::Bool: out += v.as_bool() ? "true" : "false"; return;
    case Kind::Int: out += std::to_string(v.as_int()); return;
    case Kind::Uint: out += std::to_string(v.as_uint()); return;
    case Kind::Double: {
      double d = v.as_double();
      if (std::isnan(d)) out += "\"NaN\"";
      else if (std::isinf(d)) out += d > 0 ? "\"Infinity\"" : "\"-Infinity\"";
      else out += format_double(d);
      return;
    }
    case Kind::String: append_quoted(out, v.as_string(), true); return;
    case Kind::Bytes: append_quoted(out, base64(v.as_string()), true); return;
    case Kind::List: {
      if (auto ref = v.json()) {
        out += ref->to_json();
        return;
      }
      out += '[';
      for (size_t i = 0; i < v.list_size(); ++i) {
        if (i) out += ',';
        append_json(out, v.list_at(i));
      }
      out += ']';
      return;
    }
    case Kind::Map: {
      if (auto ref = v.json()) {
        out += ref->to_json();
        return;
      }
      out += '{';
      for (size_t i = 0; i < v.map_size(); ++i) {
        if (i) out += ',';
        Value key = v.map_key_at(i);
        if (key.kind() == Kind::String) {
          append_quoted(out, key.as_string(), true);
        } else {
          std::string text;
          append_debug(text, key);
          append_quoted(out, text, true);
        }
        out += ':';
        append_json(out, v.map_value_at(i));
      }
      out += '}';
      return;
    }
    case Kind::Timestamp: append_quoted(out, format_timestamp(v.seconds(), v.nanos()), true); return;
    case Kind::Duration: append_quoted(out, format_duration(v.seconds(), v.nanos()), true); return;
    case Kind::Type: append_quoted(out, v.type_name(), true); return;
    case Kind::Optional:
      if (v.optional_has_value()) append_json(out, v.optional_value());
      else out += "null";
      return;
    case Kind::Opaque: append_quoted(out, v.opaque_value().debug_string(), true); return;
    case Kind::Error:
      out += "{\"error\":";
      append_quoted(out, v.error_message(), true);
      out += '}';
      return;
  }
}

void append_debug(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Kind::Null: out += "null"; return;
    case Kind::Bool: out += v.as_bool() ? "true" : "false"; return;
    case Kind::Int: out += std::to_string(v.as_int()); return;
    case Kind::Uint: out += std::to_string(v.as_uint()) + "u"; return;
    case Kind::Double: {
      double d = v.as_double();
      if (std::isnan(d)) {
        out += "double(\"NaN\")";
      } else if (std::isinf(d)) {
        out += d > 0 ? "double(\"Infinity\")" : "double(\"-Infinity\")";
      } else {
        std::string s = format_double(d);
        if (s.find_first_of(".e") == std::string::npos) s += ".0";
        out += s;
      }
      return;
    }
    case Kind::String: append_quoted(out, v.as_string(), false); return;
    case Kind::Bytes: append_bytes_literal(out, v.as_string()); return;
    case Kind::List:
      out += '[';
      for (size_t i = 0; i < v.list_size(); ++i) {
        if (i) out += ", ";
        append_debug(out, v.list_at(i));
      }
      out += ']';
      return;
    case Kind::Map:
      out += '{';
      for (size_t i = 0; i < v.map_size(); ++i) {
        if (i) out += ", ";
        append_debug(out, v.map_key_at(i));
        out += ": ";
        append_debug(out, v.map_value_at(i));
      }
      out += '}';
      return;
    case Kind::Timestamp:
      out += "timestamp(\"" + format_timestamp(v.seconds(), v.nanos()) + "\")";
      return;
    case Kind::Duration:
      out += "duration(\"" + format_duration(v.seconds(), v.nanos()) + "\")";
      return;
    case Kind::Type: out += v.type_name(); return;
    case Kind::Optional:
      if (v.optional_has_value()) {
        out += "optional.of(";
        append_debug(out, v.optional_value());
        out += ')';
      } else {
        out += "optional.none()";
      }
      return;
    case Kind::Opaque: out += v.opaque_value().debug_string(); return;
    case Kind::Error: out += "error: " + v.error_message(); return;
  }
}

}  // namespace

CivilTime civil_from_unix(int64_t seconds) {
  int64_t days = seconds / 86400;
  int64_t rem = seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    days -= 1;
  }
  CivilTime t{};
  civil_from_days(days, t.year, t.month, t.day);
  t.hour = static_cast<int>(rem / 3600);
  t.minute = static_cast<int>(rem / 60 % 60);
  t.second = static_cast<int>(rem % 60);
  return t;
}

std::string format_timestamp(int64_t seconds, int32_t nanos) {
  CivilTime t = civil_from_unix(seconds);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d", static_cast<long long>(t.year),
                t.month, t.day, t.hour, t.minute, t.second);
  return std::string(buf) + fraction(nanos) + "Z";
}

std::string format_duration(int64_t seconds, int32_t nanos) {
  std::string out;
  if (seconds < 0 || nanos < 0) out += '-';
  out += std::to_string(seconds < 0 ? -static_cast<uint64_t>(seconds) : static_cast<uint64_t>(seconds));
  out += fraction(nanos < 0 ? -nanos : nanos);
  out += 's';
  return out;
}

std::string format_double(double d) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, res.ptr);
}

std::string Value::debug_string() const {
  std::string out;
  append_debug(out, *this);
  return out;
}

std::string to_json_text(const Value& v) {
  std::string out;
  append_json(out, v);
  return out;
}

}  // namespace vigil::cel
