// UTF-8 helpers shared by the CEL lexer and string functions, the policy
// loader and JSON output. Code points are Unicode scalar values.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace vigil::utf8 {

// Appends the encoding of `cp` (at most U+10FFFF).
void append(std::string& out, char32_t cp);

// Offset of the first byte that is not part of well-formed UTF-8 (bad lead
// or continuation byte, truncated or overlong sequence, surrogate, above
// U+10FFFF), or std::string_view::npos when `s` is well formed.
size_t invalid_offset(std::string_view s);
inline bool valid(std::string_view s) { return invalid_offset(s) == std::string_view::npos; }

// Length of the sequence that starts with lead byte `c` (1 to 4; for
// well-formed input).
size_t sequence_length(unsigned char c);

}  // namespace vigil::utf8
