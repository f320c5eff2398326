// A compiled CEL expression, ready to evaluate many times, from many threads.
//
// Contract
// - compile() resolves identifiers against the declared variables (plus
//   comprehension and bind variables, type names and the container), resolves
//   every call to a FunctionRegistry implementation, and interns field names
//   for fast selection. Undeclared identifiers and functions are compile
//   errors with the byte offset of the reference.
// - `lets` are named sub-expressions evaluated in order before the main
//   expression, each able to use the variables and the earlier lets (like
//   nested cel.bind). Their errors stay values: a let that fails only makes
//   the result an error if the expression uses it.
// - evaluate() never throws; evaluation errors come back as an Error value
//   whose message names the failing operation.
// - Every evaluation is bounded by a cost budget (cel/budget.h): the
//   CallContext's, or EvalLimits{} when it brings none. Past it, the result
//   is the budget error.
// - The result may borrow from the variables' JSON documents and from the
//   Program (string constants): keep both alive while using it.
// - Operators the evaluator implements itself (not looked up in the
//   registry): && || ?: @not_strictly_false == != < <= > >= @in _[_] _[?_]
//   _?._ and the receiver calls or/orValue on optionals.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "cel/functions.h"
#include "cel/parser.h"
#include "core/result.h"

namespace vigil::cel {

struct Env {
  // Variable names, in slot order: evaluate() takes their values in the same order.
  std::vector<std::string> variables;
  const FunctionRegistry* functions = &FunctionRegistry::builtin();
  std::string container;  // namespace for qualified-name resolution
  // Unchecked mode (CEL's "disable_check", used by the conformance runner):
  // undeclared identifiers and functions compile to nodes that evaluate to
  // an error instead of failing compilation, so `f_unknown(1) || true` is
  // true. Policies keep the default: unknown names are load errors.
  bool allow_unresolved = false;
};

struct NamedExpr {
  std::string name;
  ParsedExpr expr;
};

class Program {
 public:
  // On error: Error::offset is the byte offset in the source of `expr` (or of
  // the let named in the message, whose text is `lets[i].expr.source`).
  static Result<Program> compile(const ParsedExpr& expr, const Env& env,
                                 const std::vector<NamedExpr>& lets = {});

  Value evaluate(std::span<const Value> variables, const CallContext& ctx = {}) const;
  // The same with the variables by pointer (none null), so that values
  // shared between threads (e.g. a policy's params map) are read in place
  // and their reference counts are never touched.
  Value evaluate_refs(std::span<const Value* const> variables, const CallContext& ctx = {}) const;

  Program(Program&&) noexcept;
  Program& operator=(Program&&) noexcept;
  ~Program();

 private:
  struct Impl;
  explicit Program(std::unique_ptr<Impl> impl);
  Value run(std::span<const Value* const> variables, const CallContext& ctx) const;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil::cel
