// append_json_string (core/json_text.h): always valid JSON, whatever the bytes.
#include "core/json_text.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/utf8.h"

namespace vigil {
namespace {

std::string quoted(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

TEST(JsonText, EscapesWhatJsonRequires) {
  EXPECT_EQ(quoted("plain"), "\"plain\"");
  EXPECT_EQ(quoted("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(quoted("\b\f\n\r\t"), "\"\\b\\f\\n\\r\\t\"");
  EXPECT_EQ(quoted(std::string_view("\x01\x1f", 2)), "\"\\u0001\\u001f\"");
  EXPECT_EQ(quoted(""), "\"\"");
}

TEST(JsonText, Utf8PassesThrough) {
  EXPECT_EQ(quoted("caf\xC3\xA9 \xF0\x9F\x94\x92"), "\"caf\xC3\xA9 \xF0\x9F\x94\x92\"");
}

TEST(JsonText, InvalidBytesBecomeReplacementCharacters) {
  std::string text = quoted(
      "a\xFF"
      "b\xC3");  // a bad lead byte, then a truncated sequence
  EXPECT_EQ(text,
            "\"a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD\"");
  auto parsed = nlohmann::json::parse(text);
  EXPECT_EQ(parsed.get<std::string>(),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD");
}

}  // namespace
}  // namespace vigil

namespace vigil {
namespace {

// The definition, byte by byte: what the fast path must equal.
std::string reference_quoted(std::string_view s) {
  std::string out = "\"";
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t length = utf8::sequence_length(c);
      std::string_view sequence = s.substr(i, length);
      if (sequence.size() == length && length > 1 && utf8::valid(sequence)) {
        out += sequence;
        i += length;
      } else {
        out += "\xEF\xBF\xBD";
        ++i;
      }
      continue;
    }
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      const char* shorts[] = {"\\b", "\\t", "\\n", "", "\\f", "\\r"};  // 8..13
      char text[8];
      std::snprintf(text, sizeof text, "\\u%04x", c);
      out += c >= 8 && c <= 13 && c != 11 ? shorts[c - 8] : text;
    } else {
      out += static_cast<char>(c);
    }
    ++i;
  }
  return out + "\"";
}

TEST(JsonText, EightBytesAtATimeEqualsByteByByte) {
  // Random strings over an alphabet rich in the bytes that matter, at every
  // alignment and length around the 8-byte steps.
  const std::string alphabet = std::string("aZ09 ~\"\\\n\t\x01\x1f\x7f", 14) +
                               "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x94\x92\x80\xBF\xC0\xFF\xED\xA0";
  uint64_t seed = 12345;
  for (int round = 0; round < 20000; ++round) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    size_t length = (seed >> 33) % 40;
    std::string s;
    for (size_t k = 0; k < length; ++k) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      s += alphabet[(seed >> 33) % alphabet.size()];
    }
    std::string fast;
    append_json_string(fast, s);
    ASSERT_EQ(fast, reference_quoted(s))
        << nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    ASSERT_NO_THROW(nlohmann::json::parse(fast));
  }
}

}  // namespace
}  // namespace vigil
