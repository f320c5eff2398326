// String predicates: contains startsWith endsWith (receiver style) and
// matches (global and receiver; RE2 syntax, succeeds when the pattern
// matches any substring, as CEL specifies).
#include <string_view>

#include "cel/stdlib_common.h"
#include "cel/stdlib_regex.h"

namespace vigil::cel::stdlib {
namespace {

using Args = std::span<const Value>;

bool both_strings(Args args) {
  return args[0].kind() == Kind::String && args[1].kind() == Kind::String;
}

Value contains(Args args, const CallContext&) {
  if (!both_strings(args)) return no_overload("contains", args);
  return Value::boolean(args[0].as_string().find(args[1].as_string()) != std::string_view::npos);
}

Value starts_with(Args args, const CallContext&) {
  if (!both_strings(args)) return no_overload("startsWith", args);
  return Value::boolean(args[0].as_string().starts_with(args[1].as_string()));
}

Value ends_with(Args args, const CallContext&) {
  if (!both_strings(args)) return no_overload("endsWith", args);
  return Value::boolean(args[0].as_string().ends_with(args[1].as_string()));
}

Value matches(Args args, const CallContext&) {
  if (!both_strings(args)) return no_overload("matches", args);
  auto re = compiled_regex(args[1].as_string());
  if (!re.ok()) return Value::error(re.error().message);
  const std::string_view text = args[0].as_string();
  return Value::boolean(re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), **re));
}

}  // namespace

void register_strings(FunctionRegistry& r) {
  r.add("contains", CallStyle::Receiver, 2, contains);
  r.add("startsWith", CallStyle::Receiver, 2, starts_with);
  r.add("endsWith", CallStyle::Receiver, 2, ends_with);
  r.add("matches", CallStyle::Receiver, 2, matches);
  r.add("matches", CallStyle::Global, 2, matches);
}

}  // namespace vigil::cel::stdlib
