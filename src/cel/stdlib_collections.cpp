// size (strings count code points), indexing _[_] and membership @in.
//
// Lists index by int, uint, or a double with an integral value; maps look
// keys up with CEL's heterogeneous numeric equality (1 == 1u == 1.0).
#include <cmath>
#include <string_view>

#include <fmt/format.h>

#include "cel/stdlib_common.h"

namespace vigil::cel::stdlib {
namespace {

using Args = std::span<const Value>;

int64_t code_points(std::string_view s) {
  int64_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

Value size(Args args, const CallContext&) {
  const Value& v = args[0];
  switch (v.kind()) {
    case Kind::String:
      return Value::integer(code_points(v.as_string()));
    case Kind::Bytes:
      return Value::integer(static_cast<int64_t>(v.as_string().size()));
    case Kind::List:
      return Value::integer(static_cast<int64_t>(v.list_size()));
    case Kind::Map:
      return Value::integer(static_cast<int64_t>(v.map_size()));
    default:
      return no_overload("size", args);
  }
}

// The list position an index value denotes, or an error value.
Value list_index(const Value& list, const Value& index) {
  int64_t i;
  switch (index.kind()) {
    case Kind::Int:
      i = index.as_int();
      break;
    case Kind::Uint:
      i = index.as_uint() > static_cast<uint64_t>(INT64_MAX)
              ? -1
              : static_cast<int64_t>(index.as_uint());
      break;
    case Kind::Double: {
      const double d = index.as_double();
      if (std::trunc(d) != d || !(d > -9.2e18 && d < 9.2e18)) {
        return Value::error(
            fmt::format("invalid list index {}: not an integer", index.debug_string()));
      }
      i = static_cast<int64_t>(d);
      break;
    }
    default:
      return Value::error(fmt::format("no such overload: _[_](list, {})", kind_name(index.kind())));
  }
  if (i < 0 || static_cast<uint64_t>(i) >= list.list_size()) {
    return Value::error(fmt::format("index out of range: {} (list size {})", index.debug_string(),
                                    list.list_size()));
  }
  return list.list_at(static_cast<size_t>(i));
}

Value index(Args args, const CallContext&) {
  const Value& c = args[0];
  if (c.kind() == Kind::List) return list_index(c, args[1]);
  if (c.kind() == Kind::Map) {
    if (auto v = c.map_find(args[1])) return *v;
    return Value::error(fmt::format("no such key: {}", args[1].debug_string()));
  }
  return no_overload("_[_]", args);
}

Value in(Args args, const CallContext&) {
  const Value& needle = args[0];
  const Value& c = args[1];
  if (c.kind() == Kind::List) {
    const size_t n = c.list_size();
    for (size_t i = 0; i < n; ++i) {
      if (c.list_at(i).equals(needle)) return Value::boolean(true);
    }
    return Value::boolean(false);
  }
  if (c.kind() == Kind::Map) return Value::boolean(c.map_find(needle).has_value());
  return no_overload("@in", args);
}

}  // namespace

void register_collections(FunctionRegistry& r) {
  r.add("size", CallStyle::Global, 1, size);
  r.add("size", CallStyle::Receiver, 1, size);
  r.add("_[_]", CallStyle::Global, 2, index);
  r.add("@in", CallStyle::Global, 2, in);
}

}  // namespace vigil::cel::stdlib
