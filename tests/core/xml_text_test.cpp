// append_xml_text (core/xml_text.h): well-formed XML 1.0 text, whatever the
// bytes, in element content and in attributes.
#include "core/xml_text.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

std::string xml(std::string_view s) {
  std::string out;
  append_xml_text(out, s);
  return out;
}

const std::string kReplacement = "\xEF\xBF\xBD";

TEST(XmlText, EscapesMarkupAndBothQuotes) {
  EXPECT_EQ(xml("plain"), "plain");
  EXPECT_EQ(xml("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
  EXPECT_EQ(xml(""), "");
}

TEST(XmlText, CdataEndCannotSurvive) { EXPECT_EQ(xml("x]]>y"), "x]]&gt;y"); }

TEST(XmlText, WhitespaceSurvivesAttributeNormalisation) {
  EXPECT_EQ(xml("a\tb\nc\rd"), "a&#9;b&#10;c&#13;d");
}

TEST(XmlText, ForbiddenCharactersBecomeReplacementCharacters) {
  // C0 controls other than tab, LF, CR are not XML 1.0 characters, even as references.
  EXPECT_EQ(xml(std::string_view("a\x00"
                                 "b\x01\x1f",
                                 5)),
            "a" + kReplacement + "b" + kReplacement + kReplacement);
  // U+FFFE and U+FFFF are not characters either; U+FFFD and U+10000 are.
  EXPECT_EQ(xml("\xEF\xBF\xBE\xEF\xBF\xBF"), kReplacement + kReplacement);
  EXPECT_EQ(xml("\xEF\xBF\xBD \xF0\x90\x80\x80"), "\xEF\xBF\xBD \xF0\x90\x80\x80");
  EXPECT_EQ(xml("\x7f"), "\x7f");  // DEL is allowed
}

TEST(XmlText, InvalidUtf8BecomesOneReplacementPerByte) {
  EXPECT_EQ(xml("a\xff\xfe"
                "b"),
            "a" + kReplacement + kReplacement + "b");
  EXPECT_EQ(xml("\xC3"), kReplacement);                                        // truncated sequence
  EXPECT_EQ(xml("\xED\xA0\x80"), kReplacement + kReplacement + kReplacement);  // a surrogate
  EXPECT_EQ(xml("caf\xC3\xA9 <"), "caf\xC3\xA9 &lt;");
}

}  // namespace
}  // namespace vigil
