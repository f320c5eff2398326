// append_json_string (json_text.h).
#include "core/json_text.h"

#include <cstdint>
#include <cstring>

#include "core/utf8.h"

namespace vigil {

namespace {

constexpr uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;

// Some byte of `v` is zero.
constexpr uint64_t zero_byte(uint64_t v) { return (v - kOnes) & ~v & kHighs; }

// Eight bytes at `p` are all printable ASCII other than '"' and '\\':
// copied as they are.
bool plain8(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  uint64_t special = (v & kHighs)                          // not ASCII
                     | ((v - kOnes * 0x20) & ~v & kHighs)  // below 0x20
                     | zero_byte(v ^ (kOnes * '"')) | zero_byte(v ^ (kOnes * '\\'));
  return special == 0;
}

void append_escape(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default: {
      char text[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
      out.append(text, sizeof text);
    }
  }
}

}  // namespace

// One pass: runs of plain bytes (eight at a time) are copied in one append,
// escapes written, and a byte of 0x80 or more starts a sequence that is
// copied when well formed, else replaced by U+FFFD (one per byte).
void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  const char* data = s.data();
  const size_t n = s.size();
  size_t run = 0, i = 0;
  while (i < n) {
    if (i + 8 <= n && plain8(data + i)) {
      i += 8;
      continue;
    }
    auto c = static_cast<unsigned char>(data[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    out.append(data + run, i - run);
    if (c < 0x80) {
      append_escape(out, c);
      run = ++i;
      continue;
    }
    size_t length = utf8::sequence_length(c);
    std::string_view sequence = s.substr(i, length);
    if (sequence.size() == length && length > 1 && utf8::valid(sequence)) {
      out.append(sequence);
      i += length;
    } else {
      utf8::append(out, U'\uFFFD');
      ++i;
    }
    run = i;
  }
  out.append(data + run, n - run);
  out.push_back('"');
}

}  // namespace vigil
