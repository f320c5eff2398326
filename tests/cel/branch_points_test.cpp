// branch_points_of / instrument: the operands of && and ||, and ternary
// conditions, as exact spans; the instrumented text parses and wraps each.
#include <gtest/gtest.h>

#include "cel/branch_points.h"
#include "cel/parser.h"

namespace vigil::cel {
namespace {

std::vector<std::string> spans(std::string_view source) {
  std::vector<std::string> out;
  for (const BranchPoint& p : branch_points_of(source))
    out.push_back(p.op + " " + std::string(source.substr(p.offset, p.length)));
  return out;
}

TEST(BranchPoints, OperandsOfChainsAndMixedOperators) {
  EXPECT_EQ(spans("a && b && c"), (std::vector<std::string>{"&& a", "&& b", "&& c"}));
  EXPECT_EQ(spans("a || b && c"), (std::vector<std::string>{"|| a", "|| b && c", "&& b", "&& c"}));
  EXPECT_EQ(spans("x > 1"), std::vector<std::string>{});
}

TEST(BranchPoints, TernaryConditionsBracketsAndOptionalSelection) {
  EXPECT_EQ(spans("size(l) == 0 ? t : l.exists(x, x.a || x.?b.orValue(false))"),
            (std::vector<std::string>{"?: size(l) == 0", "|| x.a", "|| x.?b.orValue(false)"}));
  EXPECT_EQ(spans("f(a, b ? c : d) && e"),
            (std::vector<std::string>{"&& f(a, b ? c : d)", "?: b", "&& e"}));
  EXPECT_EQ(spans("m[?k].hasValue()"), std::vector<std::string>{});
}

TEST(BranchPoints, InstrumentedTextWrapsEachPointAndParses) {
  const std::string source = "a || b && !c ? [x].all(y, y > 1 || z) : false";
  auto points = branch_points_of(source);
  std::string text = instrument(source, points, "f", 10);
  EXPECT_EQ(text,
            "f(10, f(11, a) || f(12, f(13, b) && f(14, !c))) ? [x].all(y, f(15, y > 1) || f(16, "
            "z)) : false");
  EXPECT_TRUE(parse(text).ok());
}

}  // namespace
}  // namespace vigil::cel
