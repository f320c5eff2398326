// Fitting text into a terminal's columns without wrapping: long ids lose
// their middle ("arn:aws:s3:::acme-…-logs"), so both the kind (the start) and
// the name (the end) stay readable; prose loses its end.
//
// Contract
// - Width is counted in code points: one column each, as for the ASCII and
//   Latin text of cloud ids and names (East Asian wide characters and
//   combining marks are not measured apart). Cuts fall on code point
//   boundaries, never inside a UTF-8 sequence.
// - Text that fits is returned unchanged; otherwise the result is exactly
//   `columns` wide and holds one "…" (U+2026). `columns` 0 returns "".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace vigil {

inline constexpr std::string_view kEllipsis = "\u2026";

// Columns `text` takes (code points; a byte that is not UTF-8 counts one).
size_t display_width(std::string_view text);

// "arn:aws:iam::123456789012:role/very-long-name" -> "arn:aws:iam::12…long-name":
// the start gets the extra column when the kept part is odd.
std::string elide_middle(std::string_view text, size_t columns);

// "a long sentence" -> "a long sen…"
std::string elide_end(std::string_view text, size_t columns);

}  // namespace vigil
