#include "core/csv.h"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

namespace vigil {
namespace {

TEST(Csv, QuotesSeparatorsAndQuotes) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
}

// Reproduced on main: a tag value `=HYPERLINK(...)` reached the CSV as given
// and ran as a formula when the report was opened in a spreadsheet.
TEST(Csv, NeutralisesFormulasAsOwaspRecommends) {
  EXPECT_EQ(csv_field("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  EXPECT_EQ(csv_field("+1+cmd|' /C calc'!A0"), "\"'+1+cmd|' /C calc'!A0\"");
  EXPECT_EQ(csv_field("-2+3"), "\"'-2+3\"");
  EXPECT_EQ(csv_field("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(csv_field("\t=1"), "\"'\t=1\"");
  EXPECT_EQ(csv_field("\r=1"), "\"'\r=1\"");
  EXPECT_EQ(csv_field("a=1"), "a=1");  // only the first character starts a formula
}

TEST(Csv, RowsEndWithCrlf) {
  std::ostringstream out;
  std::vector<std::string> row = {"p", "=1", "x,y"};
  write_csv_row(out, row);
  EXPECT_EQ(out.str(), "p,\"'=1\",\"x,y\"\r\n");
}

}  // namespace
}  // namespace vigil
