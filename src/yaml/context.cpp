#include "yaml/context.h"

#include <fmt/format.h>

#include "core/suggest.h"

namespace vigil::yaml {

SourcePos YamlContext::at(const YAML::Node& n) const {
  return SourcePos{file_, n.Mark().line + 1, n.Mark().column + 1};
}

void YamlContext::add(Diagnostic::Level level, SourcePos pos, std::string message, std::string hint,
                      std::string code) {
  Diagnostic d;
  d.level = level;
  d.code = std::move(code);
  d.source_line = lines_.line_text(pos.line);
  d.pos = std::move(pos);
  d.message = std::move(message);
  d.hint = std::move(hint);
  diags_.push_back(std::move(d));
  if (level == Diagnostic::Level::Error) ++error_count_;
}

void YamlContext::error(SourcePos pos, std::string message, std::string hint, std::string code) {
  add(Diagnostic::Level::Error, std::move(pos), std::move(message), std::move(hint),
      std::move(code));
}

void YamlContext::warning(SourcePos pos, std::string message, std::string hint, std::string code) {
  add(Diagnostic::Level::Warning, std::move(pos), std::move(message), std::move(hint),
      std::move(code));
}

void YamlContext::unknown_key(const YAML::Node& key, std::string_view where,
                              const std::vector<std::string>& allowed) {
  std::string name = key.IsScalar() ? key.Scalar() : "?";
  std::string guess = closest(name, allowed);
  error(at(key), fmt::format("unknown key '{}' in {}", name, where),
        guess.empty() ? fmt::format("allowed keys are: {}", join(allowed))
                      : fmt::format("did you mean '{}'?", guess),
        "key.unknown");
}

bool YamlContext::read_string(const YAML::Node& key, const YAML::Node& value, std::string& out,
                              bool allow_empty) {
  if (!value.IsScalar() && !(allow_empty && value.IsNull())) {
    error(at(value.IsNull() ? key : value),
          fmt::format("'{}' must be a {}string", key.Scalar(), allow_empty ? "" : "non-empty "),
          fmt::format("write `{}: <text>`", key.Scalar()));
    return false;
  }
  out = value.IsScalar() ? value.Scalar() : std::string();
  if (!allow_empty && out.empty()) {
    error(at(value), fmt::format("'{}' must not be empty", key.Scalar()),
          fmt::format("write `{}: <text>`", key.Scalar()));
    return false;
  }
  return true;
}

bool YamlContext::read_string_list(const YAML::Node& key, const YAML::Node& value,
                                   std::vector<std::string>& out) {
  if (!value.IsSequence()) {
    error(at(value.IsNull() ? key : value),
          fmt::format("'{}' must be a list of strings", key.Scalar()),
          fmt::format("write `{}: [\"...\", \"...\"]` or one `- item` per line", key.Scalar()));
    return false;
  }
  for (const auto& item : value) {
    if (!item.IsScalar()) {
      error(at(item), fmt::format("items of '{}' must be strings", key.Scalar()),
            "write each item as a plain or quoted string");
      return false;
    }
    out.push_back(item.Scalar());
  }
  return true;
}

SourceText YamlContext::cel_text(const YAML::Node& value) {
  return locate_scalar(text_, lines_, value.Mark().pos, value.Scalar(), file_);
}

bool YamlContext::read_cel(const YAML::Node& key, const YAML::Node& value, SourceText& out) {
  if (!value.IsScalar() || value.Scalar().find_first_not_of(" \t\r\n") == std::string::npos) {
    error(at(value.IsScalar() ? value : key),
          fmt::format("'{}' must be a non-empty CEL expression", key.Scalar()),
          fmt::format("write `{}: <CEL expression>`; use `|` for a multi-line expression",
                      key.Scalar()));
    return false;
  }
  out = cel_text(value);
  return true;
}

}  // namespace vigil::yaml
