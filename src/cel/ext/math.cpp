// The CEL math extension (cel-go ext/math): greatest/least over mixed numeric
// types, rounding, sign and abs, IEEE classification and bit operations.
#include <cmath>
#include <limits>
#include <string>

#include "cel/ext/common.h"
#include "cel/ext/libraries.h"

namespace vigil::cel::ext {
namespace {

using Args = std::span<const Value>;

// The most arguments math.greatest / math.least accept in variadic form.
constexpr size_t kMaxVariadic = 32;

bool is_numeric(const Value& v) {
  return v.kind() == Kind::Int || v.kind() == Kind::Uint || v.kind() == Kind::Double;
}

// Compares two numeric values by mathematical value: -1, 0 or 1. NaN
// compares equal to everything here, so it never displaces a result.
int numeric_compare(const Value& a, const Value& b) {
  const Kind ka = a.kind();
  const Kind kb = b.kind();
  auto sgn = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  if (ka == Kind::Double || kb == Kind::Double) {
    if (ka == Kind::Double && kb == Kind::Double) return sgn(a.as_double(), b.as_double());
    // One double, one integer: compare exactly, not through a lossy cast.
    const bool flip = kb == Kind::Double;
    const Value& d = flip ? b : a;
    const Value& n = flip ? a : b;
    const double x = d.as_double();
    int r = 0;
    if (std::isnan(x)) {
      r = 0;
    } else if (n.kind() == Kind::Int) {
      if (x >= 9223372036854775808.0) r = 1;
      else if (x < -9223372036854775808.0) r = -1;
      else {
        const double t = std::trunc(x);
        const auto ti = static_cast<int64_t>(t);
        r = ti != n.as_int() ? sgn(ti, n.as_int()) : sgn(x, t);
      }
    } else {
      if (x >= 18446744073709551616.0) r = 1;
      else if (x < 0) r = -1;
      else {
        const double t = std::trunc(x);
        const auto tu = static_cast<uint64_t>(t);
        r = tu != n.as_uint() ? sgn(tu, n.as_uint()) : sgn(x, t);
      }
    }
    return flip ? -r : r;
  }
  if (ka == Kind::Int && kb == Kind::Int) return sgn(a.as_int(), b.as_int());
  if (ka == Kind::Uint && kb == Kind::Uint) return sgn(a.as_uint(), b.as_uint());
  if (ka == Kind::Int) return a.as_int() < 0 ? -1 : sgn(static_cast<uint64_t>(a.as_int()), b.as_uint());
  return b.as_int() < 0 ? 1 : sgn(a.as_uint(), static_cast<uint64_t>(b.as_int()));
}

// want = 1 for greatest, -1 for least.
Value extreme(Args args, int want, std::string_view name) {
  if (args.size() == 1 && args[0].kind() == Kind::List) {
    const Value& list = args[0];
    if (list.list_size() == 0) {
      return Value::error(std::string(name) + "(list) argument must not be empty");
    }
    Value best = list.list_at(0);
    for (size_t i = 0; i < list.list_size(); ++i) {
      Value v = list.list_at(i);
      if (!is_numeric(v)) {
        return Value::error(std::string(name) + "(list) elements must be numeric, found " +
                            std::string(kind_name(v.kind())));
      }
      if (i > 0 && numeric_compare(v, best) == want) best = std::move(v);
    }
    if (!is_numeric(best)) return no_overload(name, args);
    return best;
  }
  for (const Value& v : args) {
    if (!is_numeric(v)) return no_overload(name, args);
  }
  size_t best = 0;
  for (size_t i = 1; i < args.size(); ++i) {
    if (numeric_compare(args[i], args[best]) == want) best = i;
  }
  return args[best];
}

// A double -> double function that rejects every other kind.
template <typename F>
FunctionImpl on_double(std::string name, F f) {
  return [name, f](Args args, const CallContext&) {
    if (args[0].kind() != Kind::Double) return no_overload(name, args);
    return f(args[0].as_double());
  };
}

Value abs_fn(Args args, const CallContext&) {
  switch (args[0].kind()) {
    case Kind::Int: {
      const int64_t i = args[0].as_int();
      if (i == std::numeric_limits<int64_t>::min()) return Value::error("integer overflow in math.abs");
      return Value::integer(i < 0 ? -i : i);
    }
    case Kind::Uint: return args[0];
    case Kind::Double: return Value::dbl(std::fabs(args[0].as_double()));
    default: return no_overload("math.abs", args);
  }
}

Value sign_fn(Args args, const CallContext&) {
  switch (args[0].kind()) {
    case Kind::Int: {
      const int64_t i = args[0].as_int();
      return Value::integer(i > 0 ? 1 : (i < 0 ? -1 : 0));
    }
    case Kind::Uint: return Value::uinteger(args[0].as_uint() > 0 ? 1 : 0);
    case Kind::Double: {
      const double d = args[0].as_double();
      if (std::isnan(d)) return args[0];
      return Value::dbl(d > 0 ? 1.0 : (d < 0 ? -1.0 : 0.0));
    }
    default: return no_overload("math.sign", args);
  }
}

Value sqrt_fn(Args args, const CallContext&) {
  switch (args[0].kind()) {
    case Kind::Int: return Value::dbl(std::sqrt(static_cast<double>(args[0].as_int())));
    case Kind::Uint: return Value::dbl(std::sqrt(static_cast<double>(args[0].as_uint())));
    case Kind::Double: return Value::dbl(std::sqrt(args[0].as_double()));
    default: return no_overload("math.sqrt", args);
  }
}

// Binary bit operation over two ints or two uints.
template <typename F>
FunctionImpl bit_pair(std::string name, F f) {
  return [name, f](Args args, const CallContext&) {
    if (args[0].kind() == Kind::Int && args[1].kind() == Kind::Int) {
      return Value::integer(static_cast<int64_t>(
          f(static_cast<uint64_t>(args[0].as_int()), static_cast<uint64_t>(args[1].as_int()))));
    }
    if (args[0].kind() == Kind::Uint && args[1].kind() == Kind::Uint) {
      return Value::uinteger(f(args[0].as_uint(), args[1].as_uint()));
    }
    return no_overload(name, args);
  };
}

Value bit_not(Args args, const CallContext&) {
  if (args[0].kind() == Kind::Int) return Value::integer(~args[0].as_int());
  if (args[0].kind() == Kind::Uint) return Value::uinteger(~args[0].as_uint());
  return no_overload("math.bitNot", args);
}

// Shifts are logical for both int and uint (as cel-go); a shift of 64 or
// more bits gives 0; a negative shift is an error.
Value bit_shift(Args args, bool left, std::string_view name) {
  const Kind k = args[0].kind();
  if ((k != Kind::Int && k != Kind::Uint) || args[1].kind() != Kind::Int) {
    return no_overload(name, args);
  }
  const int64_t bits = args[1].as_int();
  if (bits < 0) return Value::error(std::string(name) + "() negative offset: " + std::to_string(bits));
  const uint64_t x = k == Kind::Int ? static_cast<uint64_t>(args[0].as_int()) : args[0].as_uint();
  const uint64_t r = bits >= 64 ? 0 : (left ? x << bits : x >> bits);
  return k == Kind::Int ? Value::integer(static_cast<int64_t>(r)) : Value::uinteger(r);
}

}  // namespace

void add_math(FunctionRegistry& r) {
  using S = CallStyle;
  for (size_t n = 1; n <= kMaxVariadic; ++n) {
    r.add("math.greatest", S::Global, n,
          [](Args a, const CallContext&) { return extreme(a, 1, "math.greatest"); });
    r.add("math.least", S::Global, n,
          [](Args a, const CallContext&) { return extreme(a, -1, "math.least"); });
  }
  r.add("math.ceil", S::Global, 1, on_double("math.ceil", [](double d) { return Value::dbl(std::ceil(d)); }));
  r.add("math.floor", S::Global, 1, on_double("math.floor", [](double d) { return Value::dbl(std::floor(d)); }));
  // std::round rounds half away from zero, as CEL specifies.
  r.add("math.round", S::Global, 1, on_double("math.round", [](double d) { return Value::dbl(std::round(d)); }));
  r.add("math.trunc", S::Global, 1, on_double("math.trunc", [](double d) { return Value::dbl(std::trunc(d)); }));
  r.add("math.isInf", S::Global, 1, on_double("math.isInf", [](double d) { return Value::boolean(std::isinf(d)); }));
  r.add("math.isNaN", S::Global, 1, on_double("math.isNaN", [](double d) { return Value::boolean(std::isnan(d)); }));
  r.add("math.isFinite", S::Global, 1,
        on_double("math.isFinite", [](double d) { return Value::boolean(std::isfinite(d)); }));
  r.add("math.abs", S::Global, 1, abs_fn);
  r.add("math.sign", S::Global, 1, sign_fn);
  r.add("math.sqrt", S::Global, 1, sqrt_fn);
  r.add("math.bitAnd", S::Global, 2, bit_pair("math.bitAnd", [](uint64_t a, uint64_t b) { return a & b; }));
  r.add("math.bitOr", S::Global, 2, bit_pair("math.bitOr", [](uint64_t a, uint64_t b) { return a | b; }));
  r.add("math.bitXor", S::Global, 2, bit_pair("math.bitXor", [](uint64_t a, uint64_t b) { return a ^ b; }));
  r.add("math.bitNot", S::Global, 1, bit_not);
  r.add("math.bitShiftLeft", S::Global, 2,
        [](Args a, const CallContext&) { return bit_shift(a, true, "math.bitShiftLeft"); });
  r.add("math.bitShiftRight", S::Global, 2,
        [](Args a, const CallContext&) { return bit_shift(a, false, "math.bitShiftRight"); });
}

}  // namespace vigil::cel::ext
