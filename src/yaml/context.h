// The YAML kit's reader base for files people write (policies, vigil.yaml;
// framework and accounts files): node positions, diagnostics with the
// quoted source line and a code (core/diagnostic.h), unknown keys with a
// did-you-mean, and typed reads of scalars, string lists and CEL texts that
// say what is wrong and what to write instead. Parse with yaml/load.h first.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "yaml/scalar_position.h"

namespace vigil::yaml {

class YamlContext {
 public:
  YamlContext(std::string_view text, const std::string& file, std::vector<Diagnostic>& diags)
      : text_(text), file_(file), lines_(text), diags_(diags) {}

  const std::string& file() const { return file_; }
  size_t error_count() const { return error_count_; }

  SourcePos at(const YAML::Node& n) const;
  // `code`: Diagnostic::code.
  void error(SourcePos pos, std::string message, std::string hint,
             std::string code = "value.invalid");
  void warning(SourcePos pos, std::string message, std::string hint, std::string code = "advice");
  void unknown_key(const YAML::Node& key, std::string_view where,
                   const std::vector<std::string>& allowed);

  // A string-valued key. Returns false (after reporting) when it is not a
  // scalar, or is empty and `allow_empty` is false.
  bool read_string(const YAML::Node& key, const YAML::Node& value, std::string& out,
                   bool allow_empty = true);
  bool read_string_list(const YAML::Node& key, const YAML::Node& value,
                        std::vector<std::string>& out);
  // The scalar's value with its position map (see source_map.h).
  SourceText cel_text(const YAML::Node& value);
  // A non-empty CEL expression.
  bool read_cel(const YAML::Node& key, const YAML::Node& value, SourceText& out);

 protected:
  // One diagnostic, quoting its line; counts errors.
  void add(Diagnostic::Level level, SourcePos pos, std::string message, std::string hint,
           std::string code);
  std::string_view text_;
  std::string file_;
  LineIndex lines_;
  std::vector<Diagnostic>& diags_;
  size_t error_count_ = 0;
};

}  // namespace vigil::yaml
