// Load errors and warnings for policy files, rendered the way compilers do:
//
//   policies/s3.yaml:14:22: error: undeclared reference to 'resorce'
//      14 |   condition: resorce.config.Acl == "public-read"
//         |              ^
//   hint: did you mean 'resource'?
#pragma once

#include <string>
#include <vector>

#include "policy/policy.h"

namespace vigil {

struct Diagnostic {
  enum class Level : uint8_t { Error, Warning };
  Level level = Level::Error;
  SourcePos pos;
  std::string message;
  std::string hint;         // what to do; may be empty
  std::string source_line;  // the offending line, without newline
  // Text form above (no trailing newline).
  std::string render() const;
};

// Reads line `line` (1-based) of `file` for Diagnostic::source_line.
std::string read_source_line(const std::string& file, int line);

}  // namespace vigil
