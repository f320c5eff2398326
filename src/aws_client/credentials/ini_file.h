// The INI dialect of ~/.aws/config and ~/.aws/credentials.
//
//   [section name]          surrounding spaces trimmed
//   key = value             key and value trimmed; keys kept as written
//   # comment / ; comment   whole-line comments only ('#' inside a value is data)
//   s3 =                    a key with an empty value followed by indented
//     max_bandwidth = 1MB   lines is a sub-section: stored as "s3.max_bandwidth"
//   key = first             an indented line without '=' after a non-empty
//     continued             value continues it (joined with '\n')
//
// Anything else (a line with no '=', a key before the first section, an
// unterminated '[') is an Error naming file:line and at most the key of
// the offending line, never its value or text (it may be a secret). A later duplicate key
// overrides an earlier one, as the AWS CLI does.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vigil::aws {

struct IniSection {
  std::map<std::string, std::string> values;
  std::map<std::string, int> lines;  // key -> 1-based line where it was set
  int line = 0;                      // line of the [header]
};

struct IniFile {
  std::string path;
  std::map<std::string, IniSection> sections;  // by name as written in [ ]
};

Result<IniFile> parse_ini(std::string_view text, const std::string& path);
// A missing file is an empty IniFile (not an error); an unreadable one is.
Result<IniFile> load_ini_file(const std::string& path);

}  // namespace vigil::aws
