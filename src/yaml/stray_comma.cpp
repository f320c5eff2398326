#include "yaml/stray_comma.h"

namespace vigil::yaml {

namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Scans the text line by line, keeping what spans lines: flow depth, an
// open quoted scalar, a block scalar's indentation.
class StrayCommaScanner {
 public:
  std::optional<size_t> find(std::string_view t) {
    size_t pos = 0;
    while (pos < t.size()) {
      size_t end = t.find('\n', pos);
      if (end == std::string_view::npos) end = t.size();
      if (std::optional<size_t> at = scan_line(t.substr(pos, end - pos))) return pos + *at;
      pos = end + 1;
    }
    return std::nullopt;
  }

 private:
  // What follows a character read where a token may start.
  enum class Next { Char, Line, Stray };  // Stray: the ',' at the index given

  // Offset in `line` of a stray ',', if any.
  std::optional<size_t> scan_line(std::string_view line) {
    size_t indent = 0;
    while (indent < line.size() && line[indent] == ' ') ++indent;
    bool empty = line.find_first_not_of(" \t\r") == std::string_view::npos;
    if (block_indent_ >= 0) {
      if (empty || static_cast<int>(indent) > block_indent_) return std::nullopt;
      block_indent_ = -1;
    }
    token_start_ = quote_ == 0;
    // The outermost flow collection just closed: a ',' next is stray too
    // (" [1],!" hangs yaml-cpp 0.7 as well; found by fuzzing).
    flow_closed_ = false;
    for (size_t i = quote_ ? 0 : indent; i < line.size(); ++i) {
      char c = line[i];
      char next = i + 1 < line.size() ? line[i + 1] : ' ';
      if (quote_) {
        in_quote(c, next, i);
        continue;
      }
      if (blank(c)) continue;
      if (flow_closed_ && c == ',') return i;
      flow_closed_ = false;
      if (c == '#' && (i == 0 || blank(line[i - 1]))) break;  // comment
      if (token_start_) {
        Next n = at_token_start(line, indent, c, next, i);
        if (n == Next::Stray) return i;
        if (n == Next::Line) break;
        continue;
      }
      after_token(line, c, next, i);
    }
    return std::nullopt;
  }

  void in_quote(char c, char next, size_t& i) {
    if (quote_ == '"' && c == '\\') {
      ++i;
    } else if (quote_ == '\'' && c == '\'' && next == '\'') {
      ++i;
    } else if (c == quote_) {
      quote_ = 0;
      token_start_ = false;
    }
  }

  Next at_token_start(std::string_view line, size_t indent, char c, char next, size_t& i) {
    if (c == ',') return flow_depth_ == 0 ? Next::Stray : Next::Char;
    if (c == '\'' || c == '"') {
      quote_ = c;
    } else if (c == '[' || c == '{') {
      ++flow_depth_;
    } else if (c == ']' || c == '}') {
      if (flow_depth_ > 0 && --flow_depth_ == 0) flow_closed_ = true;
      token_start_ = false;
    } else if ((c == '-' || c == '?' || c == ':') && (blank(next) || i + 1 == line.size())) {
      // indicator: a node may follow
    } else if (c == '-' && line.substr(i, 3) == "---" && i == 0) {
      i += 2;
    } else if (c == '&' || c == '!') {
      if (anchor_or_tag_has_comma(line, i)) return Next::Stray;
    } else if ((c == '|' || c == '>') && flow_depth_ == 0) {
      block_indent_ = static_cast<int>(indent);
      return Next::Line;
    } else {
      token_start_ = false;  // a plain scalar or an alias
    }
    return Next::Char;
  }

  // An anchor or a tag: outside [ ] and { } a ',' cannot be part of one
  // (YAML 1.2 excludes flow indicators), and "!a,b" or "&a,b x" makes
  // yaml-cpp 0.7 loop forever (found by fuzzing). Inside [ ] and { } the
  // token ends at a flow indicator, which is then read as such (" [&2],\\1,!"
  // hid its closing ']' otherwise). Moves `i` to the token's end, or to the
  // stray ',' (true).
  bool anchor_or_tag_has_comma(std::string_view line, size_t& i) const {
    while (i + 1 < line.size() && !blank(line[i + 1])) {
      char t = line[i + 1];
      if (flow_depth_ > 0 && (t == ',' || t == '[' || t == ']' || t == '{' || t == '}')) break;
      ++i;
      if (t == ',') return true;
    }
    return false;
  }

  // A character after a token: flow indicators, and ':' that lets a node follow.
  void after_token(std::string_view line, char c, char next, size_t i) {
    if (flow_depth_ > 0 && (c == ',' || c == '[' || c == '{')) {
      if (c != ',') ++flow_depth_;
      token_start_ = true;
    } else if (flow_depth_ > 0 && (c == ']' || c == '}')) {
      if (--flow_depth_ == 0) flow_closed_ = true;
    } else if (c == ':' && (blank(next) || i + 1 == line.size() ||
                            (flow_depth_ > 0 && (next == ',' || next == ']' || next == '}')))) {
      token_start_ = true;
    }
  }

  int flow_depth_ = 0;
  char quote_ = 0;         // inside a quoted scalar (may span lines)
  int block_indent_ = -1;  // inside a block scalar whose parent line had this indentation
  bool token_start_ = false;
  bool flow_closed_ = false;
};

}  // namespace

std::optional<size_t> find_stray_flow_comma(std::string_view text) {
  return StrayCommaScanner().find(text);
}

}  // namespace vigil::yaml
