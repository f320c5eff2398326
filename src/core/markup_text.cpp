// append_markup_text (markup_text.h).
#include "core/markup_text.h"

#include "core/utf8.h"

namespace vigil {

namespace {

constexpr const char* kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// `s` is well-formed UTF-8: copies runs of plain bytes, escapes the rest.
void append_escaped(std::string& out, std::string_view s) {
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    const char* replacement = nullptr;
    switch (c) {
      case '&':
        replacement = "&amp;";
        break;
      case '<':
        replacement = "&lt;";
        break;
      case '>':
        replacement = "&gt;";
        break;
      case '"':
        replacement = "&quot;";
        break;
      case '\'':
        replacement = "&#39;";
        break;
      case '\t':
      case '\n':
      case '\r':
        break;
      default:
        if (c < 0x20) replacement = kReplacement;
    }
    size_t width = 1;
    if (c == 0xEF && i + 2 < s.size() && s[i + 1] == '\xBF' &&
        (s[i + 2] == '\xBE' || s[i + 2] == '\xBF')) {
      replacement = kReplacement;  // U+FFFE and U+FFFF: not characters in XML
      width = 3;
    }
    if (!replacement) continue;
    out.append(s.data() + run, i - run);
    out += replacement;
    run = i + width;
    i += width - 1;
  }
  out.append(s.data() + run, s.size() - run);
}

}  // namespace

void append_markup_text(std::string& out, std::string_view s) {
  for (;;) {
    size_t bad = utf8::invalid_offset(s);
    if (bad == std::string_view::npos) break;
    append_escaped(out, s.substr(0, bad));
    utf8::append(out, U'\uFFFD');
    s.remove_prefix(bad + 1);
  }
  append_escaped(out, s);
}

std::string markup_text(std::string_view s) {
  std::string out;
  append_markup_text(out, s);
  return out;
}

}  // namespace vigil
