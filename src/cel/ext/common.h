// Small helpers shared by the extension libraries: overload errors and UTF-8
// code-point handling (CEL string indices count code points, not bytes).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cel/value.h"

namespace vigil::cel::ext {

// "no such overload: name(string, int)" from the argument kinds.
Value no_overload(std::string_view name, std::span<const Value> args);

// Decodes UTF-8 into code points. Invalid sequences decode as U+FFFD one
// byte at a time (CEL strings are valid UTF-8; this only keeps us safe).
std::vector<char32_t> decode_utf8(std::string_view s);
std::string encode_utf8(std::span<const char32_t> cps);
// Number of code points (same decoding rules as decode_utf8).
size_t count_code_points(std::string_view s);

}  // namespace vigil::cel::ext
