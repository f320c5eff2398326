// CEL optional values: optional.of, optional.none, optional.ofNonZeroValue
// and the receivers hasValue() and value(). (`or`, `orValue`, `?.`, `[?]`
// and optMap/optFlatMap are evaluated by the evaluator itself.)
#include "cel/ext/common.h"
#include "cel/ext/libraries.h"

namespace vigil::cel::ext {
namespace {

using Args = std::span<const Value>;

// The zero value of each type: null, false, 0, 0u, 0.0, "", b"", [], {},
// duration 0, the Unix epoch timestamp (protobuf's default) and
// optional.none().
bool is_zero_value(const Value& v) {
  switch (v.kind()) {
    case Kind::Null: return true;
    case Kind::Bool: return !v.as_bool();
    case Kind::Int: return v.as_int() == 0;
    case Kind::Uint: return v.as_uint() == 0;
    case Kind::Double: return v.as_double() == 0.0;
    case Kind::String:
    case Kind::Bytes: return v.as_string().empty();
    case Kind::List: return v.list_size() == 0;
    case Kind::Map: return v.map_size() == 0;
    case Kind::Timestamp:
    case Kind::Duration: return v.seconds() == 0 && v.nanos() == 0;
    case Kind::Optional: return !v.optional_has_value();
    default: return false;
  }
}

Value has_value(Args args, const CallContext&) {
  if (args[0].kind() != Kind::Optional) return no_overload("hasValue", args);
  return Value::boolean(args[0].optional_has_value());
}

Value value(Args args, const CallContext&) {
  if (args[0].kind() != Kind::Optional) return no_overload("value", args);
  if (!args[0].optional_has_value()) return Value::error("optional.none() dereference");
  return args[0].optional_value();
}

}  // namespace

void add_optionals(FunctionRegistry& r) {
  using S = CallStyle;
  r.add("optional.of", S::Global, 1, [](Args a, const CallContext&) { return Value::optional_of(a[0]); });
  r.add("optional.none", S::Global, 0, [](Args, const CallContext&) { return Value::optional_none(); });
  r.add("optional.ofNonZeroValue", S::Global, 1, [](Args a, const CallContext&) {
    return is_zero_value(a[0]) ? Value::optional_none() : Value::optional_of(a[0]);
  });
  r.add("hasValue", S::Receiver, 1, has_value);
  r.add("value", S::Receiver, 1, value);
}

}  // namespace vigil::cel::ext
