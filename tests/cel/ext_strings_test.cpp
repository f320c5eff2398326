// Strings extension: code-point indexing, range errors, split/replace
// limits, Unicode trim, join, reverse, quote.
#include <gtest/gtest.h>

#include <random>

#include "ext_test_util.h"

namespace vigil::cel::testing {
namespace {

TEST(ExtStrings, CharAtCountsCodePoints) {
  EXPECT_EQ(str(member("charAt", S("tacocat"), {I(3)})), "o");
  EXPECT_EQ(str(member("charAt", S("tacocat"), {I(7)})), "");
  EXPECT_EQ(str(member("charAt", S("©αT"), {I(1)})), "α");
  EXPECT_TRUE(member("charAt", S("tacocat"), {I(30)}).is_error());
  EXPECT_TRUE(member("charAt", S("tacocat"), {I(-1)}).is_error());
  EXPECT_TRUE(member("charAt", S("hello"), {Value::boolean(true)}).is_error());
}

TEST(ExtStrings, IndexOf) {
  EXPECT_EQ(int_of(member("indexOf", S("tacocat"), {S("")})), 0);
  EXPECT_EQ(int_of(member("indexOf", S("tacocat"), {S("ac")})), 1);
  EXPECT_EQ(int_of(member("indexOf", S("tacocat"), {S("none")})), -1);
  EXPECT_EQ(int_of(member("indexOf", S("tacocat"), {S(""), I(3)})), 3);
  EXPECT_EQ(int_of(member("indexOf", S("tacocat"), {S("a"), I(3)})), 5);
  EXPECT_EQ(int_of(member("indexOf", S("ta©o©αT"), {S("©αT"), I(3)})), 4);
  EXPECT_EQ(int_of(member("indexOf", S("ta©o©αT"), {S("©α"), I(5)})), -1);
  EXPECT_EQ(int_of(member("indexOf", S("hello wello"), {S("ello"), I(6)})), 7);
  EXPECT_EQ(int_of(member("indexOf", S("ab"), {S("abc")})), -1);
  EXPECT_TRUE(member("indexOf", S("tacocat"), {S("a"), I(30)}).is_error());
  EXPECT_TRUE(member("indexOf", S("tacocat"), {S("a"), I(-1)}).is_error());
  EXPECT_TRUE(member("indexOf", I(24), {S("2")}).is_error());
}

TEST(ExtStrings, LastIndexOf) {
  EXPECT_EQ(int_of(member("lastIndexOf", S(""), {S("@@")})), -1);
  EXPECT_EQ(int_of(member("lastIndexOf", S("tacocat"), {S("")})), 7);
  EXPECT_EQ(int_of(member("lastIndexOf", S("tacocat"), {S("a"), I(3)})), 1);
  EXPECT_EQ(int_of(member("lastIndexOf", S("ta©o©αT"), {S("©")})), 4);
  EXPECT_EQ(int_of(member("lastIndexOf", S("ta©o©αT"), {S("©"), I(3)})), 2);
  EXPECT_EQ(int_of(member("lastIndexOf", S("ta©o©αT"), {S("©α"), I(4)})), 4);
  EXPECT_EQ(int_of(member("lastIndexOf", S("bananananana"), {S("nana"), I(7)})), 6);
  EXPECT_EQ(int_of(member("lastIndexOf", S("tacocat"), {S("t"), I(7)})), 6);
  EXPECT_TRUE(member("lastIndexOf", S("tacocat"), {S("a"), I(-1)}).is_error());
  EXPECT_TRUE(member("lastIndexOf", S("tacocat"), {S("a"), I(30)}).is_error());
}

// ASCII strings take a byte-indexed fast path. Swapping 'a' for the
// two-byte 'α' must give the same code-point answers from the slow path.
TEST(ExtStrings, AsciiFastPathAgreesWithCodePointPath) {
  std::mt19937 rng(42);
  auto widen = [](std::string s) {
    std::string out;
    for (char c : s) out += c == 'a' ? std::string("α") : std::string(1, c);
    return out;
  };
  auto same = [](const Value& x, const Value& y) {
    return x.is_error() ? y.is_error() : (!y.is_error() && x.equals(y));
  };
  for (int n = 0; n < 3000; ++n) {
    std::string hay;
    std::string needle;
    for (size_t i = rng() % 12; i > 0; --i) hay += "abc"[rng() % 3];
    for (size_t i = rng() % 3; i > 0; --i) needle += "abc"[rng() % 3];
    const int64_t off = static_cast<int64_t>(rng() % 14) - 1;
    const int64_t end = static_cast<int64_t>(rng() % 14) - 1;
    for (const char* fn : {"indexOf", "lastIndexOf"}) {
      EXPECT_TRUE(same(member(fn, S(hay), {S(needle)}), member(fn, S(widen(hay)), {S(widen(needle))})))
          << fn << " " << hay << " " << needle;
      EXPECT_TRUE(same(member(fn, S(hay), {S(needle), I(off)}),
                       member(fn, S(widen(hay)), {S(widen(needle)), I(off)})))
          << fn << " " << hay << " " << needle << " " << off;
    }
    EXPECT_TRUE(same(member("charAt", S(widen(hay)), {I(off)}),
                     [&] {
                       Value v = member("charAt", S(hay), {I(off)});
                       return v.is_error() ? v : S(widen(std::string(v.as_string())));
                     }()));
    Value fast = member("substring", S(hay), {I(off), I(end)});
    Value slow = member("substring", S(widen(hay)), {I(off), I(end)});
    EXPECT_TRUE(fast.is_error() ? slow.is_error() : str(slow) == widen(str(fast))) << hay << " " << off << " " << end;
  }
}

TEST(ExtStrings, AsciiCasingLeavesOtherLettersAlone) {
  EXPECT_EQ(str(member("lowerAscii", S("TacoCÆt Xii"))), "tacocÆt xii");
  EXPECT_EQ(str(member("upperAscii", S("tacoCαt"))), "TACOCαT");
}

TEST(ExtStrings, ReplaceWithAndWithoutCount) {
  EXPECT_EQ(str(member("replace", S("{0} days {0} hours"), {S("{0}"), S("2")})), "2 days 2 hours");
  EXPECT_EQ(str(member("replace", S("aaa"), {S("a"), S("b"), I(2)})), "bba");
  EXPECT_EQ(str(member("replace", S("aaa"), {S("a"), S("b"), I(0)})), "aaa");
  EXPECT_EQ(str(member("replace", S("aaa"), {S("a"), S("b"), I(-1)})), "bbb");
  EXPECT_EQ(str(member("replace", S("aβ"), {S(""), S("-")})), "-a-β-");
  EXPECT_TRUE(member("replace", S("42"), {S("2"), I(1)}).is_error());
}

TEST(ExtStrings, SplitWithLimit) {
  auto parts = [](const Value& v) {
    std::vector<std::string> out;
    EXPECT_EQ(v.kind(), Kind::List) << v.debug_string();
    if (v.kind() != Kind::List) return out;
    for (size_t i = 0; i < v.list_size(); ++i) out.push_back(std::string(v.list_at(i).as_string()));
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(parts(member("split", S("hello world"), {S(" ")})), (V{"hello", "world"}));
  EXPECT_EQ(parts(member("split", S("hello world events!"), {S(" "), I(0)})), V{});
  EXPECT_EQ(parts(member("split", S("hello world events!"), {S(" "), I(1)})), V{"hello world events!"});
  EXPECT_EQ(parts(member("split", S("a b c"), {S(" "), I(2)})), (V{"a", "b c"}));
  EXPECT_EQ(parts(member("split", S("a b c"), {S(" "), I(-1)})), (V{"a", "b", "c"}));
  EXPECT_EQ(parts(member("split", S("aβc"), {S("")})), (V{"a", "β", "c"}));
  EXPECT_EQ(parts(member("split", S("aβc"), {S(""), I(2)})), (V{"a", "βc"}));
  EXPECT_EQ(parts(member("split", S(""), {S(",")})), V{""});
}

TEST(ExtStrings, Substring) {
  EXPECT_EQ(str(member("substring", S("tacocat"), {I(4)})), "cat");
  EXPECT_EQ(str(member("substring", S("tacocat"), {I(7)})), "");
  EXPECT_EQ(str(member("substring", S("ta©o©αT"), {I(2), I(6)})), "©o©α");
  EXPECT_TRUE(member("substring", S("tacocat"), {I(40)}).is_error());
  EXPECT_TRUE(member("substring", S("tacocat"), {I(-1)}).is_error());
  EXPECT_TRUE(member("substring", S("tacocat"), {I(1), I(50)}).is_error());
  Value bad = member("substring", S("tacocat"), {I(4), I(3)});
  ASSERT_TRUE(bad.is_error());
  EXPECT_EQ(bad.error_message(), "invalid substring range. start: 4, end: 3");
}

TEST(ExtStrings, TrimUsesUnicodeWhiteSpace) {
  EXPECT_EQ(str(member("trim", S("\u0085\u00a0\u1680text"))), "text");
  EXPECT_EQ(str(member("trim", S(" \t\ntext\u2000\u2009\u3000"))), "text");
  // Zero-width characters are not White_Space and stay.
  EXPECT_EQ(str(member("trim", S("\u180etext\u200b\ufeff"))), "\u180etext\u200b\ufeff");
  EXPECT_EQ(str(member("trim", S("   "))), "");
}

TEST(ExtStrings, Join) {
  EXPECT_EQ(str(member("join", L({S("x"), S("y")}))), "xy");
  EXPECT_EQ(str(member("join", L({S("x"), S("y")}), {S("-")})), "x-y");
  EXPECT_EQ(str(member("join", L({}), {S("-")})), "");
  EXPECT_TRUE(member("join", L({S("x"), I(1)})).is_error());
}

TEST(ExtStrings, ReverseStringsAndLists) {
  EXPECT_EQ(str(member("reverse", S("Ta©oCαt"))), "tαCo©aT");
  Value r = member("reverse", L({I(5), I(3), I(1)}));
  ASSERT_EQ(r.kind(), Kind::List);
  EXPECT_EQ(r.list_at(0).as_int(), 1);
  EXPECT_EQ(r.list_at(2).as_int(), 5);
}

TEST(ExtStrings, Quote) {
  EXPECT_EQ(str(global("strings.quote", {S("first\nsecond")})), "\"first\\nsecond\"");
  EXPECT_EQ(str(global("strings.quote", {S("bell\a\b\f\t\v\r")})), "\"bell\\a\\b\\f\\t\\v\\r\"");
  EXPECT_EQ(str(global("strings.quote", {S("mid \" quote \\")})), "\"mid \\\" quote \\\\\"");
  EXPECT_EQ(str(global("strings.quote", {S("завтра")})), "\"завтра\"");
  EXPECT_EQ(str(global("strings.quote", {S("")})), "\"\"");
  // Invalid UTF-8 becomes U+FFFD.
  EXPECT_EQ(str(global("strings.quote", {S("a\xff")})), "\"a\uFFFD\"");
}

}  // namespace
}  // namespace vigil::cel::testing
