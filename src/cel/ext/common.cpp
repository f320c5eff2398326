#include "cel/ext/common.h"
#include "core/utf8.h"

namespace vigil::cel::ext {

Value no_overload(std::string_view name, std::span<const Value> args) {
  std::string msg = "no such overload: ";
  msg += name;
  msg += '(';
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) msg += ", ";
    msg += kind_name(args[i].kind());
  }
  msg += ')';
  return Value::error(std::move(msg));
}

namespace {

// Decodes one code point at s[i]; returns its length in bytes (>= 1).
size_t decode_one(std::string_view s, size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  size_t len = 0;
  char32_t value = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, value = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, value = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, value = b0 & 0x07, min = 0x10000;
  } else {
    cp = 0xFFFD;
    return 1;
  }
  if (i + len > s.size()) {
    cp = 0xFFFD;
    return 1;
  }
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      cp = 0xFFFD;
      return 1;
    }
    value = (value << 6) | (b & 0x3F);
  }
  if (value < min || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    cp = 0xFFFD;
    return 1;
  }
  cp = value;
  return len;
}

}  // namespace

std::vector<char32_t> decode_utf8(std::string_view s) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    i += decode_one(s, i, cp);
    out.push_back(cp);
  }
  return out;
}

size_t count_code_points(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++n) {
    char32_t cp = 0;
    i += decode_one(s, i, cp);
  }
  return n;
}


std::string encode_utf8(std::span<const char32_t> cps) {
  std::string out;
  out.reserve(cps.size());
  for (char32_t cp : cps) utf8::append(out, cp);
  return out;
}

}  // namespace vigil::cel::ext
