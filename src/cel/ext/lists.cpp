// The CEL lists extension (cel-go ext/lists) and the sets extension:
// slice, flatten, distinct, sort, first, last, lists.range,
// sets.contains / equivalent / intersects. Element equality is CEL `==`.
#include <algorithm>
#include <string>

#include "cel/ext/common.h"
#include "cel/ext/libraries.h"

namespace vigil::cel::ext {
namespace {

using Args = std::span<const Value>;

ValueList items_of(const Value& list) {
  ValueList out;
  out.reserve(list.list_size());
  for (size_t i = 0; i < list.list_size(); ++i) out.push_back(list.list_at(i));
  return out;
}

bool list_contains(const Value& list, const Value& v) {
  for (size_t i = 0; i < list.list_size(); ++i) {
    if (list.list_at(i).equals(v)) return true;
  }
  return false;
}

Value slice(Args args, const CallContext&) {
  if (args[0].kind() != Kind::List || args[1].kind() != Kind::Int || args[2].kind() != Kind::Int) {
    return no_overload("slice", args);
  }
  const int64_t start = args[1].as_int();
  const int64_t end = args[2].as_int();
  const auto len = static_cast<int64_t>(args[0].list_size());
  const std::string call =
      "cannot slice(" + std::to_string(start) + ", " + std::to_string(end) + "), ";
  if (start < 0 || end < 0) return Value::error(call + "negative indexes not supported");
  if (start > end)
    return Value::error(call + "start index must be less than or equal to end index");
  if (end > len) return Value::error(call + "list is length " + std::to_string(len));
  ValueList out;
  out.reserve(static_cast<size_t>(end - start));
  for (int64_t i = start; i < end; ++i) out.push_back(args[0].list_at(static_cast<size_t>(i)));
  return Value::list(std::move(out));
}

void flatten_into(const Value& list, int64_t depth, ValueList& out) {
  for (size_t i = 0; i < list.list_size(); ++i) {
    Value v = list.list_at(i);
    if (v.kind() == Kind::List && depth > 0) {
      flatten_into(v, depth - 1, out);
    } else {
      out.push_back(std::move(v));
    }
  }
}

Value flatten(Args args, const CallContext&) {
  if (args[0].kind() != Kind::List || (args.size() == 2 && args[1].kind() != Kind::Int)) {
    return no_overload("flatten", args);
  }
  const int64_t depth = args.size() == 2 ? args[1].as_int() : 1;
  if (depth < 0)
    return Value::error("flatten: level must be non-negative, got " + std::to_string(depth));
  ValueList out;
  flatten_into(args[0], depth, out);
  return Value::list(std::move(out));
}

Value distinct(Args args, const CallContext&) {
  if (args[0].kind() != Kind::List) return no_overload("distinct", args);
  ValueList out;
  for (size_t i = 0; i < args[0].list_size(); ++i) {
    Value v = args[0].list_at(i);
    const bool seen =
        std::any_of(out.begin(), out.end(), [&](const Value& o) { return o.equals(v); });
    if (!seen) out.push_back(std::move(v));
  }
  return Value::list(std::move(out));
}

bool sortable(Kind k) {
  switch (k) {
    case Kind::Int:
    case Kind::Uint:
    case Kind::Double:
    case Kind::Bool:
    case Kind::String:
    case Kind::Bytes:
    case Kind::Duration:
    case Kind::Timestamp:
      return true;
    default:
      return false;
  }
}

// Orders two values of the same sortable kind.
bool less_same_kind(const Value& a, const Value& b) {
  switch (a.kind()) {
    case Kind::Int:
      return a.as_int() < b.as_int();
    case Kind::Uint:
      return a.as_uint() < b.as_uint();
    case Kind::Double:
      return a.as_double() < b.as_double();
    case Kind::Bool:
      return !a.as_bool() && b.as_bool();
    case Kind::String:
    case Kind::Bytes:
      return a.as_string() < b.as_string();
    default:  // Duration, Timestamp
      return a.seconds() != b.seconds() ? a.seconds() < b.seconds() : a.nanos() < b.nanos();
  }
}

Value sort(Args args, const CallContext&) {
  if (args[0].kind() != Kind::List) return no_overload("sort", args);
  ValueList items = items_of(args[0]);
  if (items.empty()) return Value::list(std::move(items));
  const Kind k = items[0].kind();
  if (!sortable(k)) {
    return Value::error("sort: list elements must be comparable, found " +
                        std::string(kind_name(k)));
  }
  for (const Value& v : items) {
    if (v.kind() != k) return Value::error("sort: list elements must have the same type");
  }
  std::stable_sort(items.begin(), items.end(), less_same_kind);
  return Value::list(std::move(items));
}

// list.@sortByAssociatedKeys(keys): the runtime half of the sortBy macro
// (`l.sortBy(e, key)` expands to a call with `l.map(e, key)` as keys).
// Orders `list` by `keys` (same rules as sort()); equal keys keep order.
Value sort_by_keys(Args args, const CallContext&) {
  if (args[0].kind() != Kind::List || args[1].kind() != Kind::List) {
    return no_overload("@sortByAssociatedKeys", args);
  }
  const size_t n = args[0].list_size();
  if (args[1].list_size() != n) {
    return Value::error(
        "sortBy: @sortByAssociatedKeys expected a list of the same size as the keys, got " +
        std::to_string(n) + " and " + std::to_string(args[1].list_size()));
  }
  ValueList keys = items_of(args[1]);
  if (n == 0) return args[0];
  const Kind k = keys[0].kind();
  if (!sortable(k)) {
    return Value::error("sortBy: keys must be comparable, found " + std::string(kind_name(k)));
  }
  for (const Value& key : keys) {
    if (key.kind() != k) return Value::error("sortBy: keys must all have the same type");
  }
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return less_same_kind(keys[a], keys[b]); });
  ValueList out;
  out.reserve(n);
  for (size_t i : order) out.push_back(args[0].list_at(i));
  return Value::list(std::move(out));
}

