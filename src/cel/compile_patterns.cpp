#include "cel/compile_patterns.h"

#include <string_view>

namespace vigil::cel::eval {

namespace {

bool is_ident(const ExprPtr& e, const std::string& name) {
  return e && e->kind == ExprKind::Ident && e->name == name;
}

const Expr* call_of(const ExprPtr& e, std::string_view fn, size_t arity) {
  if (!e || e->kind != ExprKind::Call || e->target || e->name != fn || e->args.size() != arity) return nullptr;
  return e.get();
}

}  // namespace

// exists: accu_init false, loop_condition @not_strictly_false(!@result),
//         loop_step @result || p, result @result.
// all:    accu_init true,  loop_condition @not_strictly_false(@result),
//         loop_step @result && p, result @result.
const Expr* quantifier_predicate(const Expr& e, bool& exists) {
  const std::string& accu = e.accu_var;
  if (accu != kAccumulatorName || !is_ident(e.result, accu) || !e.accu_init ||
      e.accu_init->kind != ExprKind::Constant || e.accu_init->constant.kind() != Kind::Bool) {
    return nullptr;
  }
  exists = !e.accu_init->constant.as_bool();
  const Expr* cond = call_of(e.loop_condition, "@not_strictly_false", 1);
  if (!cond) return nullptr;
  if (exists) {
    const Expr* negated = call_of(cond->args[0], "!_", 1);
    if (!negated || !is_ident(negated->args[0], accu)) return nullptr;
  } else if (!is_ident(cond->args[0], accu)) {
    return nullptr;
  }
  const Expr* step = call_of(e.loop_step, exists ? "_||_" : "_&&_", 2);
  if (!step || !is_ident(step->args[0], accu) || !step->args[1]) return nullptr;
  return step->args[1].get();
}

}  // namespace vigil::cel::eval
