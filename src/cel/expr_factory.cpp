// AST node construction with ids, offsets and a bound on tree height.
#include "cel/expr_factory.h"

#include <algorithm>
#include <utility>

namespace vigil::cel {

void throw_syntax_error(std::string message, uint32_t offset) {
  throw SyntaxError{std::move(message), offset};
}

ExprPtr ExprFactory::make(ExprKind kind, uint32_t offset) {
  if (heights_.size() > max_nodes_) {
    throw_syntax_error("expression too large: more than " + std::to_string(max_nodes_) +
                           " nodes after macro expansion (chained optMap/optFlatMap copy their "
                           "receiver); bind the receiver with cel.bind() first",
                       offset);
  }
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->id = static_cast<int64_t>(heights_.size());
  e->offset = offset;
  heights_.push_back(1);
  return e;
}

int ExprFactory::height(const Expr& expr) const {
  auto id = static_cast<size_t>(expr.id);
  return id < heights_.size() ? heights_[id] : 1;
}

void ExprFactory::seal(Expr& e) {
  int h = 0;
  auto visit = [&](const ExprPtr& child) {
    if (child) h = std::max(h, height(*child));
  };
  visit(e.target);
  for (const auto& a : e.args) visit(a);
  for (const auto& entry : e.entries) {
    visit(entry.key);
    visit(entry.value);
  }
  visit(e.iter_range);
  visit(e.accu_init);
  visit(e.loop_condition);
  visit(e.loop_step);
  visit(e.result);
  heights_[static_cast<size_t>(e.id)] = h + 1;
  if (h + 1 > max_height_) {
    throw_syntax_error("expression nested too deeply (the limit is " + std::to_string(max_height_) +
                           " levels); split it with cel.bind() or simplify it",
                       e.offset);
  }
}

ExprPtr ExprFactory::constant(Value value, uint32_t offset) {
  auto e = make(ExprKind::Constant, offset);
  e->constant = std::move(value);
  return e;
}

ExprPtr ExprFactory::ident(std::string name, uint32_t offset) {
  auto e = make(ExprKind::Ident, offset);
  e->name = std::move(name);
  return e;
}

ExprPtr ExprFactory::select(ExprPtr operand, std::string field, uint32_t offset, bool test_only) {
  auto e = make(ExprKind::Select, offset);
  e->target = std::move(operand);
  e->name = std::move(field);
  e->test_only = test_only;
  seal(*e);
  return e;
}

ExprPtr ExprFactory::call(std::string function, std::vector<ExprPtr> args, uint32_t offset) {
  return member_call(std::move(function), nullptr, std::move(args), offset);
}

ExprPtr ExprFactory::member_call(std::string function, ExprPtr target, std::vector<ExprPtr> args,
                                 uint32_t offset) {
  auto e = make(ExprKind::Call, offset);
  e->name = std::move(function);
  e->target = std::move(target);
  e->args = std::move(args);
  seal(*e);
  return e;
}

ExprPtr ExprFactory::list(std::vector<ExprPtr> elements, std::vector<uint32_t> optional_indices,
                          uint32_t offset) {
  auto e = make(ExprKind::List, offset);
  e->args = std::move(elements);
  e->optional_indices = std::move(optional_indices);
  seal(*e);
  return e;
}

ExprPtr ExprFactory::map(std::vector<Entry> entries, uint32_t offset) {
  auto e = make(ExprKind::Map, offset);
  e->entries = std::move(entries);
  seal(*e);
  return e;
}

ExprPtr ExprFactory::structure(std::string type_name, std::vector<Entry> entries, uint32_t offset) {
  auto e = make(ExprKind::Struct, offset);
  e->name = std::move(type_name);
  e->entries = std::move(entries);
  seal(*e);
  return e;
}

ExprPtr ExprFactory::comprehension(ComprehensionParts p, uint32_t offset) {
  auto e = make(ExprKind::Comprehension, offset);
  e->iter_var = std::move(p.iter_var);
  e->iter_var2 = std::move(p.iter_var2);
  e->iter_range = std::move(p.iter_range);
  e->accu_var = std::move(p.accu_var);
  e->accu_init = std::move(p.accu_init);
  e->loop_condition = std::move(p.loop_condition);
  e->loop_step = std::move(p.loop_step);
  e->result = std::move(p.result);
  seal(*e);
  return e;
}

ExprPtr ExprFactory::binary(const char* op, ExprPtr lhs, ExprPtr rhs, uint32_t offset) {
  std::vector<ExprPtr> args;
  args.push_back(std::move(lhs));
  args.push_back(std::move(rhs));
  return call(op, std::move(args), offset);
}

ExprPtr ExprFactory::unary(const char* op, ExprPtr operand, uint32_t offset) {
  std::vector<ExprPtr> args;
  args.push_back(std::move(operand));
  return call(op, std::move(args), offset);
}

ExprPtr ExprFactory::copy(const Expr& src) {
  auto dup = [&](const ExprPtr& child) -> ExprPtr { return child ? copy(*child) : nullptr; };
  auto e = make(src.kind, src.offset);
  e->constant = src.constant;
  e->name = src.name;
  e->test_only = src.test_only;
  e->target = dup(src.target);
  for (const auto& a : src.args) e->args.push_back(dup(a));
  e->optional_indices = src.optional_indices;
  for (const auto& entry : src.entries) {
    Entry out;
    out.key = dup(entry.key);
    out.field = entry.field;
    out.value = dup(entry.value);
    out.optional = entry.optional;
    e->entries.push_back(std::move(out));
  }
  e->iter_var = src.iter_var;
  e->iter_var2 = src.iter_var2;
  e->accu_var = src.accu_var;
  e->iter_range = dup(src.iter_range);
  e->accu_init = dup(src.accu_init);
  e->loop_condition = dup(src.loop_condition);
  e->loop_step = dup(src.loop_step);
  e->result = dup(src.result);
  seal(*e);
  return e;
}

}  // namespace vigil::cel
