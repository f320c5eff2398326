// append_json_string (json_text.h).
#include "core/json_text.h"

#include <cstdio>

#include "core/utf8.h"

namespace vigil {

namespace {

bool needs_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

// `s` is well-formed UTF-8: copies runs of plain bytes, escapes the rest.
void append_escaped(std::string& out, std::string_view s) {
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (!needs_escape(c)) continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      }
    }
  }
  out.append(s.data() + run, s.size() - run);
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  for (;;) {
    size_t bad = utf8::invalid_offset(s);
    if (bad == std::string_view::npos) break;
    append_escaped(out, s.substr(0, bad));
    utf8::append(out, U'\uFFFD');
    s.remove_prefix(bad + 1);
  }
  append_escaped(out, s);
  out.push_back('"');
}

}  // namespace vigil
