// Helpers shared by the vigil subcommands: reading inputs given on the
// command line and rendering errors the way the user typed them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cel/value.h"
#include "core/diagnostic.h"
#include "core/result.h"

namespace vigil::cli {

// Exit codes of every subcommand (documented in `vigil --help`).
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;      // bad input, load errors, failed tests, usage
inline constexpr int kExitViolation = 2;  // scan: a violation at or above --fail-on

// An Error with just a message (no position).
inline Error error_message(std::string message) {
  Error e;
  e.message = std::move(message);
  return e;
}

// Whole file contents; the error names the path and the OS reason.
Result<std::string> read_file(const std::string& path);

// One JSON text -> an owned CEL value (no reference into a temporary
// document). Errors carry the byte offset and say what is wrong.
Result<cel::Value> json_to_value(std::string_view json_text);

// "NAME=JSON" -> {NAME, value}. `what` names the flag in error messages.
struct Assignment {
  std::string name;
  cel::Value value;
};
Result<Assignment> parse_assignment(std::string_view text, std::string_view what);

// "LINE:COLUMN" (1-based, columns in code points) of byte `offset` in `source`.
std::string line_column(std::string_view source, size_t offset);

// The line of `source` holding byte `offset`, and a caret under it:
//    | resource.config.Acl ==
//    |                       ^
std::string caret_excerpt(std::string_view source, size_t offset);

// Prints diagnostics to stderr; returns the number of errors among them.
size_t print_diagnostics(const std::vector<Diagnostic>& diagnostics);

}  // namespace vigil::cli
