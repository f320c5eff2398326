// Compiler-style rendering of load diagnostics.
#include "policy/diagnostic.h"

#include <fmt/format.h>

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

}  // namespace vigil
