// Arithmetic and logical negation: _+_ _-_ _*_ _/_ _%_ -_ !_.
//
// int and uint overflow, division and modulus by zero, and timestamps or
// durations leaving their ranges are errors; doubles follow IEEE 754.
// Operands must have the same numeric type (CEL has no implicit conversion).
#include <cstdint>
#include <limits>
#include <string>

#include <fmt/format.h>

#include "cel/stdlib_common.h"
#include "core/time_text.h"

namespace vigil::cel::stdlib {
namespace {

namespace tu = timeutil;
using Args = std::span<const Value>;

Value int_overflow(char op, int64_t a, int64_t b) {
  return Value::error(fmt::format("integer overflow: {} {} {}", a, op, b));
}

Value uint_overflow(char op, uint64_t a, uint64_t b) {
  return Value::error(fmt::format("unsigned integer {}: {}u {} {}u",
                                  op == '-' ? "underflow" : "overflow", a, op, b));
}

Value timestamp_value(Result<tu::TimePoint> r) {
  if (!r.ok()) return Value::error(r.error().message);
  return Value::timestamp(r->seconds, r->nanos);
}

Value duration_value(Result<tu::TimePoint> r) {
  if (!r.ok()) return Value::error(r.error().message);
  return Value::duration(r->seconds, r->nanos);
}

__int128 nanos_of(const Value& v) { return tu::total_nanos({v.seconds(), v.nanos()}); }

Value concat_lists(const Value& a, const Value& b) {
  const size_t na = a.list_size(), nb = b.list_size();
  if (na == 0) return b;
  if (nb == 0) return a;
  ValueList items;
  items.reserve(na + nb);
  for (size_t i = 0; i < na; ++i) items.push_back(a.list_at(i));
  for (size_t i = 0; i < nb; ++i) items.push_back(b.list_at(i));
  return Value::list(std::move(items));
}

Value add(Args args, const CallContext&) {
  const Value& a = args[0];
  const Value& b = args[1];
  switch (a.kind()) {
    case Kind::Int:
      if (b.kind() == Kind::Int) {
        int64_t r;
        if (__builtin_add_overflow(a.as_int(), b.as_int(), &r)) {
          return int_overflow('+', a.as_int(), b.as_int());
        }
        return Value::integer(r);
      }
      break;
    case Kind::Uint:
      if (b.kind() == Kind::Uint) {
        uint64_t r;
        if (__builtin_add_overflow(a.as_uint(), b.as_uint(), &r)) {
          return uint_overflow('+', a.as_uint(), b.as_uint());
        }
        return Value::uinteger(r);
      }
      break;
    case Kind::Double:
      if (b.kind() == Kind::Double) return Value::dbl(a.as_double() + b.as_double());
      break;
    case Kind::String:
      if (b.kind() == Kind::String) {
        std::string s;
        s.reserve(a.as_string().size() + b.as_string().size());
        s.append(a.as_string()).append(b.as_string());
        return Value::string(std::move(s));
      }
      break;
    case Kind::Bytes:
      if (b.kind() == Kind::Bytes) {
        std::string s(a.as_string());
        s.append(b.as_string());
        return Value::bytes(std::move(s));
      }
      break;
    case Kind::List:
      if (b.kind() == Kind::List) return concat_lists(a, b);
      break;
    case Kind::Timestamp:
      if (b.kind() == Kind::Duration)
        return timestamp_value(tu::timestamp_from_nanos(nanos_of(a) + nanos_of(b)));
      break;
    case Kind::Duration:
      if (b.kind() == Kind::Timestamp)
        return timestamp_value(tu::timestamp_from_nanos(nanos_of(a) + nanos_of(b)));
      if (b.kind() == Kind::Duration)
        return duration_value(tu::duration_from_nanos(nanos_of(a) + nanos_of(b)));
      break;
    default:
      break;
  }
  return no_overload("_+_", args);
}

Value subtract(Args args, const CallContext&) {
  const Value& a = args[0];
  const Value& b = args[1];
  switch (a.kind()) {
    case Kind::Int:
      if (b.kind() == Kind::Int) {
        int64_t r;
        if (__builtin_sub_overflow(a.as_int(), b.as_int(), &r)) {
          return int_overflow('-', a.as_int(), b.as_int());
        }
        return Value::integer(r);
      }
      break;
    case Kind::Uint:
      if (b.kind() == Kind::Uint) {
        uint64_t r;
        if (__builtin_sub_overflow(a.as_uint(), b.as_uint(), &r)) {
          return uint_overflow('-', a.as_uint(), b.as_uint());
        }
        return Value::uinteger(r);
      }
      break;
    case Kind::Double:
      if (b.kind() == Kind::Double) return Value::dbl(a.as_double() - b.as_double());
      break;
    case Kind::Timestamp:
      if (b.kind() == Kind::Duration)
        return timestamp_value(tu::timestamp_from_nanos(nanos_of(a) - nanos_of(b)));
      if (b.kind() == Kind::Timestamp)
        return duration_value(tu::duration_from_nanos(nanos_of(a) - nanos_of(b)));
      break;
    case Kind::Duration:
      if (b.kind() == Kind::Duration)
        return duration_value(tu::duration_from_nanos(nanos_of(a) - nanos_of(b)));
      break;
    default:
      break;
  }
  return no_overload("_-_", args);
}

Value multiply(Args args, const CallContext&) {
  const Value& a = args[0];
  const Value& b = args[1];
  if (a.kind() == Kind::Int && b.kind() == Kind::Int) {
    int64_t r;
    if (__builtin_mul_overflow(a.as_int(), b.as_int(), &r)) {
      return int_overflow('*', a.as_int(), b.as_int());
    }
    return Value::integer(r);
  }
  if (a.kind() == Kind::Uint && b.kind() == Kind::Uint) {
    uint64_t r;
    if (__builtin_mul_overflow(a.as_uint(), b.as_uint(), &r)) {
      return uint_overflow('*', a.as_uint(), b.as_uint());
    }
    return Value::uinteger(r);
  }
  if (a.kind() == Kind::Double && b.kind() == Kind::Double) {
    return Value::dbl(a.as_double() * b.as_double());
  }
  return no_overload("_*_", args);
}

Value divide(Args args, const CallContext&) {
  const Value& a = args[0];
  const Value& b = args[1];
  if (a.kind() == Kind::Int && b.kind() == Kind::Int) {
    if (b.as_int() == 0) return Value::error(fmt::format("division by zero: {} / 0", a.as_int()));
    if (a.as_int() == std::numeric_limits<int64_t>::min() && b.as_int() == -1) {
      return int_overflow('/', a.as_int(), b.as_int());
    }
    return Value::integer(a.as_int() / b.as_int());
  }
  if (a.kind() == Kind::Uint && b.kind() == Kind::Uint) {
    if (b.as_uint() == 0)
      return Value::error(fmt::format("division by zero: {}u / 0u", a.as_uint()));
    return Value::uinteger(a.as_uint() / b.as_uint());
  }
  if (a.kind() == Kind::Double && b.kind() == Kind::Double) {
    return Value::dbl(a.as_double() / b.as_double());
  }
  return no_overload("_/_", args);
}

Value modulo(Args args, const CallContext&) {
  const Value& a = args[0];
  const Value& b = args[1];
  if (a.kind() == Kind::Int && b.kind() == Kind::Int) {
    if (b.as_int() == 0) return Value::error(fmt::format("modulus by zero: {} % 0", a.as_int()));
    if (a.as_int() == std::numeric_limits<int64_t>::min() && b.as_int() == -1) {
      return int_overflow('%', a.as_int(), b.as_int());
    }
    return Value::integer(a.as_int() % b.as_int());
  }
  if (a.kind() == Kind::Uint && b.kind() == Kind::Uint) {
    if (b.as_uint() == 0)
      return Value::error(fmt::format("modulus by zero: {}u % 0u", a.as_uint()));
    return Value::uinteger(a.as_uint() % b.as_uint());
  }
  return no_overload("_%_", args);
}

Value negate(Args args, const CallContext&) {
  const Value& a = args[0];
  switch (a.kind()) {
    case Kind::Int:
      if (a.as_int() == std::numeric_limits<int64_t>::min()) {
        return Value::error(fmt::format("integer overflow: -({})", a.as_int()));
      }
      return Value::integer(-a.as_int());
    case Kind::Double:
      return Value::dbl(-a.as_double());
    case Kind::Duration:
      return duration_value(tu::duration_from_nanos(-nanos_of(a)));
    default:
      return no_overload("-_", args);
  }
}

Value logical_not(Args args, const CallContext&) {
  if (args[0].kind() != Kind::Bool) return no_overload("!_", args);
  return Value::boolean(!args[0].as_bool());
}

}  // namespace

void register_arithmetic(FunctionRegistry& r) {
  r.add("_+_", CallStyle::Global, 2, add);
  r.add("_-_", CallStyle::Global, 2, subtract);
  r.add("_*_", CallStyle::Global, 2, multiply);
  r.add("_/_", CallStyle::Global, 2, divide);
  r.add("_%_", CallStyle::Global, 2, modulo);
  r.add("-_", CallStyle::Global, 1, negate);
  r.add("!_", CallStyle::Global, 1, logical_not);
}

}  // namespace vigil::cel::stdlib
