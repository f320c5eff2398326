// append_xml_text (xml_text.h).
#include "core/xml_text.h"

#include "core/utf8.h"

namespace vigil {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The escape for the byte at s[i] of well-formed UTF-8, with how many bytes
// it replaces; empty when the byte is written as is.
std::string_view escape_at(std::string_view s, size_t i, size_t& consumed) {
  consumed = 1;
  switch (s[i]) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    case '\'':
      return "&apos;";
    case '\t':
      return "&#9;";
    case '\n':
      return "&#10;";
    case '\r':
      return "&#13;";
    default:
      break;
  }
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x20) return kReplacement;
  // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
  if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
      (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xBE) {
    consumed = 3;
    return kReplacement;
  }
  return {};
}

// `s` is well-formed UTF-8: copies runs of plain bytes, escapes the rest.
void append_escaped(std::string& out, std::string_view s) {
  size_t run = 0;
  for (size_t i = 0; i < s.size();) {
    size_t consumed = 1;
    std::string_view escape = escape_at(s, i, consumed);
    if (escape.empty()) {
      ++i;
      continue;
    }
    out.append(s.data() + run, i - run);
    out += escape;
    i += consumed;
    run = i;
  }
  out.append(s.data() + run, s.size() - run);
}

}  // namespace

void append_xml_text(std::string& out, std::string_view s) {
  for (;;) {
    size_t bad = utf8::invalid_offset(s);
    if (bad == std::string_view::npos) break;
    append_escaped(out, s.substr(0, bad));
    out += kReplacement;
    s.remove_prefix(bad + 1);
  }
  append_escaped(out, s);
}

}  // namespace vigil
