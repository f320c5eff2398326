// The CEL standard library called through FunctionRegistry with Values, the
// way the evaluator calls it (strict functions, receiver as args[0]).
#include <cmath>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "cel/functions.h"
#include "cel/stdlib_common.h"
#include "cel/stdlib_regex.h"

namespace vigil::cel {
namespace {

const FunctionRegistry& registry() {
  static const FunctionRegistry r = [] {
    FunctionRegistry reg;
    FunctionRegistry::add_standard(reg);
    return reg;
  }();
  return r;
}

Value call(std::string_view name, std::vector<Value> args, CallStyle style = CallStyle::Global) {
  const FunctionImpl* fn = registry().find(name, style, args.size());
  if (fn == nullptr) return Value::error("test: function not registered: " + std::string(name));
  return (*fn)(args, CallContext{});
}

Value method(std::string_view name, std::vector<Value> args) {
  return call(name, std::move(args), CallStyle::Receiver);
}

Value I(int64_t i) { return Value::integer(i); }
Value U(uint64_t u) { return Value::uinteger(u); }
Value D(double d) { return Value::dbl(d); }
Value S(std::string s) { return Value::string(std::move(s)); }
Value B(std::string s) { return Value::bytes(std::move(s)); }
Value Bool(bool b) { return Value::boolean(b); }

Value ts(const std::string& text) { return call("timestamp", {S(text)}); }
Value dur(const std::string& text) { return call("duration", {S(text)}); }

::testing::AssertionResult IsError(const Value& v, std::string_view fragment = "") {
  if (!v.is_error()) return ::testing::AssertionFailure() << "not an error: " << v.debug_string();
  if (v.error_message().find(fragment) == std::string::npos) {
    return ::testing::AssertionFailure()
           << "message \"" << v.error_message() << "\" lacks \"" << fragment << "\"";
  }
  return ::testing::AssertionSuccess();
}

void ExpectInt(const Value& v, int64_t want) {
  ASSERT_EQ(v.kind(), Kind::Int) << v.debug_string();
  EXPECT_EQ(v.as_int(), want);
}
void ExpectUint(const Value& v, uint64_t want) {
  ASSERT_EQ(v.kind(), Kind::Uint) << v.debug_string();
  EXPECT_EQ(v.as_uint(), want);
}
void ExpectBool(const Value& v, bool want) {
  ASSERT_EQ(v.kind(), Kind::Bool) << v.debug_string();
  EXPECT_EQ(v.as_bool(), want);
}
void ExpectString(const Value& v, std::string_view want) {
  ASSERT_EQ(v.kind(), Kind::String) << v.debug_string();
  EXPECT_EQ(v.as_string(), want);
}
void ExpectDouble(const Value& v, double want) {
  ASSERT_EQ(v.kind(), Kind::Double) << v.debug_string();
  EXPECT_EQ(v.as_double(), want);
}

constexpr int64_t kMaxInt = std::numeric_limits<int64_t>::max();
constexpr int64_t kMinInt = std::numeric_limits<int64_t>::min();
constexpr uint64_t kMaxUint = std::numeric_limits<uint64_t>::max();

TEST(StdlibArithmetic, IntegersAndOverflow) {
  ExpectInt(call("_+_", {I(42), I(-7)}), 35);
  ExpectInt(call("_-_", {I(-42), I(-12)}), -30);
  ExpectInt(call("_*_", {I(40), I(-2)}), -80);
  ExpectInt(call("_/_", {I(-20), I(2)}), -10);
  ExpectInt(call("_%_", {I(-7), I(3)}), -1);
  ExpectInt(call("-_", {I(42)}), -42);
  EXPECT_TRUE(IsError(call("_+_", {I(kMaxInt), I(1)}), "integer overflow"));
  EXPECT_TRUE(IsError(call("_-_", {I(kMinInt), I(1)}), "integer overflow"));
  EXPECT_TRUE(IsError(call("_*_", {I(5000000000), I(5000000000)}), "integer overflow"));
  EXPECT_TRUE(IsError(call("_/_", {I(kMinInt), I(-1)}), "integer overflow"));
  EXPECT_TRUE(IsError(call("_%_", {I(kMinInt), I(-1)}), "integer overflow"));
  EXPECT_TRUE(IsError(call("-_", {I(kMinInt)}), "integer overflow"));
  EXPECT_TRUE(IsError(call("_/_", {I(15), I(0)}), "division by zero"));
  EXPECT_TRUE(IsError(call("_%_", {I(34), I(0)}), "modulus by zero"));
}

TEST(StdlibArithmetic, Unsigned) {
  ExpectUint(call("_+_", {U(42), U(2)}), 44);
  ExpectUint(call("_-_", {U(42), U(12)}), 30);
  ExpectUint(call("_%_", {U(7), U(3)}), 1);
  EXPECT_TRUE(IsError(call("_+_", {U(kMaxUint), U(1)}), "overflow"));
  EXPECT_TRUE(IsError(call("_-_", {U(0), U(1)}), "underflow"));
  EXPECT_TRUE(IsError(call("_*_", {U(kMaxUint), U(2)}), "overflow"));
  EXPECT_TRUE(IsError(call("_/_", {U(1), U(0)}), "division by zero"));
  EXPECT_TRUE(IsError(call("_%_", {U(1), U(0)}), "modulus by zero"));
  EXPECT_TRUE(IsError(call("-_", {U(1)}), "no such overload: -_(uint)"));
}

TEST(StdlibArithmetic, DoublesFollowIeee) {
  ExpectDouble(call("_+_", {D(4.25), D(15.25)}), 19.5);
  ExpectDouble(call("_/_", {D(15.75), D(0.0)}), std::numeric_limits<double>::infinity());
  const Value neg_zero = call("-_", {D(0.0)});
  ASSERT_EQ(neg_zero.kind(), Kind::Double);
  EXPECT_TRUE(std::signbit(neg_zero.as_double()));
  EXPECT_TRUE(std::isnan(call("_/_", {D(0.0), D(0.0)}).as_double()));
  EXPECT_TRUE(IsError(call("_%_", {D(1), D(2)}), "no such overload"));
}

TEST(StdlibArithmetic, NoMixedNumericTypes) {
  EXPECT_TRUE(IsError(call("_+_", {I(1), D(1.0)}), "no such overload: _+_(int, double)"));
  EXPECT_TRUE(IsError(call("_*_", {I(1), U(1)}), "no such overload"));
  EXPECT_TRUE(IsError(call("-_", {Bool(false)}), "no such overload"));
}

TEST(StdlibArithmetic, Concatenation) {
  ExpectString(call("_+_", {S("he"), S("llo")}), "hello");
  const Value b = call("_+_", {B("abc"), B("\xff")});
  ASSERT_EQ(b.kind(), Kind::Bytes);
  EXPECT_EQ(b.as_string(), "abc\xff");
  const Value l = call("_+_", {Value::list({I(2)}), Value::list({I(3), S("x")})});
  ASSERT_EQ(l.kind(), Kind::List);
  ASSERT_EQ(l.list_size(), 3u);
  EXPECT_TRUE(l.list_at(2).equals(S("x")));
  EXPECT_TRUE(IsError(call("_+_", {S("a"), B("b")}), "no such overload"));
}

TEST(StdlibArithmetic, TimeArithmeticAndRanges) {
  ExpectBool(call("_==_", {call("_+_", {ts("2009-02-13T23:00:00Z"), dur("240s")}),
                           ts("2009-02-13T23:04:00Z")}),
             true);
  ExpectBool(call("_==_", {call("_+_", {dur("120s"), ts("2009-02-13T23:01:00Z")}),
                           ts("2009-02-13T23:03:00Z")}),
             true);
  ExpectBool(call("_==_", {call("_-_", {ts("2009-02-13T23:31:00Z"), ts("2009-02-13T23:29:00Z")}),
                           dur("120s")}),
             true);
  ExpectBool(call("_==_", {call("_+_", {ts("0001-01-01T00:00:01.000000001Z"), dur("-999999999ns")}),
                           ts("0001-01-01T00:00:00.000000002Z")}),
             true);
  ExpectBool(call("_==_", {call("_+_", {ts("0001-01-01T00:00:01.999999999Z"), dur("999999999ns")}),
                           ts("0001-01-01T00:00:02.999999998Z")}),
             true);
  const Value d = call("_-_", {dur("1s"), dur("1.5s")});
  ASSERT_EQ(d.kind(), Kind::Duration);
  EXPECT_EQ(d.seconds(), 0);
  EXPECT_EQ(d.nanos(), -500000000);
  EXPECT_TRUE(IsError(call("_+_", {ts("0001-01-01T00:00:00Z"), dur("-1ns")}), "out of range"));
  EXPECT_TRUE(IsError(call("_+_", {ts("9999-12-31T23:59:59.999999999Z"), dur("1ns")}), "range"));
  EXPECT_TRUE(IsError(call("_-_", {ts("9999-12-31T23:59:59Z"), ts("0001-01-01T00:00:00Z")}),
                      "duration out of range"));
  EXPECT_TRUE(IsError(call("_+_", {dur("2000000h"), dur("2000000h")}), "duration out of range"));
  EXPECT_TRUE(IsError(call("_+_", {ts("2000-01-01T00:00:00Z"), ts("2000-01-01T00:00:00Z")}),
                      "no such overload"));
}

TEST(StdlibLogic, Not) {
  ExpectBool(call("!_", {Bool(true)}), false);
  EXPECT_TRUE(IsError(call("!_", {I(1)}), "no such overload"));
}

TEST(StdlibComparison, NumbersAcrossTypes) {
  ExpectBool(call("_<_", {I(-1), U(0)}), true);
  ExpectBool(call("_<_", {U(1), I(-9223372036854775807 - 1)}), false);
  ExpectBool(call("_<_", {I(1), D(2.0)}), true);
  ExpectBool(call("_>=_", {U(2), D(1.0)}), true);
  // Integers meet doubles as doubles, like the reference implementations.
  ExpectBool(call("_<_", {I(kMaxInt), D(9223372036854775808.0)}), false);
  ExpectBool(call("_<=_", {D(9223372036854775808.0), I(kMaxInt)}), true);
  ExpectBool(call("_<_", {U(kMaxUint), D(18446744073709590000.0)}), true);
  ExpectBool(call("_>_", {I(kMinInt), D(-9223372036854777857.0)}), true);
}

TEST(StdlibComparison, NaNIsUnordered) {
  const double nan = std::nan("");
  for (const char* op : {"_<_", "_<=_", "_>_", "_>=_"}) {
    ExpectBool(call(op, {D(nan), D(1)}), false);
    ExpectBool(call(op, {I(1), D(nan)}), false);
  }
  ExpectBool(call("_==_", {D(nan), D(nan)}), false);
  ExpectBool(call("_!=_", {D(nan), D(nan)}), true);
}

TEST(StdlibComparison, OtherKinds) {
  ExpectBool(call("_<_", {S("Abc"), S("aBC")}), true);
  ExpectBool(call("_<_", {S("a"), S("\xc3\xa1")}), true);  // bytes compare unsigned
  ExpectBool(call("_>_", {B("\xff"), B("a")}), true);
  ExpectBool(call("_<_", {Bool(false), Bool(true)}), true);
  ExpectBool(call("_<_", {dur("200s"), dur("300s")}), true);
  ExpectBool(call("_>=_", {ts("2009-02-13T23:00:00Z"), ts("2009-02-13T23:00:00Z")}), true);
  ExpectBool(call("_<_", {ts("2009-02-13T23:00:00.1Z"), ts("2009-02-13T23:00:00.2Z")}), true);
  EXPECT_TRUE(IsError(call("_<_", {Value::list({I(0)}), Value::list({I(1)})}), "no such overload"));
  EXPECT_TRUE(IsError(call("_<=_", {Value::null(), Value::null()}), "no such overload"));
  EXPECT_TRUE(IsError(call("_>_", {S("foo"), I(1024)}), "no such overload: _>_(string, int)"));
  ExpectBool(call("_==_", {I(1), D(1.0)}), true);
  ExpectBool(call("_==_", {S("1"), I(1)}), false);
}

TEST(StdlibConversions, Int) {
  ExpectInt(call("int", {U(42)}), 42);
  EXPECT_TRUE(IsError(call("int", {U(kMaxUint)}), "range"));
  ExpectInt(call("int", {D(-123.456)}), -123);
  ExpectInt(call("int", {D(1.9)}), 1);
  EXPECT_TRUE(IsError(call("int", {D(9223372036854775807.0)}), "range"));
  EXPECT_TRUE(IsError(call("int", {D(-9223372036854775808.0)}), "range"));
  EXPECT_TRUE(IsError(call("int", {D(std::nan(""))}), "range"));
  EXPECT_TRUE(IsError(call("int", {D(INFINITY)}), "range"));
  ExpectInt(call("int", {S("987")}), 987);
  ExpectInt(call("int", {S("-9223372036854775808")}), kMinInt);
  EXPECT_TRUE(IsError(call("int", {S("9223372036854775808")}), "cannot convert"));
  EXPECT_TRUE(IsError(call("int", {S("1.5")}), "cannot convert"));
  EXPECT_TRUE(IsError(call("int", {S("")}), "cannot convert"));
  ExpectInt(call("int", {ts("2004-09-16T23:59:59Z")}), 1095379199);
  EXPECT_TRUE(IsError(call("int", {Value::null()}), "no such overload"));
}

TEST(StdlibConversions, Uint) {
  ExpectUint(call("uint", {I(1729)}), 1729);
  EXPECT_TRUE(IsError(call("uint", {I(-1)}), "range"));
  ExpectUint(call("uint", {D(25.5)}), 25);
  ExpectUint(call("uint", {D(1e19)}), 10000000000000000000ull);
  EXPECT_TRUE(IsError(call("uint", {D(6.022e23)}), "range"));
  ExpectUint(call("uint", {S("300")}), 300);
  EXPECT_TRUE(IsError(call("uint", {S("-1")}), "cannot convert"));
}

TEST(StdlibConversions, Double) {
  ExpectDouble(call("double", {I(-1000000000000000)}), -1e15);
  ExpectDouble(call("double", {U(kMaxUint)}), 1.8446744073709552e19);
  ExpectDouble(call("double", {S("-84.32e7")}), -8.432e8);
  ExpectDouble(call("double", {S("Infinity")}), INFINITY);
  ExpectDouble(call("double", {S("-inf")}), -INFINITY);
  EXPECT_TRUE(std::isnan(call("double", {S("NaN")}).as_double()));
  EXPECT_TRUE(std::signbit(call("double", {S("-0.0")}).as_double()));
  EXPECT_TRUE(IsError(call("double", {S(" 1")}), "cannot convert"));
  EXPECT_TRUE(IsError(call("double", {S("1x")}), "cannot convert"));
  EXPECT_TRUE(IsError(call("double", {S("1e999")}), "range"));
}

TEST(StdlibConversions, String) {
  ExpectString(call("string", {I(-456)}), "-456");
  ExpectString(call("string", {U(9876)}), "9876");
  ExpectString(call("string", {D(123.456)}), "123.456");
  ExpectString(call("string", {D(-4.5e-3)}), "-0.0045");
  ExpectString(call("string", {D(1.0)}), "1");
  ExpectString(call("string", {D(1e6)}), "1e+06");
  ExpectString(call("string", {D(123456.0)}), "123456");
  ExpectString(call("string", {D(1.5e-5)}), "1.5e-05");
  ExpectString(call("string", {D(1e100)}), "1e+100");
  ExpectString(call("string", {D(std::nan(""))}), "NaN");
  ExpectString(call("string", {D(-INFINITY)}), "-Inf");
  ExpectString(call("string", {B("\xc3\xbf")}), "\xc3\xbf");
  EXPECT_TRUE(IsError(call("string", {B(std::string("\x00\xff", 2))}), "invalid UTF-8"));
  EXPECT_TRUE(IsError(call("string", {B("\xc0\x80")}), "invalid UTF-8"));      // overlong
  EXPECT_TRUE(IsError(call("string", {B("\xed\xa0\x80")}), "invalid UTF-8"));  // surrogate
  EXPECT_TRUE(IsError(call("string", {B("\xe2\x82")}), "invalid UTF-8"));      // truncated
  ExpectString(call("string", {Bool(true)}), "true");
  ExpectString(call("string", {ts("2009-02-13T23:31:30Z")}), "2009-02-13T23:31:30Z");
  ExpectString(call("string", {ts("9999-12-31T23:59:59.999999999Z")}),
               "9999-12-31T23:59:59.999999999Z");
  ExpectString(call("string", {ts("2009-02-13T23:31:30.5+01:00")}), "2009-02-13T22:31:30.500Z");
  ExpectString(call("string", {dur("1000000s")}), "1000000s");
  ExpectString(call("string", {dur("1m1ms")}), "60.001s");
  ExpectString(call("string", {dur("-1.5s")}), "-1.5s");
}

TEST(StdlibConversions, BytesBoolDynType) {
  const Value b = call("bytes", {S("\xc3\xbf")});
  ASSERT_EQ(b.kind(), Kind::Bytes);
  EXPECT_EQ(b.as_string(), "\xc3\xbf");
  for (const char* t : {"1", "t", "true", "TRUE", "True"}) ExpectBool(call("bool", {S(t)}), true);
  for (const char* f : {"0", "f", "false", "FALSE", "False"}) {
    ExpectBool(call("bool", {S(f)}), false);
  }
  EXPECT_TRUE(IsError(call("bool", {S("TrUe")}), "cannot convert"));
  ExpectInt(call("dyn", {I(3)}), 3);
  auto type_name = [](const Value& v) { return std::string(v.type_name()); };
  EXPECT_EQ(type_name(call("type", {I(1)})), "int");
  EXPECT_EQ(type_name(call("type", {Value::null()})), "null_type");
  EXPECT_EQ(type_name(call("type", {ts("2009-02-13T23:31:30Z")})), "google.protobuf.Timestamp");
  EXPECT_EQ(type_name(call("type", {dur("1s")})), "google.protobuf.Duration");
  EXPECT_EQ(type_name(call("type", {call("type", {I(1)})})), "type");
  EXPECT_EQ(type_name(call("type", {Value::map({})})), "map");
}

TEST(StdlibConversions, TimestampAndDuration) {
  EXPECT_TRUE(IsError(ts("0000-01-01T00:00:00Z"), "range"));
  EXPECT_TRUE(IsError(ts("10000-01-01T00:00:00Z"), "invalid timestamp"));
  EXPECT_TRUE(IsError(ts("2009-02-30T00:00:00Z"), "no such date"));
  EXPECT_TRUE(IsError(ts("2009-02-13 23:31:30Z"), "missing 'T'"));
  EXPECT_TRUE(IsError(ts("2009-02-13T23:31:30"), "time zone"));
  EXPECT_TRUE(IsError(ts("2009-02-13T23:31:30.1234567891Z"), "fraction"));
  const Value t = call("timestamp", {I(1234567890)});
  ExpectString(call("string", {t}), "2009-02-13T23:31:30Z");
  EXPECT_TRUE(IsError(call("timestamp", {I(253402300800)}), "range"));
  EXPECT_TRUE(IsError(call("timestamp", {I(-62135596801)}), "range"));
  const Value d = dur("1h2m3.5s");
  ASSERT_EQ(d.kind(), Kind::Duration);
  EXPECT_EQ(d.seconds(), 3723);
  EXPECT_EQ(d.nanos(), 500000000);
  EXPECT_EQ(dur("-1.5h").seconds(), -5400);
  EXPECT_EQ(dur("100ms").nanos(), 100000000);
  EXPECT_EQ(dur("1us").nanos(), 1000);
  EXPECT_EQ(dur("1\xc2\xb5s").nanos(), 1000);
  EXPECT_EQ(dur("1ns").nanos(), 1);
  EXPECT_EQ(dur("0").seconds(), 0);
  EXPECT_EQ(dur(".5s").nanos(), 500000000);
  EXPECT_TRUE(IsError(dur("320000000000s"), "out of range"));
  EXPECT_TRUE(IsError(dur("1d"), "unit"));
  EXPECT_TRUE(IsError(dur("10"), "unit"));
  EXPECT_TRUE(IsError(dur(""), "empty"));
  EXPECT_TRUE(IsError(dur("s"), "number"));
}

TEST(StdlibStrings, SizeAndPredicates) {
  ExpectInt(call("size", {S("\xcf\x80\xce\xad\xce\xbd\xcf\x84\xce\xb5")}), 5);  // πέντε
  ExpectInt(method("size", {S("four")}), 4);
  ExpectInt(call("size", {B("abc")}), 3);
  ExpectInt(call("size", {Value::list({I(1), I(2)})}), 2);
  ExpectInt(call("size", {Value::map({{S("a"), I(1)}})}), 1);
  EXPECT_TRUE(IsError(call("size", {I(1)}), "no such overload"));
  ExpectBool(method("contains", {S("hello"), S("")}), true);
  ExpectBool(method("contains", {S("hello"), S("ol")}), false);
  ExpectBool(method("startsWith", {S("foobar"), S("foo")}), true);
  ExpectBool(method("endsWith", {S("foobar"), S("bar")}), true);
  ExpectBool(method("endsWith", {S(""), S("foo")}), false);
  EXPECT_TRUE(IsError(method("contains", {S("a"), I(1)}), "no such overload"));
}

TEST(StdlibStrings, Matches) {
  ExpectBool(method("matches", {S("hubba"), S("ubb")}), true);
  ExpectBool(call("matches", {S("grey"), S("gr(a|e)y")}), true);
  ExpectBool(method("matches", {S("ma\xc3\xb1"
                                  "ana"),
                                S("a+\xc3\xb1+a+")}),
             true);
  ExpectBool(method("matches", {S("abc"), S("^b")}), false);
  ExpectBool(method("matches", {S("\xc3\xa9"), S("^.$")}), true);  // UTF-8, one code point
  EXPECT_TRUE(IsError(method("matches", {S("abc"), S("(")}), "invalid regular expression"));
}

TEST(StdlibStrings, RegexCacheIsSharedAndThreadSafe) {
  auto a = stdlib::compiled_regex("a+b");
  auto b = stdlib::compiled_regex("a+b");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->get(), b->get());
  std::vector<std::thread> threads;
  std::vector<int> hits(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &hits] {
      for (int i = 0; i < 2000; ++i) {
        const std::string pattern = "x" + std::to_string(i % 50) + "y";
        const Value r = call("matches", {S("ax" + std::to_string(i % 50) + "yb"), S(pattern)});
        if (r.kind() == Kind::Bool && r.as_bool()) ++hits[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int h : hits) EXPECT_EQ(h, 2000);
}

TEST(StdlibCollections, IndexAndIn) {
  const Value list = Value::list({I(7), I(8), I(9)});
  ExpectInt(call("_[_]", {list, I(0)}), 7);
  ExpectInt(call("_[_]", {list, U(2)}), 9);
  ExpectInt(call("_[_]", {list, D(1.0)}), 8);
  EXPECT_TRUE(IsError(call("_[_]", {list, I(3)}), "index out of range"));
  EXPECT_TRUE(IsError(call("_[_]", {list, I(-1)}), "index out of range"));
  EXPECT_TRUE(IsError(call("_[_]", {list, D(0.5)}), "not an integer"));
  const Value map = Value::map({{I(1), S("one")}, {S("k"), S("v")}});
  ExpectString(call("_[_]", {map, U(1)}), "one");
  ExpectString(call("_[_]", {map, D(1.0)}), "one");
  EXPECT_TRUE(IsError(call("_[_]", {map, S("x")}), "no such key"));
  ExpectBool(call("@in", {D(3.0), Value::list({I(5), I(3)})}), true);
  ExpectBool(call("@in", {S("k"), map}), true);
  ExpectBool(call("@in", {D(3.1), map}), false);
  EXPECT_TRUE(IsError(call("@in", {I(1), I(1)}), "no such overload"));
}

TEST(StdlibTime, TimestampAccessors) {
  const Value t = ts("2009-02-13T23:31:30Z");
  ExpectInt(method("getFullYear", {t}), 2009);
  ExpectInt(method("getMonth", {t}), 1);
  ExpectInt(method("getDayOfYear", {t}), 43);
  ExpectInt(method("getDate", {t}), 13);
  ExpectInt(method("getDayOfMonth", {t}), 12);
  ExpectInt(method("getDayOfWeek", {t}), 5);
  ExpectInt(method("getHours", {t}), 23);
  ExpectInt(method("getMinutes", {t}), 31);
  ExpectInt(method("getSeconds", {t}), 30);
  ExpectInt(method("getMilliseconds", {ts("2009-02-13T23:31:20.123456789Z")}), 123);
  ExpectInt(method("getDayOfWeek", {ts("1969-12-28T00:00:00Z")}), 0);  // a Sunday
  ExpectInt(method("getFullYear", {ts("0001-01-01T00:00:00Z")}), 1);
  ExpectInt(method("getDayOfYear", {ts("2024-12-31T00:00:00Z")}), 365);  // leap year
}

TEST(StdlibTime, TimeZones) {
  const Value t = ts("2009-02-13T23:31:30Z");
  ExpectInt(method("getDate", {t, S("Australia/Sydney")}), 14);
  ExpectInt(method("getDayOfMonth", {t, S("US/Central")}), 12);
  ExpectInt(method("getDayOfMonth", {t, S("+11:00")}), 13);
  ExpectInt(method("getDayOfMonth", {ts("2009-02-13T02:00:00Z"), S("-02:30")}), 11);
  ExpectInt(method("getDayOfMonth", {ts("2009-02-13T02:00:00Z"), S("America/St_Johns")}), 11);
  ExpectInt(method("getHours", {t, S("02:00")}), 1);
  ExpectInt(method("getMinutes", {t, S("Asia/Kathmandu")}), 16);
  ExpectInt(method("getSeconds", {t, S("-00:00")}), 30);
  ExpectInt(method("getMonth", {t, S("UTC")}), 1);
  EXPECT_TRUE(IsError(method("getHours", {t, S("Mars/Olympus_Mons")}), "unknown time zone"));
  EXPECT_TRUE(IsError(method("getHours", {t, S("../../etc/passwd")}), "unknown time zone"));
  EXPECT_TRUE(IsError(method("getHours", {t, I(1)}), "no such overload"));
}

TEST(StdlibTime, DurationAccessors) {
  ExpectInt(method("getHours", {dur("10000s")}), 2);
  ExpectInt(method("getMinutes", {dur("3730s")}), 62);
  ExpectInt(method("getSeconds", {dur("3730s")}), 3730);
  ExpectInt(method("getMilliseconds", {dur("1.234s")}), 234);
  ExpectInt(method("getHours", {dur("-3h")}), -3);
  EXPECT_TRUE(IsError(method("getHours", {dur("1h"), S("UTC")}), "no such overload"));
  EXPECT_TRUE(IsError(method("getFullYear", {dur("1h")}), "no such overload"));
}

}  // namespace
}  // namespace vigil::cel
