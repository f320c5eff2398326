// Byte positions inside JSON text, for error messages.
//
// JsonDoc keeps no source positions (they would cost memory on every node);
// when a validator finds a bad value it asks here where that value starts in
// the text it was parsed from. Only meant for error paths: it re-scans text.
#pragma once

#include <cstddef>
#include <string_view>
#include <variant>
#include <vector>

namespace vigil {

// One step of a path: an object key or an array index.
using JsonPathStep = std::variant<std::string_view, size_t>;

// The byte offset where the value at `path` starts in `json_text` (valid
// JSON). When a step is not found, the offset of the deepest value reached
// (the enclosing container). Keys are compared as written in the text
// (escape sequences are not decoded); the first matching member wins.
size_t json_value_offset(std::string_view json_text, const std::vector<JsonPathStep>& path);

// 1-based line and column (in bytes) of `offset` in `text`.
struct TextPosition {
  int line = 1;
  int column = 1;
};
TextPosition text_position(std::string_view text, size_t offset);

}  // namespace vigil
