// The CEL abstract syntax tree, as the parser produces it after macro
// expansion. It mirrors CEL's canonical AST (cel.expr.Expr):
//
//   Constant       literal value
//   Ident          name (possibly qualified after container resolution)
//   Select         target.field, or has(target.field) when test_only
//   Call           [target.]function(args...); operators use their canonical
//                  names: _+_ _-_ _*_ _/_ _%_ -_ !_ _==_ _!=_ _<_ _<=_ _>_ _>=_
//                  _&&_ _||_ _?_:_ _[_] @in, optional select _?._ and index
//                  _[?_], and @not_strictly_false inside macro expansions.
//   List           [elements...], optional_indices marks `?elem` entries
//   Map            {key: value, ?key: value}
//   Struct         Name{field: value} (message construction)
//   Comprehension  the expansion of all/exists/exists_one/map/filter and
//                  cel.bind: iter_var over iter_range, accu_var starting at
//                  accu_init, loop while loop_condition, step loop_step,
//                  then result.
//
// Every node has a unique id and the byte offset in the source where it
// starts (the operator's position for operators), for error messages.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cel/value.h"

namespace vigil::cel {

enum class ExprKind : uint8_t { Constant, Ident, Select, Call, List, Map, Struct, Comprehension };

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Entry {
  ExprPtr key;          // Map: key expression (null for Struct)
  std::string field;    // Struct: field name
  ExprPtr value;
  bool optional = false;  // `?key: value`
};

struct Expr {
  ExprKind kind = ExprKind::Constant;
  int64_t id = 0;
  uint32_t offset = 0;  // byte offset in the source text

  Value constant;        // Constant
  std::string name;      // Ident: name; Select: field; Call: function; Struct: type name
  bool test_only = false;  // Select: has()
  ExprPtr target;        // Select: operand; Call: receiver or null
  std::vector<ExprPtr> args;              // Call: arguments; List: elements
  std::vector<uint32_t> optional_indices;  // List: indices of `?elem` elements
  std::vector<Entry> entries;             // Map, Struct

  // Comprehension
  std::string iter_var;
  std::string iter_var2;  // two-variable comprehensions (unused by the standard macros)
  std::string accu_var;
  ExprPtr iter_range;
  ExprPtr accu_init;
  ExprPtr loop_condition;
  ExprPtr loop_step;
  ExprPtr result;
};

// The reserved accumulator name used by macro expansions.
inline constexpr const char* kAccumulatorName = "@result";

// The element a map/filter macro expansion appends to its accumulator
// `accu` in `step`: `accu + [elem]`, maybe under `pred ? accu + [elem] :
// accu` (then *pred, when given, is `pred`). Null when the step is not one.
const Expr* appended_element(const Expr& step, const std::string& accu,
                             const Expr** pred = nullptr);

// Renders an AST back to CEL-like text (for debugging and tests).
std::string to_debug_string(const Expr& expr);

}  // namespace vigil::cel
