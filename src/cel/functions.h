// The function registry: every CEL function and operator the evaluator can
// call, keyed by (name, call style, arity).
//
// Contract
// - One implementation per (name, style, arity). It dispatches on argument
//   kinds itself and returns Value::error("no such overload: ...") when none
//   fits. Argument errors are already filtered by the evaluator: an
//   implementation never receives an Error argument (strict functions), so
//   it need not propagate them.
// - Receiver-style calls (`"abc".size()`) pass the receiver as args[0].
// - The compiler resolves each call site to an implementation once; an
//   unknown (name, style, arity) is a compile error ("undeclared reference").
// - Logical operators, `?:`, `@not_strictly_false`, `_?._` and `_[?_]`,
//   `or`/`orValue` on optionals and macros are evaluated by the evaluator
//   itself (they are not strict); they are not in the registry.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cel/budget.h"
#include "cel/value.h"

namespace vigil::cel {

// Host data for functions that consult the embedding application (Vigil's
// related-assets lookup, the scan clock). The evaluator passes it through.
struct EvalHost {
  virtual ~EvalHost() = default;
};

struct CallContext {
  const EvalHost* host = nullptr;
  // The evaluation's cost budget (cel/budget.h); Program::evaluate sets one
  // when the caller leaves it null. Functions that build large values may
  // charge it before building them.
  EvalBudget* budget = nullptr;
};

enum class CallStyle : uint8_t { Global, Receiver };

using FunctionImpl = std::function<Value(std::span<const Value> args, const CallContext& ctx)>;

class FunctionRegistry {
 public:
  // Adds or replaces an implementation. arity counts the receiver for
  // Receiver style.
  void add(std::string name, CallStyle style, size_t arity, FunctionImpl fn);
  const FunctionImpl* find(std::string_view name, CallStyle style, size_t arity) const;
  // True when any overload with this name exists (for error messages).
  bool has_name(std::string_view name) const;

  // Extension type names (e.g. "net.IP") that identifiers may resolve to as
  // type values, like the built-in `int` or `google.protobuf.Timestamp`.
  void add_type(std::string name);
  bool has_type(std::string_view name) const;

  // Core language: operators, conversions, size, contains/startsWith/
  // endsWith/matches (RE2), timestamps and durations with accessors, type().
  static void add_standard(FunctionRegistry& registry);
  // Extension libraries: strings, math, network (ip/cidr), encoders (base64),
  // optionals (optional.of/none/ofNonZeroValue, hasValue, value), lists.
  static void add_extensions(FunctionRegistry& registry);
  // Standard + extensions, built once.
  static const FunctionRegistry& builtin();

 private:
  struct Key {
    std::string name;
    CallStyle style;
    size_t arity;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const;
  };
  std::unordered_map<Key, FunctionImpl, KeyHash> impls_;
  std::unordered_map<std::string, int> names_;
  std::vector<std::string> types_;
};

}  // namespace vigil::cel
