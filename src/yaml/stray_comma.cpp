#include "yaml/stray_comma.h"

namespace vigil::yaml {

namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

}  // namespace

std::optional<size_t> find_stray_flow_comma(std::string_view t) {
  int flow_depth = 0;
  char quote = 0;         // inside a quoted scalar (may span lines)
  int block_indent = -1;  // inside a block scalar whose parent line had this indentation
  size_t pos = 0;
  while (pos < t.size()) {
    size_t end = t.find('\n', pos);
    if (end == std::string_view::npos) end = t.size();
    std::string_view line = t.substr(pos, end - pos);
    size_t indent = 0;
    while (indent < line.size() && line[indent] == ' ') ++indent;
    bool empty = line.find_first_not_of(" \t\r") == std::string_view::npos;
    if (block_indent >= 0) {
      if (empty || static_cast<int>(indent) > block_indent) {
        pos = end + 1;
        continue;
      }
      block_indent = -1;
    }
    bool token_start = quote == 0;
    // The outermost flow collection just closed: a ',' next is stray too
    // (" [1],!" hangs yaml-cpp 0.7 as well; found by fuzzing).
    bool flow_closed = false;
    for (size_t i = quote ? 0 : indent; i < line.size(); ++i) {
      char c = line[i];
      char next = i + 1 < line.size() ? line[i + 1] : ' ';
      if (quote) {
        if (quote == '"' && c == '\\') {
          ++i;
        } else if (quote == '\'' && c == '\'' && next == '\'') {
          ++i;
        } else if (c == quote) {
          quote = 0;
          token_start = false;
        }
        continue;
      }
      if (blank(c)) continue;
      if (flow_closed && c == ',') return pos + i;
      flow_closed = false;
      if (c == '#' && (i == 0 || blank(line[i - 1]))) break;  // comment
      if (token_start) {
        if (c == ',') {
          if (flow_depth == 0) return pos + i;
          continue;
        }
        if (c == '\'' || c == '"') {
          quote = c;
        } else if (c == '[' || c == '{') {
          ++flow_depth;
        } else if (c == ']' || c == '}') {
          if (flow_depth > 0 && --flow_depth == 0) flow_closed = true;
          token_start = false;
        } else if ((c == '-' || c == '?' || c == ':') && (blank(next) || i + 1 == line.size())) {
          // indicator: a node may follow
        } else if (c == '-' && line.substr(i, 3) == "---" && i == 0) {
          i += 2;
        } else if (c == '&' || c == '!') {
          // An anchor or a tag: outside [ ] and { } a ',' cannot be part of
          // one (YAML 1.2 excludes flow indicators), and "!a,b" or "&a,b x"
          // makes yaml-cpp 0.7 loop forever (found by fuzzing).
          // Inside [ ] and { } the token ends at a flow indicator, which is
          // then read as such (" [&2],\\1,!" hid its closing ']' otherwise).
          while (i + 1 < line.size() && !blank(line[i + 1])) {
            char t = line[i + 1];
            if (flow_depth > 0 && (t == ',' || t == '[' || t == ']' || t == '{' || t == '}')) break;
            ++i;
            if (t == ',') return pos + i;
          }
        } else if ((c == '|' || c == '>') && flow_depth == 0) {
          block_indent = static_cast<int>(indent);
          break;
        } else {
          token_start = false;  // a plain scalar or an alias
        }
        continue;
      }
      if (flow_depth > 0 && (c == ',' || c == '[' || c == '{')) {
        if (c != ',') ++flow_depth;
        token_start = true;
      } else if (flow_depth > 0 && (c == ']' || c == '}')) {
        if (--flow_depth == 0) flow_closed = true;
      } else if (c == ':' && (blank(next) || i + 1 == line.size() ||
                              (flow_depth > 0 && (next == ',' || next == ']' || next == '}')))) {
        token_start = true;
      }
    }
    pos = end + 1;
  }
  return std::nullopt;
}

}  // namespace vigil::yaml
