// Private to the CEL runtime: AST -> evaluation tree (see eval_nodes.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cel/ast.h"
#include "cel/eval_nodes.h"
#include "cel/program.h"
#include "core/result.h"

namespace vigil::cel::eval {

struct CompiledProgram {
  NodePtr root;
  std::vector<NodePtr> lets;  // bodies, in declaration order
  size_t slot_count = 0;      // lets first, then comprehension variables
};

// Compiles `root` (and the lets, each seeing the ones before it).
// Errors carry the byte offset in the source of the expression where they
// occurred; errors in a let name the let in the message.
Result<CompiledProgram> compile_program(const Expr& root, const Env& env, const std::vector<NamedExpr>& lets);

}  // namespace vigil::cel::eval
