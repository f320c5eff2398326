// Math extension: mixed-type greatest/least, rounding, abs/sign, bit ops.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "ext_test_util.h"

namespace vigil::cel::testing {
namespace {

constexpr int64_t kMinInt = std::numeric_limits<int64_t>::min();
constexpr int64_t kMaxInt = std::numeric_limits<int64_t>::max();
constexpr uint64_t kMaxUint = std::numeric_limits<uint64_t>::max();

TEST(ExtMath, GreatestAndLeastKeepTheWinnersType) {
  Value g = global("math.greatest", {I(-3), U(3)});
  ASSERT_EQ(g.kind(), Kind::Uint);
  EXPECT_EQ(g.as_uint(), 3u);
  g = global("math.greatest", {D(5.4), I(10), U(3), D(-5.0), U(kMaxUint)});
  ASSERT_EQ(g.kind(), Kind::Uint);
  EXPECT_EQ(g.as_uint(), kMaxUint);
  g = global("math.greatest", {I(1), D(1.797693e308)});
  ASSERT_EQ(g.kind(), Kind::Double);
  Value l = global("math.least", {D(5.4), I(10), U(3), D(-5.0), I(kMaxInt)});
  ASSERT_EQ(l.kind(), Kind::Double);
  EXPECT_EQ(l.as_double(), -5.0);
  l = global("math.least", {I(kMinInt), I(-1), I(-5)});
  EXPECT_EQ(int_of(l), kMinInt);
  // Exact int/double comparison near 2^63: 2^63 as a double exceeds every int.
  g = global("math.greatest", {I(kMaxInt), D(9223372036854775808.0)});
  EXPECT_EQ(g.kind(), Kind::Double);
  EXPECT_EQ(int_of(global("math.greatest", {I(-5)})), -5);
}

TEST(ExtMath, GreatestOfList) {
  Value g = global("math.greatest", {L({D(5.4), I(10), U(3), D(-5.0), D(3.5)})});
  EXPECT_EQ(int_of(g), 10);
  Value l = global("math.least", {L({D(5.4), U(10), U(3), U(1), D(3.5)})});
  ASSERT_EQ(l.kind(), Kind::Uint);
  EXPECT_EQ(l.as_uint(), 1u);
  EXPECT_TRUE(global("math.greatest", {L({})}).is_error());
  EXPECT_TRUE(global("math.least", {L({I(1), S("x")})}).is_error());
  EXPECT_TRUE(global("math.greatest", {S("x"), I(1)}).is_error());
}

TEST(ExtMath, Rounding) {
  EXPECT_EQ(global("math.ceil", {D(-1.2)}).as_double(), -1.0);
  EXPECT_EQ(global("math.floor", {D(-1.2)}).as_double(), -2.0);
  EXPECT_EQ(global("math.round", {D(-1.5)}).as_double(), -2.0);
  EXPECT_EQ(global("math.round", {D(2.5)}).as_double(), 3.0);
  EXPECT_EQ(global("math.round", {D(-1.4)}).as_double(), -1.0);
  EXPECT_TRUE(std::isnan(global("math.round", {D(std::nan(""))}).as_double()));
  EXPECT_EQ(global("math.trunc", {D(-1.7)}).as_double(), -1.0);
  EXPECT_TRUE(global("math.ceil", {I(1)}).is_error());
}

TEST(ExtMath, AbsSignSqrt) {
  EXPECT_EQ(int_of(global("math.abs", {I(-7)})), 7);
  EXPECT_EQ(global("math.abs", {U(1)}).as_uint(), 1u);
  EXPECT_EQ(global("math.abs", {D(-11.5)}).as_double(), 11.5);
  EXPECT_TRUE(global("math.abs", {I(kMinInt)}).is_error());
  EXPECT_EQ(int_of(global("math.sign", {I(-9)})), -1);
  EXPECT_EQ(global("math.sign", {U(9)}).as_uint(), 1u);
  EXPECT_EQ(global("math.sign", {D(-32.0)}).as_double(), -1.0);
  EXPECT_EQ(global("math.sign", {D(0.0)}).as_double(), 0.0);
  EXPECT_EQ(global("math.sqrt", {I(81)}).as_double(), 9.0);
  EXPECT_TRUE(std::isnan(global("math.sqrt", {D(-1)}).as_double()));
}

TEST(ExtMath, Classification) {
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(bool_of(global("math.isInf", {D(-inf)})));
  EXPECT_TRUE(bool_of(global("math.isNaN", {D(std::nan(""))})));
  EXPECT_FALSE(bool_of(global("math.isFinite", {D(inf)})));
  EXPECT_TRUE(bool_of(global("math.isFinite", {D(1.0)})));
  EXPECT_TRUE(global("math.isNaN", {Value::boolean(true)}).is_error());
}

TEST(ExtMath, BitOperations) {
  EXPECT_EQ(int_of(global("math.bitAnd", {I(1), I(3)})), 1);
  EXPECT_EQ(int_of(global("math.bitOr", {I(1), I(2)})), 3);
  EXPECT_EQ(int_of(global("math.bitXor", {I(4), I(-2)})), -6);
  EXPECT_EQ(global("math.bitXor", {U(1), U(3)}).as_uint(), 2u);
  EXPECT_TRUE(global("math.bitAnd", {I(1), U(3)}).is_error());
  EXPECT_EQ(int_of(global("math.bitNot", {I(0)})), -1);
  EXPECT_EQ(global("math.bitNot", {U(1)}).as_uint(), 18446744073709551614u);
  EXPECT_EQ(int_of(global("math.bitShiftLeft", {I(1), I(2)})), 4);
  EXPECT_EQ(int_of(global("math.bitShiftLeft", {I(-1), I(200)})), 0);
  EXPECT_EQ(int_of(global("math.bitShiftLeft", {I(1), I(63)})), kMinInt);
  EXPECT_EQ(int_of(global("math.bitShiftRight", {I(1024), I(64)})), 0);
  EXPECT_EQ(int_of(global("math.bitShiftRight", {I(-1024), I(3)})), 2305843009213693824);
  EXPECT_EQ(global("math.bitShiftRight", {U(1024), I(2)}).as_uint(), 256u);
  Value neg = global("math.bitShiftLeft", {U(1), I(-1)});
  ASSERT_TRUE(neg.is_error());
  EXPECT_EQ(neg.error_message(), "math.bitShiftLeft() negative offset: -1");
}

}  // namespace
}  // namespace vigil::cel::testing
