#include "policy/template_split.h"

namespace vigil::policy_detail {

namespace {

// Index of the "}}" closing an expression that starts at `begin`, or npos.
size_t find_close(std::string_view t, size_t begin) {
  int depth = 0;
  char quote = 0;
  for (size_t i = begin; i < t.size(); ++i) {
    char c = t[i];
    if (quote) {
      if (c == '\\')
        ++i;
      else if (c == quote)
        quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}') {
      if (depth == 0 && i + 1 < t.size() && t[i + 1] == '}') return i;
      if (depth > 0) --depth;
    }
  }
  return std::string_view::npos;
}

}  // namespace

Result<std::vector<TemplatePiece>> split_template(std::string_view text) {
  std::vector<TemplatePiece> pieces;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) {
      pieces.push_back({false, std::string(text.substr(pos)), pos});
      break;
    }
    if (open > pos) pieces.push_back({false, std::string(text.substr(pos, open - pos)), pos});
    size_t begin = open + 2;
    size_t close = find_close(text, begin);
    if (close == std::string_view::npos) {
      return Error::at_offset("unterminated '{{' in message template: add the closing '}}'", open);
    }
    std::string_view expr = text.substr(begin, close - begin);
    if (expr.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      return Error::at_offset("empty '{{ }}' in message template", open);
    }
    pieces.push_back({true, std::string(expr), begin});
    pos = close + 2;
  }
  return pieces;
}

}  // namespace vigil::policy_detail
