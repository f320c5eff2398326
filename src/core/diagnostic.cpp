// Compiler-style rendering of load diagnostics.
#include "core/diagnostic.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

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
    // A long line (hostile input can be one line of megabytes) is quoted as
    // a window around the column, marked with "...".
    constexpr size_t kWidth = 160, kBefore = 60;
    std::string_view line = source_line;
    size_t col = static_cast<size_t>(std::max(pos.column, 1)) - 1;
    std::string_view lead, tail;
    if (line.size() > kWidth) {
      size_t start = col > kBefore ? std::min(col - kBefore, line.size()) : 0;
      while (start < line.size() && (static_cast<unsigned char>(line[start]) & 0xC0) == 0x80)
        ++start;
      size_t end = std::min(line.size(), start + kWidth);
      while (end < line.size() && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) ++end;
      if (start > 0) lead = "...";
      if (end < line.size()) tail = "...";
      col = col - start + lead.size();
      line = line.substr(start, end - start);
    }
    out += fmt::format("\n{:>5} | {}{}{}\n      | ", pos.line, lead, line, tail);
    // Keep tabs so the caret lines up with the quoted line in a terminal.
    for (size_t i = 0; i < col; ++i) {
      size_t at = i - std::min(i, lead.size());
      out += (i >= lead.size() && at < line.size() && line[at] == '\t') ? '\t' : ' ';
    }
    out += '^';
  }
  if (!hint.empty()) out += "\nhint: " + hint;
  return out;
}

std::string caret_under(const std::string& line, int column) {
  std::string pad;
  for (int i = 1; i < column && i - 1 < static_cast<int>(line.size()); ++i)
    pad += line[i - 1] == '\t' ? '\t' : ' ';
  return pad + "^";
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

namespace vigil {
namespace {

nlohmann::ordered_json json_of(const Diagnostic& d) {
  return {{"level", d.level == Diagnostic::Level::Error ? "error" : "warning"},
          {"code", d.code},
          {"file", d.pos.file},
          {"line", d.pos.line},
          {"column", d.pos.column},
          {"message", d.message},
          {"hint", d.hint},
          {"source_line", d.source_line}};
}

std::string dump(const nlohmann::ordered_json& j) {
  // Invalid UTF-8 (a quoted line of a broken file) is replaced, never thrown.
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

std::string Diagnostic::to_json() const { return dump(json_of(*this)); }

std::string diagnostics_json(const std::vector<Diagnostic>& diagnostics) {
  size_t errors = 0, warnings = 0;
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const Diagnostic& d : diagnostics) {
    (d.level == Diagnostic::Level::Error ? errors : warnings) += 1;
    list.push_back(json_of(d));
  }
  return dump({{"ok", errors == 0},
               {"errors", errors},
               {"warnings", warnings},
               {"diagnostics", std::move(list)}});
}

}  // namespace vigil
