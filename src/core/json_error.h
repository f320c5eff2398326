// The slow path of JsonDoc::parse, for texts simdjson rejects.
//
// simdjson reports what is wrong but not where, and it rejects integers
// beyond uint64 which JSON allows (JsonDoc keeps them as Double). This
// re-reads the rejected text with nlohmann::json, which tracks positions
// and reads big integers as doubles.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace vigil::detail {

// When `json_text` is valid JSON after all: the same value re-serialized in
// a form simdjson accepts (big integers written as doubles; member order
// kept; for duplicate keys the last value is kept, at the first position).
// Otherwise an Error with `offset` (0-based byte offset) and a message for
// the first syntax error; `fallback` is the message (at offset 0) when the
// position cannot be determined. A text nested deeper than kMaxJsonDepth
// (core/json_depth.h) is rejected at the offset of the bracket too deep,
// without being parsed.
Result<std::string> reread_json(std::string_view json_text, std::string_view fallback);

}  // namespace vigil::detail
