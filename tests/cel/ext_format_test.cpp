// string.format: every clause, CEL's renderings for %s, and the errors.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "cel/ext/format.h"
#include "ext_test_util.h"

namespace vigil::cel::testing {
namespace {

std::string fmt(const std::string& f, std::vector<Value> args) {
  return str(member("format", S(f), {L(std::move(args))}));
}

Value fmt_value(const std::string& f, std::vector<Value> args) {
  return member("format", S(f), {L(std::move(args))});
}

TEST(ExtFormat, LiteralsAndPercent) {
  EXPECT_EQ(fmt("no substitution", {}), "no substitution");
  EXPECT_EQ(fmt("%% and also %%", {}), "% and also %");
  EXPECT_EQ(fmt("%%%s", {S("x")}), "%x");
  EXPECT_EQ(fmt("%%escaped %s%%", {S("percent")}), "%escaped percent%");
}

TEST(ExtFormat, FixedAndScientific) {
  EXPECT_EQ(fmt("%.3f", {D(1.2345)}), "1.234");
  EXPECT_EQ(fmt("%f", {D(2.71828)}), "2.718280");
  EXPECT_EQ(fmt("%f", {I(2)}), "2.000000");
  EXPECT_EQ(fmt("%f", {U(3)}), "3.000000");
  EXPECT_EQ(fmt("%e", {D(2.71828)}), "2.718280e+00");
  EXPECT_EQ(fmt("%e", {I(2)}), "2.000000e+00");
  EXPECT_EQ(fmt("%.0f", {D(1.5)}), "2");
  EXPECT_EQ(fmt("%.0f", {D(3.5001)}), "4");
  EXPECT_EQ(fmt("%.3f", {D(-123.4999)}), "-123.500");
  EXPECT_EQ(fmt("%.2e", {D(12345.0)}), "1.23e+04");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(fmt("%e", {D(nan)}), "NaN");
  EXPECT_EQ(fmt("%f", {D(inf)}), "Infinity");
  EXPECT_EQ(fmt("%f", {D(-inf)}), "-Infinity");
  EXPECT_EQ(fmt("%d", {D(-inf)}), "-Infinity");
}

TEST(ExtFormat, IntegerBases) {
  EXPECT_EQ(fmt("%b", {U(64)}), "1000000");
  EXPECT_EQ(fmt("%b", {Value::boolean(true)}), "1");
  EXPECT_EQ(fmt("%b", {I(-5)}), "-101");
  EXPECT_EQ(fmt("%o", {U(65535)}), "177777");
  EXPECT_EQ(fmt("%x", {I(30)}), "1e");
  EXPECT_EQ(fmt("%X", {I(30)}), "1E");
  EXPECT_EQ(fmt("%x", {I(-30)}), "-1e");
  EXPECT_EQ(fmt("%X", {U(6000)}), "1770");
  EXPECT_EQ(fmt("%x", {S("Hello world!")}), "48656c6c6f20776f726c6421");
  EXPECT_EQ(fmt("%X", {Value::bytes("byte string")}), "6279746520737472696E67");
  EXPECT_EQ(fmt("%d", {U(64)}), "64");
  EXPECT_EQ(fmt("%d", {D(1.5)}), "1.5");
}

TEST(ExtFormat, StringClauseRendersCelValues) {
  EXPECT_EQ(fmt("%s", {Value::null()}), "null");
  EXPECT_EQ(fmt("%s", {I(999999999999)}), "999999999999");
  EXPECT_EQ(fmt("%s, %s", {Value::boolean(true), Value::boolean(false)}), "true, false");
  EXPECT_EQ(fmt("%s", {D(2.71828)}), "2.71828");
  EXPECT_EQ(fmt("%s", {D(1e21)}), "1000000000000000000000");
  EXPECT_EQ(fmt("%s", {Value::timestamp(1257894000, 0)}), "2009-11-10T23:00:00Z");
  EXPECT_EQ(fmt("%s", {Value::timestamp(0, 500000000)}), "1970-01-01T00:00:00.5Z");
  EXPECT_EQ(fmt("%s", {Value::timestamp(-1, 0)}), "1969-12-31T23:59:59Z");
  EXPECT_EQ(fmt("%s", {Value::duration(8747, 0)}), "8747s");
  EXPECT_EQ(fmt("%s", {Value::duration(1, 500000000)}), "1.5s");
  EXPECT_EQ(fmt("%s", {L({I(6), D(4.2), S("a string")})}), "[6, 4.2, a string]");
  Value m = Value::map({{S("key1"), Value::bytes("xyz")},
                        {S("key5"), Value::null()},
                        {S("key2"), Value::duration(7200, 0)},
                        {S("key4"), Value::boolean(true)},
                        {S("key3"), D(2.71828)}});
  EXPECT_EQ(fmt("%s", {m}), "{key1: xyz, key2: 7200s, key3: 2.71828, key4: true, key5: null}");
  Value mixed = Value::map({{S("strKey"), S("x")}, {I(6), Value::duration(422, 0)},
                            {Value::boolean(true), I(42)}});
  EXPECT_EQ(fmt("%s", {mixed}), "{6: 422s, strKey: x, true: 42}");
  EXPECT_EQ(fmt("%s", {Value::type("int")}), "int");
}

TEST(ExtFormat, Errors) {
  auto error_of = [](const Value& v) {
    EXPECT_TRUE(v.is_error()) << v.debug_string();
    return v.is_error() ? v.error_message() : std::string();
  };
  EXPECT_EQ(error_of(fmt_value("%a", {I(1)})),
            "could not parse formatting clause: unrecognized formatting clause \"a\"");
  EXPECT_NE(error_of(fmt_value("%d %d %d", {I(0), I(1)})).find("index 2 out of range"), std::string::npos);
  EXPECT_EQ(error_of(fmt_value("octal: %o", {S("a string")})),
            "error during formatting: octal clause can only be used on ints and uints, was given string");
  EXPECT_TRUE(fmt_value("double is %x", {D(0.5)}).is_error());
  EXPECT_TRUE(fmt_value("double is %E", {D(0.5)}).is_error());
  for (const char* f : {"%d", "%e", "%f", "%X", "%o", "%b"}) {
    EXPECT_TRUE(fmt_value(f, {Value::null()}).is_error()) << f;
  }
  EXPECT_TRUE(fmt_value("ends with %", {I(1)}).is_error());
  EXPECT_TRUE(fmt_value("%.3", {D(1.0)}).is_error());
  EXPECT_TRUE(fmt_value("%.f", {D(1.0)}).is_error());
  EXPECT_TRUE(fmt_value("%.99999f", {D(1.0)}).is_error());
  EXPECT_TRUE(fmt_value("%s", {Value::optional_none()}).is_error());
}

}  // namespace
}  // namespace vigil::cel::testing
