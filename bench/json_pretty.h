// Re-indents compact JSON the way `aws ... --output json` prints it: four
// spaces per level, "key": value, empty containers as [] and {}. Input must
// be valid compact JSON (as JsonWriter produces); strings are copied as-is.
#pragma once

#include <string>
#include <string_view>

namespace vigil::bench {

inline void pretty_json(std::string_view in, std::string& out) {
  out.clear();
  out.reserve(in.size() * 2);
  int depth = 0;
  auto newline = [&] {
    out += '\n';
    out.append(static_cast<size_t>(depth) * 4, ' ');
  };
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    switch (c) {
      case '"': {
        size_t j = i + 1;
        while (j < in.size() && in[j] != '"') j += in[j] == '\\' ? 2 : 1;
        out.append(in.substr(i, j - i + 1));
        i = j;
        break;
      }
      case '{':
      case '[':
        if (i + 1 < in.size() && (in[i + 1] == '}' || in[i + 1] == ']')) {
          out += c;
          out += in[++i];
          break;
        }
        out += c;
        ++depth;
        newline();
        break;
      case '}':
      case ']':
        --depth;
        newline();
        out += c;
        break;
      case ',':
        out += ',';
        newline();
        break;
      case ':':
        out += ": ";
        break;
      default:
        out += c;
    }
  }
  out += '\n';
}

}  // namespace vigil::bench
