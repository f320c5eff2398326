// See cost.h.
#include "cel/cost.h"

#include <algorithm>
#include <map>
#include <string>

namespace vigil::cel {
namespace {

constexpr double kMaxRange = 1'000'000;  // lists.range's own bound (ext/lists.cpp)
constexpr double kValueBytes = sizeof(Value);

struct Cost {
  double steps = 0;
  double bytes = 0;
  double size = 0;  // elements, when the value is a list or map

  void add(const Cost& other) {
    steps += other.steps;
    bytes += other.bytes;
  }
};

class Estimator {
 public:
  explicit Estimator(const CostAssumptions& a) : a_(a) {}

  void bind(const std::string& name, double size) { sizes_[name] = size; }

  Cost walk(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Constant:
        return {};
      case ExprKind::Ident: {
        auto it = sizes_.find(e.name);
        return Cost{0, 0, it == sizes_.end() ? a_.input_size : it->second};
      }
      case ExprKind::Select: {
        Cost c = e.target ? walk(*e.target) : Cost{};
        c.size = a_.input_size;
        return c;
      }
      case ExprKind::Call:
        return call(e);
      case ExprKind::List: {
        Cost c;
        for (const ExprPtr& arg : e.args) c.add(walk(*arg));
        c.size = static_cast<double>(e.args.size());
        c.bytes += c.size * kValueBytes;
        return c;
      }
      case ExprKind::Map:
      case ExprKind::Struct: {
        Cost c;
        for (const Entry& entry : e.entries) {
          if (entry.key) c.add(walk(*entry.key));
          if (entry.value) c.add(walk(*entry.value));
        }
        c.size = static_cast<double>(e.entries.size());
        c.bytes += 2 * c.size * kValueBytes;
        return c;
      }
      case ExprKind::Comprehension:
        return comprehension(e);
    }
    return {};
  }

  int64_t hottest_offset() const { return hottest_offset_; }
  void reset_hottest() {
    hottest_steps_ = 0;
    hottest_offset_ = -1;
  }

 private:
  Cost call(const Expr& e) {
    Cost c;
    c.steps = 1;
    std::vector<Cost> args;
    if (e.target) c.add(walk(*e.target));
    for (const ExprPtr& arg : e.args) {
      args.push_back(walk(*arg));
      c.add(args.back());
    }
    c.size = a_.input_size;  // a function's list result: as large as an input
    bool range_call =
        e.name == "lists.range" || (e.name == "range" && e.target &&
                                    e.target->kind == ExprKind::Ident && e.target->name == "lists");
    if (range_call && e.args.size() == 1) {
      const Expr& n = *e.args[0];
      c.size = n.kind == ExprKind::Constant && n.constant.kind() == Kind::Int
                   ? std::clamp(static_cast<double>(n.constant.as_int()), 0.0, kMaxRange)
                   : kMaxRange;
      c.steps += c.size;
      c.bytes += c.size * kValueBytes;
    } else if (e.name == "_+_" && args.size() == 2) {
      c.size = args[0].size + args[1].size;
      // Appending to a comprehension's accumulator builds only the new part.
      bool appends = e.args[0]->kind == ExprKind::Ident && e.args[0]->name == kAccumulatorName;
      c.bytes += (appends ? args[1].size : c.size) * kValueBytes;
    }
    return c;
  }

  Cost comprehension(const Expr& e) {
    Cost range = e.iter_range ? walk(*e.iter_range) : Cost{};
    Cost init = e.accu_init ? walk(*e.accu_init) : Cost{};
    auto saved = sizes_;
    sizes_[e.iter_var] = a_.input_size;
    if (!e.iter_var2.empty()) sizes_[e.iter_var2] = a_.input_size;
    sizes_[e.accu_var] = std::max(init.size, range.size);
    Cost per;
    if (e.loop_condition) per.add(walk(*e.loop_condition));
    if (e.loop_step) per.add(walk(*e.loop_step));
    Cost result = e.result ? walk(*e.result) : Cost{};
    sizes_ = std::move(saved);
    Cost c;
    c.add(range);
    c.add(init);
    c.steps += range.size * (1 + per.steps);
    c.bytes += range.size * per.bytes;
    c.add(result);
    c.size = result.size;
    if (c.steps >= hottest_steps_) {  // an enclosing comprehension costs at least its inner ones
      hottest_steps_ = c.steps;
      hottest_offset_ = e.offset;
    }
    return c;
  }

  const CostAssumptions& a_;
  std::map<std::string, double> sizes_;
  double hottest_steps_ = 0;
  int64_t hottest_offset_ = -1;
};

}  // namespace

CostEstimate estimate_cost(const Expr& expr, std::span<const NamedExpr> lets,
                           const CostAssumptions& assumptions) {
  Estimator estimator(assumptions);
  CostEstimate out;
  for (const NamedExpr& let : lets) {
    if (!let.expr.root) continue;
    Cost c = estimator.walk(*let.expr.root);
    out.steps += c.steps;
    out.bytes += c.bytes;
    estimator.bind(let.name, c.size);
  }
  estimator.reset_hottest();  // offsets of lets are in their own text
  Cost c = estimator.walk(expr);
  out.steps += c.steps;
  out.bytes += c.bytes;
  out.hottest_offset = estimator.hottest_offset();
  return out;
}

}  // namespace vigil::cel
