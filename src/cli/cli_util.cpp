#include "cli/cli_util.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cel/program.h"
#include "core/json_doc.h"

namespace vigil::cli {
namespace {

// Deep copy: the document dies when json_to_value returns.
cel::Value owned(JsonRef ref) {
  switch (ref.kind()) {
    case JsonKind::Null:
      return cel::Value::null();
    case JsonKind::Bool:
      return cel::Value::boolean(ref.as_bool());
    case JsonKind::Int:
      return cel::Value::integer(ref.as_int());
    case JsonKind::Uint:
      return cel::Value::uinteger(ref.as_uint());
    case JsonKind::Double:
      return cel::Value::dbl(ref.as_double());
    case JsonKind::String:
      return cel::Value::string(std::string(ref.as_string()));
    case JsonKind::Array: {
      cel::ValueList items;
      items.reserve(ref.size());
      for (uint32_t i = 0; i < ref.size(); ++i) items.push_back(owned(ref.at(i)));
      return cel::Value::list(std::move(items));
    }
    case JsonKind::Object: {
      std::vector<cel::MapEntry> entries;
      entries.reserve(ref.size());
      for (uint32_t i = 0; i < ref.size(); ++i) {
        std::string key(ref.key_at(i));
        bool duplicate = false;  // first wins, as in JsonDoc lookups
        for (const auto& e : entries) duplicate = duplicate || e.first.as_string() == key;
        if (!duplicate) entries.emplace_back(cel::Value::string(std::move(key)), owned(ref.at(i)));
      }
      return cel::Value::map(std::move(entries));
    }
    case JsonKind::Unavailable:
      return cel::Value::error(std::string(ref.as_string()));
  }
  return cel::Value::null();
}

}  // namespace

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return error_message(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return error_message(fmt::format("{}: read failed", path));
  return text.str();
}

Result<cel::Value> json_to_value(std::string_view json_text) {
  auto doc = JsonDoc::parse(json_text);
  if (!doc.ok()) {
    Error e = doc.error();
    e.message = fmt::format("invalid JSON at byte {}: {}", e.offset, e.message);
    return e;
  }
  return owned(doc->root());
}

Result<Assignment> parse_assignment(std::string_view text, std::string_view what) {
  size_t eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0)
    return error_message(
        fmt::format("{} '{}': expected NAME=JSON, e.g. {} max_age_days=90", what, text, what));
  auto value = json_to_value(text.substr(eq + 1));
  if (!value.ok())
    return error_message(
        fmt::format("{} '{}': the value is not JSON ({}); quote strings: NAME='\"text\"'", what,
                    text, value.error().message));
  return Assignment{std::string(text.substr(0, eq)), std::move(value.value())};
}

std::string line_column(std::string_view source, size_t offset) {
  offset = std::min(offset, source.size());
  int line = 1, column = 1;
  for (size_t i = 0; i < offset; ++i) {
    unsigned char c = static_cast<unsigned char>(source[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column;
    }
  }
  return fmt::format("{}:{}", line, column);
}

std::string caret_excerpt(std::string_view source, size_t offset) {
  offset = std::min(offset, source.size());
  size_t last_newline = source.substr(0, offset).rfind('\n');
  size_t begin = last_newline == std::string_view::npos ? 0 : last_newline + 1;
  size_t end = source.find('\n', offset);
  if (end == std::string_view::npos) end = source.size();
  std::string_view line = source.substr(begin, end - begin);
  std::string pad;
  for (size_t i = begin; i < offset; ++i) {
    unsigned char c = static_cast<unsigned char>(source[i]);
    if (c == '\t')
      pad += '\t';
    else if ((c & 0xC0) != 0x80)
      pad += ' ';  // one column per UTF-8 code point
  }
  return fmt::format(" | {}\n | {}^", line, pad);
}

size_t print_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  size_t errors = 0;
  for (const auto& d : diagnostics) {
    std::cerr << d.render() << '\n';
    if (d.level == Diagnostic::Level::Error) ++errors;
  }
  return errors;
}

}  // namespace vigil::cli
