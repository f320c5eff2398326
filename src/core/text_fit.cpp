// See text_fit.h.
#include "core/text_fit.h"

#include <algorithm>

#include "core/utf8.h"

namespace vigil {
namespace {

// Bytes of the code point at `at`: a well-formed sequence, else one byte.
size_t step(std::string_view text, size_t at) {
  auto lead = static_cast<unsigned char>(text[at]);
  if (lead < 0x80 || (lead & 0xC0) == 0x80) return 1;
  size_t length = utf8::sequence_length(lead);
  if (at + length > text.size()) return 1;
  for (size_t i = 1; i < length; ++i)
    if ((static_cast<unsigned char>(text[at + i]) & 0xC0) != 0x80) return 1;
  return length;
}

// Byte offset after the first `count` code points of `text` (its size when
// it has fewer).
size_t prefix_bytes(std::string_view text, size_t count) {
  size_t at = 0;
  for (size_t n = 0; n < count && at < text.size(); ++n) at += step(text, at);
  return at;
}

}  // namespace

size_t display_width(std::string_view text) {
  size_t width = 0;
  for (size_t at = 0; at < text.size(); ++width) at += step(text, at);
  return width;
}

std::string elide_middle(std::string_view text, size_t columns) {
  size_t width = display_width(text);
  if (width <= columns) return std::string(text);
  if (columns == 0) return "";
  size_t kept = columns - 1;  // one column for the ellipsis
  size_t head = kept - kept / 2, tail = kept / 2;
  std::string out(text.substr(0, prefix_bytes(text, head)));
  out += kEllipsis;
  out += text.substr(prefix_bytes(text, width - tail));
  return out;
}

std::string elide_end(std::string_view text, size_t columns) {
  if (display_width(text) <= columns) return std::string(text);
  if (columns == 0) return "";
  std::string out(text.substr(0, prefix_bytes(text, columns - 1)));
  out += kEllipsis;
  return out;
}

}  // namespace vigil
