// Building CEL AST nodes during parsing and macro expansion (internal to the
// parser; not part of the public API).
//
// Contract
// - Every node gets the next id (1, 2, 3, ...) and the offset it is given.
// - Each node's height (1 for a leaf) is tracked beside the tree; building a
//   node higher than `max_height` throws SyntaxError("expression nested too
//   deeply ..."). This bounds every recursive walk of a parsed tree
//   (destruction, printing, compiling, evaluating) no matter the input.
// - The number of nodes is bounded by `max_nodes`: macros such as optMap copy
//   their receiver, so chained expansions could otherwise grow exponentially.
// - SyntaxError is thrown by the lexer, the parser, macro expansion and the
//   factory; parse() catches it and returns it as an Error. It never leaves
//   the parser.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cel/ast.h"

namespace vigil::cel {

struct SyntaxError {
  std::string message;
  uint32_t offset = 0;
};

[[noreturn]] void throw_syntax_error(std::string message, uint32_t offset);

class ExprFactory {
 public:
  ExprFactory(int max_height, size_t max_nodes) : max_height_(max_height), max_nodes_(max_nodes) {
    heights_.push_back(0);
  }

  ExprPtr constant(Value value, uint32_t offset);
  ExprPtr ident(std::string name, uint32_t offset);
  ExprPtr select(ExprPtr operand, std::string field, uint32_t offset, bool test_only = false);
  ExprPtr call(std::string function, std::vector<ExprPtr> args, uint32_t offset);
  ExprPtr member_call(std::string function, ExprPtr target, std::vector<ExprPtr> args,
                      uint32_t offset);
  ExprPtr list(std::vector<ExprPtr> elements, std::vector<uint32_t> optional_indices,
               uint32_t offset);
  ExprPtr map(std::vector<Entry> entries, uint32_t offset);
  ExprPtr structure(std::string type_name, std::vector<Entry> entries, uint32_t offset);

  struct ComprehensionParts {
    std::string iter_var;
    std::string iter_var2;
    ExprPtr iter_range;
    std::string accu_var;
    ExprPtr accu_init;
    ExprPtr loop_condition;
    ExprPtr loop_step;
    ExprPtr result;
  };
  ExprPtr comprehension(ComprehensionParts parts, uint32_t offset);

  // A deep copy with fresh ids (for macros that use an operand twice).
  ExprPtr copy(const Expr& expr);

  // Convenience shorthands used by macro expansion.
  ExprPtr binary(const char* op, ExprPtr lhs, ExprPtr rhs, uint32_t offset);
  ExprPtr unary(const char* op, ExprPtr operand, uint32_t offset);
  ExprPtr boolean(bool b, uint32_t offset) { return constant(Value::boolean(b), offset); }
  ExprPtr integer(int64_t i, uint32_t offset) { return constant(Value::integer(i), offset); }

  int height(const Expr& expr) const;

 private:
  ExprPtr make(ExprKind kind, uint32_t offset);
  void seal(Expr& expr);  // computes the height from the children; throws when too deep

  int max_height_;
  size_t max_nodes_;
  std::vector<int> heights_;      // by id
};

}  // namespace vigil::cel
