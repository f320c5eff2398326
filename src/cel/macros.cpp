// Macro expansion: has, all, exists, exists_one, map, filter, the
// two-variable comprehensions, cel.bind, optMap and optFlatMap (see macros.h).
#include "cel/macros.h"

#include <algorithm>
#include <utility>

namespace vigil::cel {

namespace {

using Parts = ExprFactory::ComprehensionParts;

// The leftmost source offset in `e` (where the argument starts), for errors.
uint32_t start_offset(const Expr& e) {
  uint32_t lo = e.offset;
  auto visit = [&](const ExprPtr& c) {
    if (c) lo = std::min(lo, start_offset(*c));
  };
  visit(e.target);
  for (const auto& a : e.args) visit(a);
  for (const auto& entry : e.entries) {
    visit(entry.key);
    visit(entry.value);
  }
  visit(e.iter_range);
  return lo;
}

class Expander {
 public:
  Expander(ExprFactory& f, const MacroCall& call) : f_(f), c_(call), at_(call.offset) {}

  ExprPtr has() {
    Expr& arg = *c_.args[0];
    if (arg.kind != ExprKind::Select || arg.test_only) {
      throw_syntax_error(
          "invalid argument to has() macro: expected a field selection such as has(m.f)",
          start_offset(arg));
    }
    return f_.select(std::move(arg.target), std::move(arg.name), arg.offset, true);
  }

  enum class Quantifier { All, Exists, ExistsOne };

  // r.all(x, p) / r.all(i, v, p) and friends.
  ExprPtr quantifier(Quantifier q) {
    Parts p = loop_vars(c_.args.size() == 3);
    ExprPtr pred = std::move(c_.args.back());
    switch (q) {
      case Quantifier::All:
        p.accu_init = f_.boolean(true, at_);
        p.loop_condition = f_.unary(kNotStrictlyFalse, accu(), at_);
        p.loop_step = f_.binary("_&&_", accu(), std::move(pred), at_);
        p.result = accu();
        break;
      case Quantifier::Exists:
        p.accu_init = f_.boolean(false, at_);
        p.loop_condition = f_.unary(kNotStrictlyFalse, f_.unary("!_", accu(), at_), at_);
        p.loop_step = f_.binary("_||_", accu(), std::move(pred), at_);
        p.result = accu();
        break;
      case Quantifier::ExistsOne:
        p.accu_init = f_.integer(0, at_);
        p.loop_condition = f_.boolean(true, at_);
        p.loop_step = conditional(std::move(pred),
                                  f_.binary("_+_", accu(), f_.integer(1, at_), at_), accu());
        p.result = f_.binary("_==_", accu(), f_.integer(1, at_), at_);
        break;
    }
    return f_.comprehension(std::move(p), at_);
  }

  // r.map(x, t), r.map(x, p, t), r.filter(x, p), r.transformList(i, v, [p,] t).
  ExprPtr list_builder(bool two_vars, bool is_filter) {
    Parts p = loop_vars(two_vars);
    size_t first = two_vars ? 2 : 1;
    size_t rest = c_.args.size() - first;  // 1: transform only; 2: predicate and transform
    ExprPtr pred = rest == 2 || is_filter ? std::move(c_.args[first]) : nullptr;
    ExprPtr elem = is_filter ? f_.ident(p.iter_var, c_.args[0]->offset)
                             : std::move(c_.args.back());
    p.accu_init = f_.list({}, {}, at_);
    p.loop_condition = f_.boolean(true, at_);
    p.loop_step = f_.binary("_+_", accu(), single_list(std::move(elem)), at_);
    if (pred) p.loop_step = conditional(std::move(pred), std::move(p.loop_step), accu());
    p.result = accu();
    return f_.comprehension(std::move(p), at_);
  }

  // r.transformMap(k, v, [p,] t) and r.transformMapEntry(k, v, [p,] e).
  ExprPtr map_builder(bool entry_form) {
    Parts p = loop_vars(true);
    ExprPtr pred = c_.args.size() == 4 ? std::move(c_.args[2]) : nullptr;
    std::vector<ExprPtr> insert_args;
    insert_args.push_back(accu());
    if (!entry_form) insert_args.push_back(f_.ident(p.iter_var, c_.args[0]->offset));
    insert_args.push_back(std::move(c_.args.back()));
    p.accu_init = f_.map({}, at_);
    p.loop_condition = f_.boolean(true, at_);
    p.loop_step = f_.call(kMapInsert, std::move(insert_args), at_);
    if (pred) p.loop_step = conditional(std::move(pred), std::move(p.loop_step), accu());
    p.result = accu();
    return f_.comprehension(std::move(p), at_);
  }

