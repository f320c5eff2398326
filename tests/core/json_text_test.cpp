// append_json_string (core/json_text.h): always valid JSON, whatever the bytes.
#include "core/json_text.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

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
