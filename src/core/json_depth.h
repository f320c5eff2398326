// Bounds the nesting of a JSON text before any recursive reader sees it.
//
// Contract
// - kMaxJsonDepth is the deepest nesting Vigil reads anywhere (simdjson's own
//   default limit, so the fast path and the slow path agree).
// - find_json_depth_excess scans the text once, without recursion or
//   allocation, skipping strings (escapes honoured). It returns the byte offset
//   of the first '[' or '{' that opens container number max_depth + 1, or
//   nullopt when the text never nests deeper. It does not validate the text.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace vigil {

inline constexpr size_t kMaxJsonDepth = 1024;

std::optional<size_t> find_json_depth_excess(std::string_view text,
                                             size_t max_depth = kMaxJsonDepth);

}  // namespace vigil
