#include "aws_client/credentials/ini_file.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace vigil::aws {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

Error error_at(const std::string& path, int line, std::string message) {
  Error e;
  e.message = path + ":" + std::to_string(line) + ": " + message;
  e.file = path;
  e.line = line;
  return e;
}

// How an error names a line that did not parse: its key when it has one,
// never the whole text (a stray line in a credentials file is often a
// secret key or session token pasted on its own).
std::string describe_line(std::string_view line) {
  size_t eq = line.find('=');
  if (eq != std::string_view::npos && !trim(line.substr(0, eq)).empty()) {
    return "the line setting '" + std::string(trim(line.substr(0, eq))) + "'";
  }
  return "a line of " + std::to_string(line.size()) + " characters (not shown: it may be a secret)";
}

}  // namespace

Result<IniFile> parse_ini(std::string_view text, const std::string& path) {
  IniFile file;
  file.path = path;
  IniSection* section = nullptr;
  std::string last_key;    // key of the previous key = value line
  std::string parent_key;  // set while inside a "key =" sub-section
  int line_number = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    bool indented = raw.front() == ' ' || raw.front() == '\t';

    if (line.front() == '[') {
      size_t close = line.find(']');
      if (close == std::string_view::npos) {
        return error_at(path, line_number,
                        "section header '" + std::string(line) + "' has no closing ']'");
      }
      std::string name(trim(line.substr(1, close - 1)));
      if (name.empty()) return error_at(path, line_number, "empty section name '[]'");
      section = &file.sections[name];
      if (section->line == 0) section->line = line_number;
      last_key.clear();
      parent_key.clear();
      continue;
    }
    if (section == nullptr) {
      return error_at(
          path, line_number,
          describe_line(line) +
              " appears before any [section]; start the file with [default] or [profile NAME]");
    }
    size_t eq = line.find('=');
    if (indented && !parent_key.empty() && eq != std::string_view::npos) {
      std::string key = parent_key + "." + std::string(trim(line.substr(0, eq)));
      section->values[key] = std::string(trim(line.substr(eq + 1)));
      section->lines[key] = line_number;
      continue;
    }
    if (indented && !last_key.empty() && parent_key.empty()) {
      section->values[last_key] += "\n" + std::string(line);
      continue;
    }
    if (eq == std::string_view::npos) {
      return error_at(path, line_number,
                      "expected 'key = value', got " + describe_line(line) +
                          " (a continued value must be indented)");
    }
    std::string key(trim(line.substr(0, eq)));
    if (key.empty()) return error_at(path, line_number, "missing key before '='");
    std::string value(trim(line.substr(eq + 1)));
    section->values[key] = value;
    section->lines[key] = line_number;
    last_key = key;
    parent_key = value.empty() ? key : "";
  }
  return file;
}

Result<IniFile> load_ini_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    IniFile empty;
    empty.path = path;
    return empty;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Error e;
    e.message = path + ": cannot read AWS configuration file (check its permissions)";
    e.file = path;
    return e;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_ini(buffer.str(), path);
}

}  // namespace vigil::aws
