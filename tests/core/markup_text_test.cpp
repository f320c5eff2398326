// append_markup_text: safe in HTML and XML content and attributes, for any bytes.
#include "core/markup_text.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(MarkupText, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(markup_text(R"(<a href="x">Tom & 'Jerry'</a>)"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  EXPECT_EQ(markup_text("]]>"), "]]&gt;");
}

TEST(MarkupText, KeepsUtf8TabsAndNewlines) {
  EXPECT_EQ(markup_text("café\tß\r\n€"), "café\tß\r\n€");
}

TEST(MarkupText, ReplacesWhatXmlForbidsAndBrokenUtf8) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(markup_text(std::string("a\0b", 3)), "a" + fffd + "b");
  EXPECT_EQ(markup_text("\x01\x1b"), fffd + fffd);
  EXPECT_EQ(markup_text("x\xEF\xBF\xBEy\xEF\xBF\xBF"), "x" + fffd + "y" + fffd);
  EXPECT_EQ(markup_text("\xC3("), fffd + "(");     // truncated sequence
  EXPECT_EQ(markup_text("\xFF<"), fffd + "&lt;");  // invalid byte, then a special
}

}  // namespace
}  // namespace vigil
