// Diagnostic::render (core/diagnostic.h): file:line:col, the line, a caret.
#include "core/diagnostic.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

Diagnostic at(int line, int column, std::string source_line) {
  Diagnostic d;
  d.level = Diagnostic::Level::Error;
  d.message = "bad";
  d.pos.file = "f.yaml";
  d.pos.line = line;
  d.pos.column = column;
  d.source_line = std::move(source_line);
  return d;
}

TEST(DiagnosticRender, QuotesTheLineWithACaretUnderTheColumn) {
  EXPECT_EQ(at(2, 5, "key: [1, 2").render(),
            "f.yaml:2:5: error: bad\n    2 | key: [1, 2\n      |     ^");
  EXPECT_EQ(at(1, 3, "\tx: y").render(), "f.yaml:1:3: error: bad\n    1 | \tx: y\n      | \t ^");
}

// A hostile one-line file is quoted as a window around the column.
TEST(DiagnosticRender, ALongLineIsQuotedAsAWindowAroundTheColumn) {
  std::string line = "accounts: " + std::string(100000, '[');
  std::string text = at(1, 50000, line).render();
  EXPECT_LT(text.size(), 500u);
  size_t quoted = text.find("| ...");
  ASSERT_NE(quoted, std::string::npos) << text;
  size_t caret_line = text.rfind("\n      | ");
  size_t caret = text.find('^', caret_line);
  // The caret sits under the 61st character of the window, after "...".
  EXPECT_EQ(caret - (caret_line + 9), 3u + 60u);
  EXPECT_NE(text.find("[...\n"), std::string::npos) << text;

  std::string start = at(1, 3, line).render();  // near the start: no leading "..."
  EXPECT_NE(start.find("    1 | accounts: [["), std::string::npos) << start;
  EXPECT_NE(start.find("      |   ^"), std::string::npos) << start;
}

}  // namespace
}  // namespace vigil
