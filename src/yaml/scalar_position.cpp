#include "yaml/scalar_position.h"

#include <algorithm>

namespace vigil {

SourcePos SourceText::position_of(size_t offset) const {
  offset = std::min(offset, text.size());
  SourcePos out = pos;
  if (runs.empty()) {
    out.column = pos.column + static_cast<int>(offset);
    return out;
  }
  // The last run starting at or before offset.
  auto it = std::upper_bound(runs.begin(), runs.end(), offset,
                             [](size_t off, const Run& r) { return off < r.offset; });
  if (it == runs.begin()) return out;
  --it;
  out.line = it->line;
  out.column = it->column + static_cast<int>(offset - it->offset);
  return out;
}

}  // namespace vigil

namespace vigil::yaml {

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts_.push_back(i + 1);
  }
}

int LineIndex::line_of(size_t offset) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  return static_cast<int>(it - starts_.begin());
}

int LineIndex::column_of(size_t offset) const {
  int line = line_of(offset);
  return static_cast<int>(offset - starts_[line - 1]) + 1;
}

std::string LineIndex::line_text(int line) const {
  if (line <= 0 || static_cast<size_t>(line) > starts_.size()) return {};
  size_t begin = starts_[line - 1];
  size_t end = text_.find('\n', begin);
  if (end == std::string_view::npos) end = text_.size();
  std::string out(text_.substr(begin, end - begin));
  if (!out.empty() && out.back() == '\r') out.pop_back();
  return out;
}

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

int hex_digits_of_escape(char c) {
  switch (c) {
    case 'x':
      return 2;
    case 'u':
      return 4;
    case 'U':
      return 8;
    default:
      return 0;
  }
}

// Bytes the UTF-8 encoding of a code point takes.
size_t utf8_length(unsigned long cp) {
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  if (cp < 0x10000) return 3;
  return 4;
}

// For each byte of `value`, the raw offset it came from.
std::vector<size_t> align(std::string_view raw, size_t start, std::string_view value, char style) {
  std::vector<size_t> out(value.size(), start);
  size_t r = start;
  size_t v = 0;
  while (v < value.size()) {
    if (r >= raw.size()) {
      out[v++] = raw.empty() ? 0 : raw.size() - 1;
      continue;
    }
    char rc = raw[r];
    if (style == '"' && rc == '\\' && r + 1 < raw.size()) {
      char e = raw[r + 1];
      if (e == '\n' || e == '\r') {  // escaped line break: joins lines, no value byte
        r += 2;
        while (r < raw.size() && (raw[r] == ' ' || raw[r] == '\t' || raw[r] == '\n')) ++r;
        continue;
      }
      int digits = hex_digits_of_escape(e);
      size_t produced = 1;
      if (digits > 0) {
        std::string hex(raw.substr(r + 2, digits));
        unsigned long cp = 0;
        try {
          cp = std::stoul(hex, nullptr, 16);
        } catch (...) {
          cp = 0;
        }
        produced = utf8_length(cp);
      } else if (e == 'N' || e == '_') {
        produced = 2;  // U+0085, U+00A0
      } else if (e == 'L' || e == 'P') {
        produced = 3;  // U+2028, U+2029
      }
      for (size_t k = 0; k < produced && v < value.size(); ++k) out[v++] = r;
      r += 2 + digits;
      continue;
    }
    if (style == '\'' && rc == '\'' && r + 1 < raw.size() && raw[r + 1] == '\'') {
      out[v++] = r;
      r += 2;
      continue;
    }
    char vc = value[v];
    if (rc == vc) {
      out[v++] = r++;
    } else if (is_space(vc)) {
      out[v++] = r;  // folded or kept line break where the raw text has other spacing
    } else if (is_space(rc)) {
      ++r;  // indentation, stripped trailing spaces, line breaks
    } else {
      out[v++] = r++;  // cannot align: best effort
    }
  }
  return out;
}

}  // namespace

SourceText locate_scalar(std::string_view file_text, const LineIndex& lines, size_t mark_offset,
                         std::string value, const std::string& file) {
  SourceText st;
  st.text = std::move(value);
  st.pos.file = file;
  mark_offset = std::min(mark_offset, file_text.size());
  char style = mark_offset < file_text.size() ? file_text[mark_offset] : ' ';
  size_t start = mark_offset;
  if (style == '"' || style == '\'') {
    start = mark_offset + 1;
  } else if (style == '|' || style == '>') {
    size_t eol = file_text.find('\n', mark_offset);
    start = eol == std::string_view::npos ? file_text.size() : eol + 1;
  } else {
    style = ' ';
  }
  std::vector<size_t> raw_of = align(file_text, start, st.text, style);
  size_t first = raw_of.empty() ? std::min(start, file_text.size()) : raw_of[0];
  if (first >= file_text.size() && !file_text.empty()) first = file_text.size() - 1;
  st.pos.line = lines.line_of(first);
  st.pos.column = lines.column_of(first);
  for (size_t v = 0; v < raw_of.size(); ++v) {
    bool continues = v > 0 && raw_of[v] == raw_of[v - 1] + 1 &&
                     lines.line_of(raw_of[v]) == lines.line_of(raw_of[v - 1]);
    if (!continues) {
      st.runs.push_back(SourceText::Run{static_cast<uint32_t>(v), lines.line_of(raw_of[v]),
                                        lines.column_of(raw_of[v])});
    }
  }
  return st;
}

}  // namespace vigil::yaml
