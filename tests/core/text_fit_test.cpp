#include "core/text_fit.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(TextFit, WidthCountsCodePoints) {
  EXPECT_EQ(display_width(""), 0u);
  EXPECT_EQ(display_width("sg-0"), 4u);
  EXPECT_EQ(display_width("caf\u00e9 \u2026"), 6u);  // 2- and 3-byte sequences
  EXPECT_EQ(display_width("a\xff"
                          "b"),
            3u);                              // a stray byte is one column
  EXPECT_EQ(display_width("a\xe2\x80"), 3u);  // a truncated sequence: a byte each
}

TEST(TextFit, TextThatFitsIsUnchanged) {
  EXPECT_EQ(elide_middle("sg-0", 4), "sg-0");
  EXPECT_EQ(elide_middle("sg-0", 40), "sg-0");
  EXPECT_EQ(elide_end("short", 5), "short");
}

TEST(TextFit, MiddleElisionKeepsBothEnds) {
  const std::string arn = "arn:aws:iam::123456789012:role/service-role/very-long-name";
  std::string fitted = elide_middle(arn, 25);
  EXPECT_EQ(display_width(fitted), 25u);
  EXPECT_EQ(fitted, "arn:aws:iam:\u2026ry-long-name");
  EXPECT_EQ(fitted.substr(0, 12), arn.substr(0, 12));  // 24 kept: 12 + 12
  EXPECT_EQ(fitted.substr(fitted.size() - 12), arn.substr(arn.size() - 12));
  EXPECT_NE(fitted.find("\u2026"), std::string::npos);
  // An odd count of kept columns gives the start the extra one.
  EXPECT_EQ(elide_middle("abcdefghij", 6), "abc\u2026ij");
  EXPECT_EQ(elide_middle("abcdefghij", 1), "\u2026");
  EXPECT_EQ(elide_middle("abcdefghij", 0), "");
}

TEST(TextFit, CutsNeverSplitACodePoint) {
  // "ééééé" is 10 bytes, 5 columns.
  std::string e5 = "\u00e9\u00e9\u00e9\u00e9\u00e9";
  EXPECT_EQ(elide_middle(e5, 4), "\u00e9\u00e9\u2026\u00e9");
  EXPECT_EQ(elide_end(e5, 3), "\u00e9\u00e9\u2026");
}

TEST(TextFit, EndElisionKeepsTheStart) {
  EXPECT_EQ(elide_end("a long sentence", 11), "a long sen\u2026");
  EXPECT_EQ(display_width(elide_end("a long sentence", 11)), 11u);
  EXPECT_EQ(elide_end("abc", 0), "");
}

}  // namespace
}  // namespace vigil