Value first_or_last(Args args, bool first) {
  if (args[0].kind() != Kind::List) return no_overload(first ? "first" : "last", args);
  const size_t n = args[0].list_size();
  if (n == 0) return Value::optional_none();
  return Value::optional_of(args[0].list_at(first ? 0 : n - 1));
}

// lists.range(n) builds n values; past this it is an error, not an
// allocation that could take the process down.
constexpr int64_t kMaxRange = 1'000'000;

Value range(Args args, const CallContext&) {
  if (args[0].kind() != Kind::Int) return no_overload("lists.range", args);
  if (args[0].as_int() > kMaxRange) {
    return Value::error("lists.range(" + std::to_string(args[0].as_int()) + "): at most " +
                        std::to_string(kMaxRange) + " elements are supported");
  }
  ValueList out;
  for (int64_t i = 0; i < args[0].as_int(); ++i) out.push_back(Value::integer(i));
  return Value::list(std::move(out));
}

bool both_lists(Args args) { return args[0].kind() == Kind::List && args[1].kind() == Kind::List; }

// The sets functions compare every pair: their work is charged before it is done.
bool charge_pairs(Args args, const CallContext& ctx) {
  return ctx.budget == nullptr ||
         ctx.budget->charge(static_cast<uint64_t>(args[0].list_size()) * args[1].list_size(), 0);
}

// True when every element of `sub` is in `super`.
bool contains_all(const Value& super, const Value& sub) {
  for (size_t i = 0; i < sub.list_size(); ++i) {
    if (!list_contains(super, sub.list_at(i))) return false;
  }
  return true;
}

}  // namespace

void add_lists(FunctionRegistry& r) {
  using S = CallStyle;
  r.add("slice", S::Receiver, 3, slice);
  r.add("flatten", S::Receiver, 1, flatten);
  r.add("flatten", S::Receiver, 2, flatten);
  r.add("distinct", S::Receiver, 1, distinct);
  r.add("sort", S::Receiver, 1, sort);
  r.add("@sortByAssociatedKeys", S::Receiver, 2, sort_by_keys);
  r.add("first", S::Receiver, 1, [](Args a, const CallContext&) { return first_or_last(a, true); });
  r.add("last", S::Receiver, 1, [](Args a, const CallContext&) { return first_or_last(a, false); });
  r.add("lists.range", S::Global, 1, range);
  r.add("sets.contains", S::Global, 2, [](Args a, const CallContext& ctx) {
    if (!both_lists(a)) return no_overload("sets.contains", a);
    if (!charge_pairs(a, ctx)) return Value::error(ctx.budget->message());
    return Value::boolean(contains_all(a[0], a[1]));
  });
  r.add("sets.equivalent", S::Global, 2, [](Args a, const CallContext& ctx) {
    if (!both_lists(a)) return no_overload("sets.equivalent", a);
    if (!charge_pairs(a, ctx)) return Value::error(ctx.budget->message());
    return Value::boolean(contains_all(a[0], a[1]) && contains_all(a[1], a[0]));
  });
  r.add("sets.intersects", S::Global, 2, [](Args a, const CallContext& ctx) {
    if (!both_lists(a)) return no_overload("sets.intersects", a);
    if (!charge_pairs(a, ctx)) return Value::error(ctx.budget->message());
    for (size_t i = 0; i < a[1].list_size(); ++i) {
      if (list_contains(a[0], a[1].list_at(i))) return Value::boolean(true);
    }
    return Value::boolean(false);
  });
}

}  // namespace vigil::cel::ext
