// JSON text output: the one string escaper of Vigil's JSON writers (asset
// documents, streamed reports).
//
// Contract: append_json_string(out, s) appends `s` as a JSON string literal:
// in quotes, with '"' and '\\' escaped, \b \f \n \r \t, other control
// characters as \u00XX, everything else as is (UTF-8 passes through). Bytes
// that are not well-formed UTF-8 (core/utf8.h) are written as U+FFFD, one
// per byte, so the output is always valid JSON whatever the input.
#pragma once

#include <string>
#include <string_view>

namespace vigil {

void append_json_string(std::string& out, std::string_view s);

}  // namespace vigil
