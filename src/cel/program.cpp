// Program: a compiled expression (see compile.cpp) and its evaluation frame.
#include "cel/program.h"

#include "cel/compile.h"

#include <cstddef>
#include <memory>
#include <vector>

namespace vigil::cel {

struct Program::Impl {
  eval::CompiledProgram compiled;
};

Program::Program(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Program::Program(Program&&) noexcept = default;
Program& Program::operator=(Program&&) noexcept = default;
Program::~Program() = default;

Result<Program> Program::compile(const ParsedExpr& expr, const Env& env,
                                 const std::vector<NamedExpr>& lets) {
  if (!expr.root) return Error::at_offset("empty expression", 0);
  auto compiled = eval::compile_program(*expr.root, env, lets);
  if (!compiled.ok()) return compiled.error();
  auto impl = std::make_unique<Impl>();
  impl->compiled = std::move(compiled).value();
  return Program(std::move(impl));
}

Value Program::evaluate(std::span<const Value> variables, const CallContext& ctx) const {
  constexpr size_t kInlineVars = 8;
  if (variables.size() <= kInlineVars) {
    const Value* ptrs[kInlineVars];
    for (size_t i = 0; i < variables.size(); ++i) ptrs[i] = &variables[i];
    return evaluate_refs(std::span<const Value* const>(ptrs, variables.size()), ctx);
  }
  std::vector<const Value*> ptrs;
  ptrs.reserve(variables.size());
  for (const Value& v : variables) ptrs.push_back(&v);
  return evaluate_refs(std::span<const Value* const>(ptrs), ctx);
}

Value Program::evaluate_refs(std::span<const Value* const> variables,
                             const CallContext& ctx) const {
  if (ctx.budget != nullptr) {
    Value result = run(variables, ctx);
    return ctx.budget->exceeded() ? Value::error(ctx.budget->message()) : result;
  }
  EvalBudget budget;
  CallContext charged = ctx;
  charged.budget = &budget;
  Value result = run(variables, charged);
  return budget.exceeded() ? Value::error(budget.message()) : result;
}

Value Program::run(std::span<const Value* const> variables, const CallContext& ctx) const {
  const eval::CompiledProgram& c = impl_->compiled;
  eval::Frame frame;
  frame.vars = variables;
  frame.ctx = &ctx;
  if (c.slot_count == 0) return c.root->eval(frame);
  // Slots live on this thread's stack for small programs (the usual case).
  constexpr size_t kInline = 16;
  if (c.slot_count <= kInline && c.lets.size() <= kInline) {
    // Construct only the slots this program uses.
    alignas(Value) std::byte storage[kInline * sizeof(Value)];
    Value* slots = reinterpret_cast<Value*>(storage);
    std::uninitialized_default_construct_n(slots, c.slot_count);
    uint8_t done[kInline] = {};
    frame.slots = slots;
    frame.let_done = done;
    Value result = c.root->eval(frame);
    std::destroy_n(slots, c.slot_count);
    return result;
  }
  std::vector<Value> slots(c.slot_count);
  std::vector<uint8_t> done(c.lets.size() + 1, 0);
  frame.slots = slots.data();
  frame.let_done = done.data();
  return c.root->eval(frame);
}

}  // namespace vigil::cel
