// Equality and ordering: _==_ _!=_ _<_ _<=_ _>_ _>=_.
//
// Equality is Value::equals (never an error). Ordering is defined within
// bool, string and bytes (byte-wise), timestamp and duration, and across int,
// uint and double; any other pair has no overload. int/uint compare exactly;
// against a double the integer is converted to double first, as the
// reference implementations do (so 9223372036854775807 < 9.223372036854775808e18
// is false). Every ordering with a NaN is false.
#include <cmath>
#include <optional>

#include "cel/stdlib_common.h"

namespace vigil::cel::stdlib {
namespace {

using Args = std::span<const Value>;

enum class Order { Less, Equal, Greater, Unordered };

template <typename T>
Order order_of(T a, T b) {
  return a < b ? Order::Less : (b < a ? Order::Greater : Order::Equal);
}

Order order_doubles(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return Order::Unordered;
  return order_of(a, b);
}

double as_double(const Value& v) {
  switch (v.kind()) {
    case Kind::Int:
      return static_cast<double>(v.as_int());
    case Kind::Uint:
      return static_cast<double>(v.as_uint());
    default:
      return v.as_double();
  }
}

bool is_number(Kind k) { return k == Kind::Int || k == Kind::Uint || k == Kind::Double; }

std::optional<Order> order(const Value& a, const Value& b) {
  const Kind ka = a.kind(), kb = b.kind();
  if (is_number(ka) && is_number(kb)) {
    if (ka == Kind::Double || kb == Kind::Double) return order_doubles(as_double(a), as_double(b));
    if (ka == Kind::Int && kb == Kind::Int) return order_of(a.as_int(), b.as_int());
    if (ka == Kind::Uint && kb == Kind::Uint) return order_of(a.as_uint(), b.as_uint());
    if (ka == Kind::Int) {
      if (a.as_int() < 0) return Order::Less;
      return order_of(static_cast<uint64_t>(a.as_int()), b.as_uint());
    }
    if (b.as_int() < 0) return Order::Greater;
    return order_of(a.as_uint(), static_cast<uint64_t>(b.as_int()));
  }
  if (ka != kb) return std::nullopt;
  switch (ka) {
    case Kind::Bool:
      return order_of(a.as_bool(), b.as_bool());
    case Kind::String:
    case Kind::Bytes: {
      const int c = a.as_string().compare(b.as_string());  // unsigned byte order
      return c < 0 ? Order::Less : (c > 0 ? Order::Greater : Order::Equal);
    }
    case Kind::Timestamp:
    case Kind::Duration: {
      const Order o = order_of(a.seconds(), b.seconds());
      return o != Order::Equal ? o : order_of(a.nanos(), b.nanos());
    }
    default:
      return std::nullopt;
  }
}

template <bool (*Accept)(Order)>
FunctionImpl ordering(const char* name) {
  return [name](Args args, const CallContext&) -> Value {
    auto o = order(args[0], args[1]);
    if (!o) return no_overload(name, args);
    return Value::boolean(*o != Order::Unordered && Accept(*o));
  };
}

bool is_less(Order o) { return o == Order::Less; }
bool is_less_equal(Order o) { return o == Order::Less || o == Order::Equal; }
bool is_greater(Order o) { return o == Order::Greater; }
bool is_greater_equal(Order o) { return o == Order::Greater || o == Order::Equal; }

}  // namespace

void register_comparison(FunctionRegistry& r) {
  r.add("_==_", CallStyle::Global, 2,
        [](Args args, const CallContext&) { return Value::boolean(args[0].equals(args[1])); });
  r.add("_!=_", CallStyle::Global, 2,
        [](Args args, const CallContext&) { return Value::boolean(!args[0].equals(args[1])); });
  r.add("_<_", CallStyle::Global, 2, ordering<is_less>("_<_"));
  r.add("_<=_", CallStyle::Global, 2, ordering<is_less_equal>("_<=_"));
  r.add("_>_", CallStyle::Global, 2, ordering<is_greater>("_>_"));
  r.add("_>=_", CallStyle::Global, 2, ordering<is_greater_equal>("_>=_"));
}

}  // namespace vigil::cel::stdlib
