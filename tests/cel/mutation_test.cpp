// mutants_of: each operator of cel/mutation.h on small expressions; every
// mutant's text is checked to parse (the operators keep the syntax).
#include <gtest/gtest.h>

#include <algorithm>

#include "cel/mutation.h"
#include "cel/parser.h"

namespace vigil::cel {
namespace {

std::vector<std::string> texts(std::string_view source, bool negate = false) {
  std::vector<std::string> out;
  for (const Mutant& m : mutants_of(source, negate)) out.push_back(m.apply(source));
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(CelMutation, ComparisonsFlipBoundaryAndEquality) {
  auto t = texts("a > 1 && b <= c && d == e && f != g");
  EXPECT_TRUE(has(t, "a >= 1 && b <= c && d == e && f != g"));
  EXPECT_TRUE(has(t, "a > 1 && b < c && d == e && f != g"));
  EXPECT_TRUE(has(t, "a > 1 && b <= c && d != e && f != g"));
  EXPECT_TRUE(has(t, "a > 1 && b <= c && d == e && f == g"));
  EXPECT_TRUE(has(t, "a > 2 && b <= c && d == e && f != g"));  // integer n -> n + 1
}

TEST(CelMutation, LogicSwapsAndDropsEachOperand) {
  auto t = texts("a && b || c");
  EXPECT_TRUE(has(t, "a || b || c"));
  EXPECT_TRUE(has(t, "a && b && c"));
  EXPECT_TRUE(has(t, "b || c"));  // drop the left conjunct
  EXPECT_TRUE(has(t, "a || c"));  // drop the right conjunct
  EXPECT_TRUE(has(t, "c"));       // drop the left disjunct (a && b)
  EXPECT_TRUE(has(t, "a && b"));  // drop the right disjunct
}

TEST(CelMutation, DroppedOperandsStopAtBracketsTernariesAndCommas) {
  auto t = texts("x.exists(k, (p || q) && r) ? s : f(u && v, w)");
  EXPECT_TRUE(has(t, "x.exists(k, (q) && r) ? s : f(u && v, w)"));
  EXPECT_TRUE(has(t, "x.exists(k, (p) && r) ? s : f(u && v, w)"));
  EXPECT_TRUE(has(t, "x.exists(k, r) ? s : f(u && v, w)"));
  EXPECT_TRUE(has(t, "x.exists(k, (p || q)) ? s : f(u && v, w)"));
  EXPECT_TRUE(has(t, "x.exists(k, (p || q) && r) ? s : f(v, w)"));
  EXPECT_TRUE(has(t, "x.exists(k, (p || q) && r) ? s : f(u, w)"));
}

TEST(CelMutation, OptionalSelectionIsNoTernary) {
  auto t = texts(R"(!a && !r.?p.orValue("/").startsWith("/x/") && m[?k].hasValue())");
  EXPECT_TRUE(has(t, R"(!a && m[?k].hasValue())"));
  EXPECT_TRUE(has(t, R"(!a && !r.?p.orValue("/").startsWith("/x/"))"));
  EXPECT_TRUE(has(t, R"(!r.?p.orValue("/").startsWith("/x/") && m[?k].hasValue())"));
}

TEST(CelMutation, LiteralsAndListElements) {
  auto t = texts(R"(a in ["x", "y"] && m[0] == true && s == "")");
  EXPECT_TRUE(has(t, R"(a in ["y"] && m[0] == true && s == "")"));
  EXPECT_TRUE(has(t, R"(a in ["x"] && m[0] == true && s == "")"));
  EXPECT_TRUE(has(t, R"(a in ["", "y"] && m[0] == true && s == "")"));
  EXPECT_TRUE(has(t, R"(a in ["x", "y"] && m[0] == false && s == "")"));
  EXPECT_TRUE(has(t, R"(a in ["x", "y"] && m[0] == true && s == "mutant")"));
  EXPECT_TRUE(has(t, R"(a in ["x", "y"] && m[1] == true && s == "")"));  // an index is an int
  // m[0] indexes: it is no list literal, so nothing removes its "element".
  EXPECT_FALSE(has(t, R"(a in ["x", "y"] && m[] == true && s == "")"));
}

TEST(CelMutation, MapEntriesAreRemovedOneAtATime) {
  auto t = texts(R"({"a": 1, "b": x}[k] == 1 && M{f: 2}.f == 2)");
  EXPECT_TRUE(has(t, R"({"b": x}[k] == 1 && M{f: 2}.f == 2)"));
  EXPECT_TRUE(has(t, R"({"a": 1}[k] == 1 && M{f: 2}.f == 2)"));
  auto m = mutants_of(R"({"a": 1, "b": x}[k] == 1)", false);
  size_t map_mutants = 0;
  for (const Mutant& mutant : m)
    if (mutant.operator_name == "map") {
      ++map_mutants;
      EXPECT_TRUE(mutant.description.starts_with("remove map entry `")) << mutant.description;
    }
  EXPECT_EQ(map_mutants, 2u);
  // A message construction is no map literal: its fields are not removed.
  EXPECT_FALSE(has(t, R"({"a": 1, "b": x}[k] == 1 && M{}.f == 2)"));
  // Nested maps: each level's entries, one at a time.
  auto nested = texts(R"({"a": {"b": 1, "c": 2}} == y)");
  EXPECT_TRUE(has(nested, R"({"a": {"c": 2}} == y)"));
  EXPECT_TRUE(has(nested, R"({} == y)"));
}

TEST(CelMutation, NegationOnlyWhenAskedAndEveryMutantParsesAndIsNew) {
  const std::string source = R"(size(r.filter(x, x.v > 3 || x.w in [1, 2])) == 0 && !r.empty)";
  EXPECT_FALSE(has(texts(source), "!(" + source + ")"));
  auto all = mutants_of(source, true);
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all[0].apply(source), "!(" + source + ")");
  EXPECT_EQ(all[0].description, "negate the whole expression");
  std::vector<std::string> seen;
  for (const Mutant& m : all) {
    std::string text = m.apply(source);
    EXPECT_NE(text, source) << m.description;
    EXPECT_FALSE(has(seen, text)) << m.description;
    seen.push_back(text);
    EXPECT_TRUE(parse(text).ok()) << m.description << ": " << text;
  }
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end(),
                             [](const Mutant& a, const Mutant& b) { return a.offset < b.offset; }));
}

TEST(CelMutation, DescriptionsNameTheChange) {
  auto all = mutants_of(R"(a.b == "x" ||  c)", false);
  std::vector<std::string> d;
  for (const Mutant& m : all) d.push_back(m.description);
  EXPECT_TRUE(has(d, "`==` -> `!=`"));
  EXPECT_TRUE(has(d, "`\"x\"` -> `\"\"`"));
  EXPECT_TRUE(has(d, "`||` -> `&&`"));
  EXPECT_TRUE(has(d, "drop `a.b == \"x\" ||`"));
  EXPECT_TRUE(has(d, "drop `|| c`"));
  EXPECT_TRUE(mutants_of("\"unterminated", true).empty());
}

}  // namespace
}  // namespace vigil::cel