  // cel.bind(v, init, body)
  ExprPtr bind() {
    return bind_of(simple_name(0), std::move(c_.args[1]), std::move(c_.args[2]));
  }

  // o.optMap(x, e) / o.optFlatMap(x, e)
  ExprPtr opt_map(bool flat) {
    std::string var = simple_name(0);
    ExprPtr target_copy = f_.copy(*c_.target);
    ExprPtr has_value = f_.member_call("hasValue", std::move(c_.target), {}, at_);
    ExprPtr value = f_.member_call("value", std::move(target_copy), {}, at_);
    ExprPtr bound = bind_of(std::move(var), std::move(value), std::move(c_.args[1]));
    if (!flat) {
      std::vector<ExprPtr> of_args;
      of_args.push_back(std::move(bound));
      bound = f_.call("optional.of", std::move(of_args), at_);
    }
    return conditional(std::move(has_value), std::move(bound), f_.call("optional.none", {}, at_));
  }

 private:
  ExprPtr accu() { return f_.ident(kAccumulatorName, at_); }

  ExprPtr conditional(ExprPtr cond, ExprPtr then_expr, ExprPtr else_expr) {
    std::vector<ExprPtr> args;
    args.push_back(std::move(cond));
    args.push_back(std::move(then_expr));
    args.push_back(std::move(else_expr));
    return f_.call("_?_:_", std::move(args), at_);
  }

  ExprPtr single_list(ExprPtr e) {
    std::vector<ExprPtr> elems;
    elems.push_back(std::move(e));
    return f_.list(std::move(elems), {}, at_);
  }

  std::string simple_name(size_t i) {
    const Expr& arg = *c_.args[i];
    if (arg.kind != ExprKind::Ident || arg.name.empty() || arg.name[0] == '.') {
      throw_syntax_error(c_.function + "(): argument must be a simple name", start_offset(arg));
    }
    return arg.name;
  }

  Parts loop_vars(bool two_vars) {
    Parts p;
    p.iter_var = simple_name(0);
    if (two_vars) {
      p.iter_var2 = simple_name(1);
      if (p.iter_var == p.iter_var2) {
        throw_syntax_error(c_.function + "(): the two iteration variables must have different names",
                           c_.args[1]->offset);
      }
    }
    p.iter_range = std::move(c_.target);
    p.accu_var = kAccumulatorName;
    return p;
  }

  ExprPtr bind_of(std::string var, ExprPtr init, ExprPtr body) {
    Parts p;
    p.iter_var = kUnusedIterVar;
    p.iter_range = f_.list({}, {}, at_);
    p.accu_var = var;
    p.accu_init = std::move(init);
    p.loop_condition = f_.boolean(false, at_);
    p.loop_step = f_.ident(std::move(var), at_);
    p.result = std::move(body);
    return f_.comprehension(std::move(p), at_);
  }

  ExprFactory& f_;
  const MacroCall& c_;
  uint32_t at_;
};

}  // namespace

ExprPtr expand_macro(ExprFactory& factory, const MacroCall& call) {
  const std::string& fn = call.function;
  const size_t n = call.args.size();
  Expander x(factory, call);
  if (!call.target) {
    if (fn == "has" && n == 1) return x.has();
    return nullptr;
  }
  using Q = Expander::Quantifier;
  if (n == 2 || n == 3) {
    bool two = n == 3;
    if (fn == "all") return x.quantifier(Q::All);
    if (fn == "exists") return x.quantifier(Q::Exists);
    if (fn == "exists_one" || fn == "existsOne") return x.quantifier(Q::ExistsOne);
    if (fn == "map") return x.list_builder(false, false);
    if (fn == "filter" && !two) return x.list_builder(false, true);
    if (fn == "transformList" && two) return x.list_builder(true, false);
    if (fn == "transformMap" && two) return x.map_builder(false);
    if (fn == "transformMapEntry" && two) return x.map_builder(true);
    if (fn == "bind" && two && call.target->kind == ExprKind::Ident && call.target->name == "cel") {
      return x.bind();
    }
    if ((fn == "optMap" || fn == "optFlatMap") && !two) return x.opt_map(fn == "optFlatMap");
  }
  if (n == 4) {
    if (fn == "transformList") return x.list_builder(true, false);
    if (fn == "transformMap") return x.map_builder(false);
    if (fn == "transformMapEntry") return x.map_builder(true);
  }
  return nullptr;
}

}  // namespace vigil::cel
