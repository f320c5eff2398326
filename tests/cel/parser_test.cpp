// Parser tests: AST shapes (via to_debug_string), literals, macros, ids and
// offsets, every error path with its offset, hostile inputs, and the fuzz
// regression inputs in tests/cel/fuzz_regressions/.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "cel/ast.h"
#include "cel/parser.h"

namespace vigil::cel {
namespace {

std::string P(std::string_view src, const ParseOptions& options = {}) {
  auto r = parse(src, options);
  if (!r.ok()) return "ERROR@" + std::to_string(r.error().offset) + ": " + r.error().message;
  return to_debug_string(*r->root);
}

// Expects a parse error at `offset` whose message contains `text`.
void expect_error(std::string_view src, size_t offset, const std::string& text,
                  const ParseOptions& options = {}) {
  auto r = parse(src, options);
  std::string shown(src.substr(0, 80));
  ASSERT_FALSE(r.ok()) << shown << " parsed as " << to_debug_string(*r->root);
  EXPECT_EQ(r.error().offset, offset) << shown << ": " << r.error().message;
  EXPECT_NE(r.error().message.find(text), std::string::npos)
      << src << ": '" << r.error().message << "' lacks '" << text << "'";
}

Value constant_of(std::string_view src) {
  auto r = parse(src);
  EXPECT_TRUE(r.ok()) << src << ": " << (r.ok() ? "" : r.error().message);
  if (!r.ok()) return Value::error("parse failed");
  EXPECT_EQ(r->root->kind, ExprKind::Constant) << src;
  return r->root->constant;
}

TEST(ParserTest, IntLiterals) {
  EXPECT_EQ(constant_of("0").as_int(), 0);
  EXPECT_EQ(constant_of("42").as_int(), 42);
  EXPECT_EQ(constant_of("0x1F").as_int(), 31);
  EXPECT_EQ(constant_of("-7").as_int(), -7);
  EXPECT_EQ(constant_of("9223372036854775807").as_int(), INT64_MAX);
  EXPECT_EQ(constant_of("-9223372036854775808").as_int(), INT64_MIN);
  EXPECT_EQ(constant_of("-0x8000000000000000").as_int(), INT64_MIN);
  expect_error("9223372036854775808", 0, "int literal out of range");
  expect_error("-9223372036854775809", 0, "int literal out of range");
  expect_error("1 + 0x8000000000000000", 4, "int literal out of range");
  expect_error("0x", 0, "hex digit");
}

TEST(ParserTest, UintLiterals) {
  EXPECT_EQ(constant_of("1u").kind(), Kind::Uint);
  EXPECT_EQ(constant_of("1U").as_uint(), 1u);
  EXPECT_EQ(constant_of("0xFFu").as_uint(), 255u);
  EXPECT_EQ(constant_of("18446744073709551615u").as_uint(), UINT64_MAX);
  expect_error("18446744073709551616u", 0, "uint literal out of range");
  // A minus before a uint is the negation operator, never part of the literal.
  EXPECT_EQ(P("-1u"), "-_(1u)");
}

TEST(ParserTest, DoubleLiterals) {
  EXPECT_DOUBLE_EQ(constant_of("1.5").as_double(), 1.5);
  EXPECT_DOUBLE_EQ(constant_of("1e3").as_double(), 1000.0);
  EXPECT_DOUBLE_EQ(constant_of(".5").as_double(), 0.5);
  EXPECT_DOUBLE_EQ(constant_of("1.5e-3").as_double(), 0.0015);
  EXPECT_DOUBLE_EQ(constant_of("2E+2").as_double(), 200.0);
  EXPECT_DOUBLE_EQ(constant_of("-2.5").as_double(), -2.5);
  EXPECT_EQ(constant_of("1.0").kind(), Kind::Double);
  EXPECT_EQ(P("1.0"), "1.0");
  expect_error("1e999", 0, "double literal out of range");
  EXPECT_EQ(constant_of("1e-324").as_double(), 0.0);  // underflow rounds to zero
  EXPECT_GT(constant_of("4e-320").as_double(), 0.0);  // subnormal
  // `1e` is the int 1 followed by an identifier.
  expect_error("1e", 1, "expected end of input but found 'e'");
}

TEST(ParserTest, BoolNullLiterals) {
  EXPECT_TRUE(constant_of("true").as_bool());
  EXPECT_FALSE(constant_of("false").as_bool());
  EXPECT_EQ(constant_of("null").kind(), Kind::Null);
}

TEST(ParserTest, StringQuoteForms) {
  EXPECT_EQ(constant_of("'a'").as_string(), "a");
  EXPECT_EQ(constant_of("\"a\"").as_string(), "a");
  EXPECT_EQ(constant_of("'''a'b\"c'''").as_string(), "a'b\"c");
  EXPECT_EQ(constant_of("\"\"\"x\ny\"\"\"").as_string(), "x\ny");
  EXPECT_EQ(constant_of("'''x''x'''").as_string(), "x''x");
  EXPECT_EQ(constant_of("''").as_string(), "");
  EXPECT_EQ(constant_of("'\"\"'").as_string(), "\"\"");
  EXPECT_EQ(constant_of("r'\\n'").as_string(), "\\n");
  EXPECT_EQ(constant_of("R\"\\\\\"").as_string(), "\\\\");
  EXPECT_EQ(constant_of("r'''a\\'''").as_string(), "a\\");
  EXPECT_EQ(constant_of("'héllo'").as_string(), "héllo");
}

TEST(ParserTest, StringEscapes) {
  EXPECT_EQ(constant_of(R"('\a\b\f\n\r\t\v')").as_string(), "\a\b\f\n\r\t\v");
  EXPECT_EQ(constant_of(R"('\\\'\"\`\?')").as_string(), "\\'\"`?");
  EXPECT_EQ(constant_of(R"('\101\x41\X41')").as_string(), "AAA");
  EXPECT_EQ(constant_of(R"('\377')").as_string(), "\xC3\xBF");  // code point 255
  EXPECT_EQ(constant_of(R"('\xFF')").as_string(), "\xC3\xBF");
  EXPECT_EQ(constant_of(R"('\u00e9')").as_string(), "\xC3\xA9");
  EXPECT_EQ(constant_of(R"('\U0001F62C')").as_string(), "\xF0\x9F\x98\xAC");
  EXPECT_EQ(constant_of(R"("\303\277")").as_string(), "\xC3\x83\xC2\xBF");
  EXPECT_EQ(constant_of(R"('''\'''')").as_string(), "'");
}

TEST(ParserTest, StringErrors) {
  expect_error("'abc", 0, "unterminated string literal");
  expect_error("x + 'ab\ncd'", 4, "unterminated string literal");
  expect_error("'''abc''", 0, "unterminated string literal");
  expect_error("b'abc", 0, "unterminated bytes literal");
  expect_error(R"('a\qb')", 2, "invalid escape sequence '\\q");
  expect_error(R"('\x4')", 1, "expected 2 hexadecimal digits");
  expect_error(R"('\u12')", 1, "expected 4 hexadecimal digits");
  expect_error(R"('\U0001F6')", 1, "expected 8 hexadecimal digits");
  expect_error(R"('\uD800')", 1, "not a valid Unicode code point");
  expect_error(R"('\U00110000')", 1, "not a valid Unicode code point");
  expect_error(R"('\400')", 1, "unknown escape");
  expect_error(R"('\08')", 1, "octal escapes need exactly three digits");
  expect_error(R"(b'\u0041')", 2, "only allowed in string literals");
  expect_error("'\\", 0, "unterminated string literal");
  // Excerpts in messages never split a UTF-8 sequence.
  expect_error("'\\u123\xC3\xA9'", 1, "invalid escape sequence '\\u123'");
  expect_error("a '" + std::string(35, 'b') + "\xC3\xA9\xC3\xA9'", 2,
               "found ''" + std::string(35, 'b') + "...'");
  expect_error("r'\\''", 4, "unterminated string literal");
}

TEST(ParserTest, BytesLiterals) {
  Value v = constant_of("b'abc'");
  EXPECT_EQ(v.kind(), Kind::Bytes);
  EXPECT_EQ(v.as_string(), "abc");
  EXPECT_EQ(constant_of(R"(b'\377\xff\x00')").as_string(), std::string("\xFF\xFF\x00", 3));
  EXPECT_EQ(constant_of("b'ÿ'").as_string(), "\xC3\xBF");
  EXPECT_EQ(constant_of(R"(B"\303\277")").as_string(), "\xC3\xBF");
  EXPECT_EQ(constant_of(R"(br'\x00')").as_string(), "\\x00");
  EXPECT_EQ(constant_of(R"(Rb'\n')").as_string(), "\\n");
  EXPECT_EQ(constant_of(R"(bR"""\""")").as_string(), "\\");
  EXPECT_EQ(constant_of("b'''a\nb'''").as_string(), "a\nb");
  EXPECT_EQ(P(R"(b'\x01\xfe')"), R"(b"\x01\xfe")");
  // Doubled prefixes are identifiers followed by a string: a syntax error.
  expect_error("rr'x'", 2, "expected end of input");
}

TEST(ParserTest, IdentifiersAndReservedWords) {
  EXPECT_EQ(P("a"), "a");
  EXPECT_EQ(P("_x1"), "_x1");
  EXPECT_EQ(P("a.b.c"), "a.b.c");
  EXPECT_EQ(P(".a.b"), ".a.b");
  EXPECT_EQ(P(".f(1)"), ".f(1)");
  for (const char* word : {"as", "break", "const", "continue", "else", "for", "function", "if",
                           "import", "let", "loop", "package", "namespace", "return", "var",
                           "void", "while"}) {
    std::string w = word;
    expect_error(w, 0, "reserved identifier '" + w + "'");
    expect_error("1 + " + w + "(2)", 4, "reserved identifier");
    // Allowed as field names and receiver function names.
    EXPECT_EQ(P("a." + w), "a." + w);
    EXPECT_EQ(P("a." + w + "()"), "a." + w + "()");
    EXPECT_EQ(P("M{" + w + ": 1}"), "M{" + w + ": 1}");
  }
  expect_error("a.in", 2, "expected a field name but found 'in'");
  expect_error("a.true", 2, "expected a field name");
  EXPECT_EQ(P(". a"), ".a");
  EXPECT_EQ(P(".1"), "0.1");
  expect_error(".(a)", 1, "expected an identifier after the leading '.' but found '('");
  expect_error("x + .", 5, "expected an identifier after the leading '.' but found end of input");
  expect_error(".if", 1, "reserved identifier 'if'");
}

TEST(ParserTest, EscapedFieldNames) {
  EXPECT_EQ(P("a.`b-c`"), "a.b-c");
  EXPECT_EQ(P("a.`foo.txt`"), "a.foo.txt");
  EXPECT_EQ(P("has(a.`x/y z`)"), "a.x/y z~test-only");
  EXPECT_EQ(P("M{`b-c`: 1}"), "M{b-c: 1}");
  expect_error("a.`b", 2, "unterminated escaped field name");
  expect_error("a.``", 2, "empty escaped field name");
  expect_error("a.`b#`", 4, "invalid character in escaped field name");
  expect_error("`a`", 0, "expected an expression");
  // An escaped name is not a function name and not part of a type name.
  expect_error("a.`b`()", 5, "expected end of input");
}

TEST(ParserTest, Operators) {
  EXPECT_EQ(P("1 + 2 * 3"), "_+_(1, _*_(2, 3))");
  EXPECT_EQ(P("(1 + 2) * 3"), "_*_(_+_(1, 2), 3)");
  EXPECT_EQ(P("a - b - c"), "_-_(_-_(a, b), c)");
  EXPECT_EQ(P("a / b % c"), "_%_(_/_(a, b), c)");
  EXPECT_EQ(P("a == b != c"), "_!=_(_==_(a, b), c)");
  EXPECT_EQ(P("a < b <= c > d >= e"), "_>=_(_>_(_<=_(_<_(a, b), c), d), e)");
  EXPECT_EQ(P("a in b"), "@in(a, b)");
  EXPECT_EQ(P("a || b && c"), "_||_(a, _&&_(b, c))");
  EXPECT_EQ(P("a && b || c && d"), "_||_(_&&_(a, b), _&&_(c, d))");
  EXPECT_EQ(P("a ? b : c ? d : e"), "_?_:_(a, b, _?_:_(c, d, e))");
  EXPECT_EQ(P("a || b ? c + 1 : d"), "_?_:_(_||_(a, b), _+_(c, 1), d)");
  EXPECT_EQ(P("1 < 2 == true"), "_==_(_<_(1, 2), true)");
  EXPECT_EQ(P("x - 1"), "_-_(x, 1)");
  EXPECT_EQ(P("x-1"), "_-_(x, 1)");
}

TEST(ParserTest, UnaryOperators) {
  EXPECT_EQ(P("!a"), "!_(a)");
  EXPECT_EQ(P("!!a"), "a");
  EXPECT_EQ(P("!!!a"), "!_(a)");
  EXPECT_EQ(P("-a"), "-_(a)");
  EXPECT_EQ(P("--a"), "a");
  EXPECT_EQ(P("---a"), "-_(a)");
  EXPECT_EQ(P("-1"), "-1");
  EXPECT_EQ(P("--1"), "1");
  EXPECT_EQ(P("---1"), "-_(1)");
  EXPECT_EQ(P("- 1"), "-1");
  EXPECT_EQ(P("-(1)"), "-_(1)");
  EXPECT_EQ(P("-1.5"), "-1.5");
  EXPECT_EQ(P("-a.b"), "-_(a.b)");
  EXPECT_EQ(P("!a.b()"), "!_(a.b())");
  EXPECT_EQ(P("-1.abs()"), "-1.abs()");
  EXPECT_EQ(P("2 - -1"), "_-_(2, -1)");
  EXPECT_EQ(P("--------------------------------19"), "19");
  expect_error("!-a", 1, "expected an expression but found '-'");
  expect_error("-!a", 1, "expected an expression");
}

TEST(ParserTest, MemberCallsAndIndex) {
  EXPECT_EQ(P("f()"), "f()");
  EXPECT_EQ(P("f(1, 2)"), "f(1, 2)");
  EXPECT_EQ(P("a.f(1)"), "a.f(1)");
  EXPECT_EQ(P("a.b.f(1).c"), "a.b.f(1).c");
  EXPECT_EQ(P("a[0]"), "_[_](a, 0)");
  EXPECT_EQ(P("a[0][1]"), "_[_](_[_](a, 0), 1)");
  EXPECT_EQ(P("a['k'].b"), "_[_](a, \"k\").b");
  EXPECT_EQ(P("'abc'.size()"), "\"abc\".size()");
  EXPECT_EQ(P("[1][0]"), "_[_]([1], 0)");
  EXPECT_EQ(P("(a).b"), "a.b");
  expect_error("f(1,)", 4, "expected an expression but found ')'");
  expect_error("f(1", 3, "expected ',' or ')' but found end of input");
  expect_error("a[1", 3, "expected ']' but found end of input");
  expect_error("a.", 2, "expected a field name but found end of input");
  expect_error("a.1", 1, "expected end of input but found '.1'");
}

TEST(ParserTest, Aggregates) {
  EXPECT_EQ(P("[]"), "[]");
  EXPECT_EQ(P("[1, 2, 3]"), "[1, 2, 3]");
  EXPECT_EQ(P("[1, 2,]"), "[1, 2]");
  EXPECT_EQ(P("{}"), "{}");
  EXPECT_EQ(P("{'a': 1, 2: [b]}"), "{\"a\": 1, 2: [b]}");
  EXPECT_EQ(P("{'a': 1,}"), "{\"a\": 1}");
  EXPECT_EQ(P("M{}"), "M{}");
  EXPECT_EQ(P("a.b.M{x: 1, y: 'z'}"), "a.b.M{x: 1, y: \"z\"}");
  EXPECT_EQ(P(".a.M{x: 1,}"), ".a.M{x: 1}");
  EXPECT_EQ(P("M{x: 1}.x"), "M{x: 1}.x");
  expect_error("[,]", 1, "expected an expression");
  expect_error("{,}", 1, "expected an expression");
  expect_error("[1 2]", 3, "expected ',' or ']' but found '2'");
  expect_error("{1 2}", 3, "expected ':' but found '2'");
  expect_error("{1: 2", 5, "expected ',' or '}'");
  expect_error("M{1: 2}", 2, "expected a field name but found '1'");
  expect_error("M{x 2}", 4, "expected ':'");
  expect_error("(a){x: 1}", 3, "expected end of input but found '{'");
  expect_error("a.f(){x: 1}", 5, "expected end of input");
}

TEST(ParserTest, OptionalSyntax) {
  EXPECT_EQ(P("a.?b"), "_?._(a, \"b\")");
  EXPECT_EQ(P("a.?b.c"), "_?._(a, \"b\").c");
  EXPECT_EQ(P("a[?0]"), "_[?_](a, 0)");
  EXPECT_EQ(P("[?a, b, ?c]"), "[?a, b, ?c]");
  EXPECT_EQ(P("{?'k': v, 'j': w}"), "{?\"k\": v, \"j\": w}");
  EXPECT_EQ(P("M{?f: v, g: w}"), "M{?f: v, g: w}");
  auto r = parse("[?a, b, ?c]");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->root->optional_indices, (std::vector<uint32_t>{0, 2}));
  ParseOptions off;
  off.enable_optional_syntax = false;
  expect_error("a.?b", 2, "unsupported syntax '.?'", off);
  expect_error("a[?b]", 2, "unsupported syntax '[?'", off);
  expect_error("[?b]", 1, "unsupported syntax", off);
  expect_error("{?1: 2}", 1, "unsupported syntax", off);
  expect_error("M{?f: 2}", 2, "unsupported syntax", off);
  EXPECT_EQ(P("a ? b : c", off), "_?_:_(a, b, c)");
}

TEST(ParserTest, CommentsAndWhitespace) {
  EXPECT_EQ(P("a // comment\n + b"), "_+_(a, b)");
  EXPECT_EQ(P("\t a \r\n\f+ b // end"), "_+_(a, b)");
  EXPECT_EQ(P("a // c \r + b\n + c"), "_+_(a, c)");  // \r alone does not end a comment
  EXPECT_EQ(P("[\f.\fa.\fb\f{\fx\f:\f1\f}\f]"), "[.a.b{x: 1}]");
  EXPECT_EQ(P("[ . a. b { x : int ( 17 ) } . x ] [ 0 ]"), "_[_]([.a.b{x: int(17)}.x], 0)");
  expect_error("a \v+ b", 2, "unexpected character '\\x0B'");
  expect_error("a # b", 2, "unexpected character '#'");
  expect_error("a = b", 2, "'=='");
  expect_error("a & b", 2, "'&&'");
  expect_error("a | b", 2, "'||'");
  expect_error("a é", 2, "unexpected character 'é'");
  expect_error("", 0, "expected an expression but found end of input");
  expect_error("   ", 3, "expected an expression but found end of input");
  expect_error("(a", 2, "expected ')' but found end of input");
  expect_error("(a foo)", 3, "expected ')' but found 'foo'");
  expect_error("a ? b", 5, "expected ':' but found end of input");
  expect_error("a b", 2, "expected end of input but found 'b'");
}

TEST(ParserTest, HasMacro) {
  EXPECT_EQ(P("has(a.b)"), "a.b~test-only");
  EXPECT_EQ(P("has(a.b.c)"), "a.b.c~test-only");
  EXPECT_EQ(P("has({}.?x.y)"), "_?._({}, \"x\").y~test-only");
  expect_error("has(a)", 4, "invalid argument to has() macro");
  expect_error("x && has(a[0])", 9, "invalid argument to has() macro");
  EXPECT_EQ(P("has(a, b)"), "has(a, b)");
  ParseOptions off;
  off.enable_macros = false;
  EXPECT_EQ(P("has(a.b)", off), "has(a.b)");
  EXPECT_EQ(P("has(a)", off), "has(a)");
}

TEST(ParserTest, QuantifierMacros) {
  EXPECT_EQ(P("r.all(x, x > 0)"),
            "__comprehension__(x, r, @result, true, @not_strictly_false(@result), "
            "_&&_(@result, _>_(x, 0)), @result)");
  EXPECT_EQ(P("r.exists(x, p)"),
            "__comprehension__(x, r, @result, false, @not_strictly_false(!_(@result)), "
            "_||_(@result, p), @result)");
  EXPECT_EQ(P("r.exists_one(x, p)"),
            "__comprehension__(x, r, @result, 0, true, _?_:_(p, _+_(@result, 1), @result), "
            "_==_(@result, 1))");
  EXPECT_EQ(P("r.existsOne(x, p)"), P("r.exists_one(x, p)"));
  EXPECT_EQ(P("r.map(x, x * 2)"),
            "__comprehension__(x, r, @result, [], true, _+_(@result, [_*_(x, 2)]), @result)");
  EXPECT_EQ(P("r.map(x, p, t)"),
            "__comprehension__(x, r, @result, [], true, _?_:_(p, _+_(@result, [t]), @result), "
            "@result)");
  EXPECT_EQ(P("r.filter(x, p)"),
            "__comprehension__(x, r, @result, [], true, _?_:_(p, _+_(@result, [x]), @result), "
            "@result)");
  EXPECT_EQ(P("[1].all(x, [2].exists(y, x == y))"),
            "__comprehension__(x, [1], @result, true, @not_strictly_false(@result), "
            "_&&_(@result, __comprehension__(y, [2], @result, false, "
            "@not_strictly_false(!_(@result)), _||_(@result, _==_(x, y)), @result)), @result)");
  expect_error("r.all(x.y, p)", 6, "argument must be a simple name");
  expect_error("r.map(1, p)", 6, "argument must be a simple name");
  expect_error("r.filter(.x, p)", 9, "argument must be a simple name");
  // Not macros: wrong arity or global style.
  EXPECT_EQ(P("all(x, p)"), "all(x, p)");
  EXPECT_EQ(P("r.all(x)"), "r.all(x)");
  EXPECT_EQ(P("r.filter(x, p, q)"), "r.filter(x, p, q)");
  ParseOptions off;
  off.enable_macros = false;
  EXPECT_EQ(P("r.all(x, p)", off), "r.all(x, p)");
  EXPECT_EQ(P("r.all(x.y, p)", off), "r.all(x.y, p)");
}

TEST(ParserTest, TwoVariableMacros) {
  EXPECT_EQ(P("r.all(i, v, p)"),
            "__comprehension__(i, v, r, @result, true, @not_strictly_false(@result), "
            "_&&_(@result, p), @result)");
  EXPECT_EQ(P("r.exists(i, v, p)"),
            "__comprehension__(i, v, r, @result, false, @not_strictly_false(!_(@result)), "
            "_||_(@result, p), @result)");
  EXPECT_EQ(P("r.existsOne(i, v, p)"),
            "__comprehension__(i, v, r, @result, 0, true, _?_:_(p, _+_(@result, 1), @result), "
            "_==_(@result, 1))");
  EXPECT_EQ(P("r.transformList(i, v, t)"),
            "__comprehension__(i, v, r, @result, [], true, _+_(@result, [t]), @result)");
  EXPECT_EQ(P("r.transformList(i, v, p, t)"),
            "__comprehension__(i, v, r, @result, [], true, _?_:_(p, _+_(@result, [t]), "
            "@result), @result)");
  EXPECT_EQ(P("r.transformMap(k, v, t)"),
            "__comprehension__(k, v, r, @result, {}, true, cel.@mapInsert(@result, k, t), "
            "@result)");
  EXPECT_EQ(P("r.transformMap(k, v, p, t)"),
            "__comprehension__(k, v, r, @result, {}, true, _?_:_(p, cel.@mapInsert(@result, k, "
            "t), @result), @result)");
  EXPECT_EQ(P("r.transformMapEntry(k, v, {k: v})"),
            "__comprehension__(k, v, r, @result, {}, true, cel.@mapInsert(@result, {k: v}), "
            "@result)");
  expect_error("r.all(i, i, p)", 9, "different names");
  expect_error("r.transformMap(k, 1, t)", 18, "argument must be a simple name");
}

TEST(ParserTest, BindAndOptionalMacros) {
  EXPECT_EQ(P("cel.bind(x, 1, x + 1)"),
            "__comprehension__(#unused, [], x, 1, false, x, _+_(x, 1))");
  EXPECT_EQ(P("other.bind(x, 1, x)"), "other.bind(x, 1, x)");
  expect_error("cel.bind(x.y, 1, 2)", 9, "argument must be a simple name");
  EXPECT_EQ(P("o.optMap(y, y + 1)"),
            "_?_:_(o.hasValue(), optional.of(__comprehension__(#unused, [], y, o.value(), false, "
            "y, _+_(y, 1))), optional.none())");
  EXPECT_EQ(P("a.?b.optFlatMap(k, k.?c)"),
            "_?_:_(_?._(a, \"b\").hasValue(), __comprehension__(#unused, [], k, "
            "_?._(a, \"b\").value(), false, k, _?._(k, \"c\")), optional.none())");
  expect_error("o.optMap(1, 2)", 9, "argument must be a simple name");
  // The copied receiver gets fresh ids.
  auto r = parse("o.optMap(y, y)");
  ASSERT_TRUE(r.ok());
  const Expr& cond = *r->root->args[0];
  const Expr& value = *r->root->args[1]->args[0]->accu_init;
  EXPECT_NE(cond.target->id, value.target->id);
}

// Collects every node's id.
void collect_ids(const Expr& e, std::vector<int64_t>& ids) {
  ids.push_back(e.id);
  auto visit = [&](const ExprPtr& c) {
    if (c) collect_ids(*c, ids);
  };
  visit(e.target);
  for (const auto& a : e.args) visit(a);
  for (const auto& en : e.entries) {
    visit(en.key);
    visit(en.value);
  }
  visit(e.iter_range);
  visit(e.accu_init);
  visit(e.loop_condition);
  visit(e.loop_step);
  visit(e.result);
}

TEST(ParserTest, UniqueIds) {
  for (const char* src : {"a.b + c[1] * -d", "[1, {2: M{f: x}}].all(y, y.exists(z, z))",
                          "o.optMap(x, x).orValue(cel.bind(q, 1, q))"}) {
    auto r = parse(src);
    ASSERT_TRUE(r.ok()) << src;
    std::vector<int64_t> ids;
    collect_ids(*r->root, ids);
    std::set<int64_t> unique(ids.begin(), ids.end());
    EXPECT_EQ(unique.size(), ids.size()) << src;
    EXPECT_EQ(unique.count(0), 0u) << src;
  }
}

TEST(ParserTest, Offsets) {
  auto r = parse("a.b + f(c)[0] * -d");
  ASSERT_TRUE(r.ok());
  const Expr& add = *r->root;
  EXPECT_EQ(add.name, "_+_");
  EXPECT_EQ(add.offset, 4u);
  const Expr& sel = *add.args[0];
  EXPECT_EQ(sel.kind, ExprKind::Select);
  EXPECT_EQ(sel.offset, 2u);          // the field name
  EXPECT_EQ(sel.target->offset, 0u);  // a
  const Expr& mul = *add.args[1];
  EXPECT_EQ(mul.offset, 14u);
  const Expr& index = *mul.args[0];
  EXPECT_EQ(index.name, "_[_]");
  EXPECT_EQ(index.offset, 10u);
  EXPECT_EQ(index.args[0]->offset, 6u);   // f
  EXPECT_EQ(index.args[0]->args[0]->offset, 8u);  // c
  EXPECT_EQ(mul.args[1]->offset, 16u);    // -_
  EXPECT_EQ(mul.args[1]->args[0]->offset, 17u);

  auto lit = parse("  -42");
  ASSERT_TRUE(lit.ok());
  EXPECT_EQ(lit->root->offset, 2u);
  auto cond = parse("a ? b : c");
  ASSERT_TRUE(cond.ok());
  EXPECT_EQ(cond->root->offset, 2u);
  auto mc = parse("xs.all(x, x)");
  ASSERT_TRUE(mc.ok());
  EXPECT_EQ(mc->root->kind, ExprKind::Comprehension);
  EXPECT_EQ(mc->root->offset, 3u);
  EXPECT_EQ(mc->root->iter_range->offset, 0u);
  auto st = parse("x + .a.M{f: 1}");
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->root->args[1]->kind, ExprKind::Struct);
  EXPECT_EQ(st->root->args[1]->name, ".a.M");
  EXPECT_EQ(st->root->args[1]->offset, 4u);
  EXPECT_EQ(r->source, "a.b + f(c)[0] * -d");
}

TEST(ParserTest, LimitsOnHostileInput) {
  // Deep parentheses.
  std::string deep = std::string(100000, '(') + "1" + std::string(100000, ')');
  ParseOptions big;
  big.max_source_bytes = 1 << 20;
  expect_error(deep, 250, "expression nested too deeply", big);
  // Long left-associative chains are loops, but the tree height is bounded.
  std::string chain = "a";
  for (int i = 0; i < 20000; ++i) chain += " + a";
  auto r = parse(chain, big);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("nested too deeply"), std::string::npos);
  std::string selects = "a";
  for (int i = 0; i < 20000; ++i) selects += ".b";
  EXPECT_FALSE(parse(selects, big).ok());
  std::string ternary;
  for (int i = 0; i < 5000; ++i) ternary += "a ? b : ";
  ternary += "c";
  EXPECT_FALSE(parse(ternary, big).ok());
  std::string nots(100000, '!');
  EXPECT_EQ(P(nots + "a", big), "a");
  std::string lists;
  for (int i = 0; i < 5000; ++i) lists += "[";
  EXPECT_FALSE(parse(lists, big).ok());
  // Wide is fine: a list of 10000 elements.
  std::string wide = "[";
  for (int i = 0; i < 10000; ++i) wide += "1,";
  wide += "]";
  EXPECT_TRUE(parse(wide, big).ok());
  // 32 of every repeatable construct must work (CEL's minimum).
  std::string or32 = "a";
  for (int i = 0; i < 31; ++i) or32 += " || a";
  EXPECT_TRUE(parse(or32).ok());
  std::string nest32 = std::string(32, '(') + "1" + std::string(32, ')');
  EXPECT_TRUE(parse(nest32).ok());
  // Chained optMap copies its receiver at each level: bounded, not exponential.
  std::string opt_chain = "o";
  for (int i = 0; i < 60; ++i) opt_chain += ".optMap(x, x)";
  auto blown = parse(opt_chain, big);
  ASSERT_FALSE(blown.ok());
  EXPECT_NE(blown.error().message.find("expression too large"), std::string::npos);
  std::string opt_ok = "o";
  for (int i = 0; i < 5; ++i) opt_ok += ".optMap(x, x)";
  EXPECT_TRUE(parse(opt_ok).ok());
  // Size limit and encoding.
  ParseOptions small;
  small.max_source_bytes = 10;
  expect_error("12345678901", 0, "expression is too long", small);
  expect_error(std::string("'a\xFF'"), 2, "invalid UTF-8");
  expect_error(std::string("'\xED\xA0\x80'"), 1, "invalid UTF-8");  // a surrogate
  expect_error(std::string("'\xC0\x80'"), 1, "invalid UTF-8");      // overlong
  ParseOptions reckless;  // a huge max_depth is capped, never a stack overflow
  reckless.max_depth = 1 << 30;
  reckless.max_source_bytes = 1 << 20;
  EXPECT_FALSE(parse(deep, reckless).ok());
  ParseOptions shallow;
  shallow.max_depth = 3;
  EXPECT_TRUE(parse("a + b", shallow).ok());
  expect_error("(((a)))", 3, "nested too deeply", shallow);
}

TEST(ParserTest, ConformanceShapes) {
  EXPECT_EQ(P("{ 'while': 1 }.while"), "{\"while\": 1}.while");
  EXPECT_EQ(P("a.while() || true"), "_||_(a.while(), true)");
  EXPECT_EQ(P("int(uint(int(7)))"), "int(uint(int(7)))");
  EXPECT_EQ(P("[[['foo']]][0][0][0]"), "_[_](_[_](_[_]([[[\"foo\"]]], 0), 0), 0)");
}

TEST(ParserTest, FuzzRegressions) {
  std::filesystem::path dir = std::filesystem::path(VIGIL_SOURCE_DIR) / "tests/cel/fuzz_regressions";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no regression inputs in " << dir;
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    std::string text = buf.str();
    auto r = parse(text);
    // Either outcome is fine; it must not crash, and a success must print.
    if (r.ok()) EXPECT_FALSE(to_debug_string(*r->root).empty()) << entry.path();
    else EXPECT_FALSE(r.error().message.empty()) << entry.path();
    ++count;
  }
  RecordProperty("regression_inputs", count);
}

}  // namespace
}  // namespace vigil::cel
