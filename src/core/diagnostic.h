// Load errors and warnings for files people write (policies, vigil.yaml,
// framework catalogues, accounts files), rendered the way compilers do:
//
//   policies/s3.yaml:14:22: error: undeclared reference to 'resorce'
//      14 |   condition: resorce.config.Acl == "public-read"
//         |              ^
//   hint: did you mean 'resource'?
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vigil {

// A place in a file: 1-based line and column, 0 when unknown.
struct SourcePos {
  std::string file;
  int line = 0;
  int column = 0;
};

// Each diagnostic has a stable code for tools, "<area>.<what>":
//   yaml.syntax, yaml.alias-cycle, yaml.too-deep, yaml.too-large   the YAML kit (yaml/load.h)
//   file.unreadable                                                 the file cannot be read
//   key.unknown, value.invalid                                      a key or value of the format
//   cel.syntax, cel.undeclared-reference, cel.undeclared-function,
//   cel.invalid-expression                                          a CEL text (cel::Error::code)
//   advice                                                          a warning with a fix (cost,
//   style)
// More specific codes may be added; a code never changes meaning.
struct Diagnostic {
  enum class Level : uint8_t { Error, Warning };
  Level level = Level::Error;
  std::string code = "value.invalid";
  SourcePos pos;
  std::string message;
  std::string hint;         // what to do; may be empty
  std::string source_line;  // the offending line, without newline
  // Text form above (no trailing newline).
  std::string render() const;
  // JSON form, one object: {"level": "error"|"warning", "code", "file",
  // "line", "column", "message", "hint", "source_line"} (line and column 0
  // when unknown; empty strings kept, so every key is always present).
  std::string to_json() const;
};

// {"ok": no error, "errors": N, "warnings": N, "diagnostics": [to_json()...]}
std::string diagnostics_json(const std::vector<Diagnostic>& diagnostics);

// Reads line `line` (1-based) of `file` for Diagnostic::source_line.
std::string read_source_line(const std::string& file, int line);

// The caret line under `line` at 1-based `column`: spaces (tabs kept, so a
// terminal lines it up with the quoted line) then '^'.
std::string caret_under(const std::string& line, int column);
// Line `line` (1-based) of `text`, without its line break; empty when absent.
std::string_view source_line_of(std::string_view text, int line);

}  // namespace vigil
