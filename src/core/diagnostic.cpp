// Compiler-style rendering of load diagnostics.
#include "core/diagnostic.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>

namespace vigil {

std::string Diagnostic::render() const {
  std::string out;
  std::string_view level_name = level == Level::Error ? "error" : "warning";
  if (pos.file.empty()) {
    out = fmt::format("{}: {}", level_name, message);
  } else if (pos.line <= 0) {
    out = fmt::format("{}: {}: {}", pos.file, level_name, message);
  } else {
    out = fmt::format("{}:{}:{}: {}: {}", pos.file, pos.line, std::max(pos.column, 1), level_name,
                      message);
  }
  if (pos.line > 0 && !source_line.empty()) {
    out += fmt::format("\n{:>5} | {}\n      | ", pos.line, source_line);
    // Keep tabs so the caret lines up with the quoted line in a terminal.
    int col = std::max(pos.column, 1);
    for (int i = 0; i + 1 < col; ++i) {
      out += (static_cast<size_t>(i) < source_line.size() && source_line[i] == '\t') ? '\t' : ' ';
    }
    out += '^';
  }
  if (!hint.empty()) out += "\nhint: " + hint;
  return out;
}

std::string read_source_line(const std::string& file, int line) {
  if (line <= 0) return {};
  std::ifstream in(file, std::ios::binary);
  if (!in) return {};
  std::string text;
  for (int i = 1; std::getline(in, text); ++i) {
    if (i == line) {
      if (!text.empty() && text.back() == '\r') text.pop_back();
      return text;
    }
  }
  return {};
}

std::string_view source_line_of(std::string_view text, int line) {
  if (line <= 0) return {};
  size_t start = 0;
  for (int i = 1; i < line; ++i) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return {};
    start = nl + 1;
  }
  size_t end = text.find('\n', start);
  std::string_view out =
      text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
  return out;
}

}  // namespace vigil
