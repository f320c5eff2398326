// CEL macro expansion (applied by the parser unless ParseOptions::enable_macros
// is false). The expansions follow cel-go, so evaluators see the canonical
// shapes below. `@result` is kAccumulatorName; `#unused` is an iteration
// variable that never binds anything. Comprehension fields are written
// (iter_var[, iter_var2], iter_range, accu_var, accu_init, loop_condition,
// loop_step, result).
//
//   has(e.f)            Select(e, f, test_only = true); the argument must be a
//                       field selection, else "invalid argument to has() macro".
//   r.all(x, p)         (x, r, @result, true, @not_strictly_false(@result),
//                        @result && p, @result)
//   r.exists(x, p)      (x, r, @result, false, @not_strictly_false(!@result),
//                        @result || p, @result)
//   r.exists_one(x, p)  (x, r, @result, 0, true, p ? @result + 1 : @result,
//   r.existsOne(x, p)    @result == 1)
//   r.map(x, t)         (x, r, @result, [], true, @result + [t], @result)
//   r.map(x, p, t)      (x, r, @result, [], true, p ? @result + [t] : @result, @result)
//   r.filter(x, p)      (x, r, @result, [], true, p ? @result + [x] : @result, @result)
//
// Two-variable forms (cel-go's comprehensions extension). Over a list the
// first variable is the index and the second the element; over a map, the key
// and the value:
//   r.all(i, v, p), r.exists(i, v, p), r.existsOne(i, v, p) (also exists_one):
//                       as above with iter_var = i, iter_var2 = v
//   r.transformList(i, v, t)     (i, v, r, @result, [], true, @result + [t], @result)
//   r.transformList(i, v, p, t)  step p ? @result + [t] : @result
//   r.transformMap(k, v, t)      (k, v, r, @result, {}, true,
//                                 cel.@mapInsert(@result, k, t), @result)
//   r.transformMap(k, v, p, t)   step p ? cel.@mapInsert(@result, k, t) : @result
//   r.transformMapEntry(k, v, e) step cel.@mapInsert(@result, e) where e is a
//                                 map literal whose entries are merged in
//   r.transformMapEntry(k, v, p, e) step p ? cel.@mapInsert(@result, e) : @result
//   `cel.@mapInsert` is a global Call the evaluator must provide: it returns
//   the map with the new entry (or entries), an error on a duplicate key.
//
// Bindings and optionals:
//   cel.bind(v, init, body)  (#unused, [], v, init, false, v, body)
//                            only when the receiver is the plain identifier `cel`
//   o.optMap(x, e)           o.hasValue() ? optional.of(cel.bind(x, o.value(), e))
//                                         : optional.none()
//   o.optFlatMap(x, e)       o.hasValue() ? cel.bind(x, o.value(), e) : optional.none()
//                            (`o` is copied with fresh ids: it appears twice)
//
// Variable arguments must be simple names ("argument must be a simple name",
// reported at the argument). Every node of an expansion has the offset of the
// macro's function name.
#pragma once

#include <string>
#include <vector>

#include "cel/ast.h"
#include "cel/expr_factory.h"

namespace vigil::cel {

inline constexpr const char* kNotStrictlyFalse = "@not_strictly_false";
inline constexpr const char* kMapInsert = "cel.@mapInsert";
inline constexpr const char* kUnusedIterVar = "#unused";

struct MacroCall {
  const std::string& function;
  ExprPtr& target;              // receiver; null for a global call
  std::vector<ExprPtr>& args;
  uint32_t offset;              // offset of the function name
};

// Expands `call` when it is a macro. Returns null, leaving target and args
// untouched, when it is not (the caller then builds a plain Call). Throws
// SyntaxError for a macro used with invalid arguments.
ExprPtr expand_macro(ExprFactory& factory, const MacroCall& call);

}  // namespace vigil::cel
