// Logical operators with CEL's commutative error absorption, `?:`,
// comparisons, optional `or`/`orValue`, and strict function calls.
#include <algorithm>

#include "cel/eval_nodes.h"

namespace vigil::cel::eval {

namespace {

Value no_matching_overload(std::string_view op, const Value& a, const Value& b) {
  return Value::error("no matching overload for " + std::string(op) + " applied to (" +
                      std::string(kind_name(a.kind())) + ", " + std::string(kind_name(b.kind())) +
                      ")");
}

// `&&` (absorbing = false) and `||` (absorbing = true): the absorbing value
// on either side wins, even over an error on the other side.
class LogicNode final : public Node {
 public:
  LogicNode(NodePtr a, NodePtr b, bool absorbing)
      : a_(std::move(a)), b_(std::move(b)), absorbing_(absorbing) {}
  Value eval(Frame& f) const override {
    Value a = a_->eval(f);
    if (a.kind() == Kind::Bool && a.as_bool() == absorbing_) return a;
    Value b = b_->eval(f);
    if (b.kind() == Kind::Bool) {
      if (b.as_bool() == absorbing_) return b;
      if (a.kind() == Kind::Bool) return b;  // both identity values
    }
    if (a.is_error()) return a;
    if (b.is_error()) return b;
    return no_matching_overload(absorbing_ ? "_||_" : "_&&_", a, b);
  }

 private:
  NodePtr a_, b_;
  bool absorbing_;
};

class ConditionalNode final : public Node {
 public:
  ConditionalNode(NodePtr c, NodePtr t, NodePtr e)
      : c_(std::move(c)), t_(std::move(t)), e_(std::move(e)) {}
  Value eval(Frame& f) const override {
    Value tmp;
    const Value& c = eval_ref(*c_, f, tmp);
    if (c.kind() == Kind::Bool) return c.as_bool() ? t_->eval(f) : e_->eval(f);
    if (c.is_error()) return c;
    return Value::error("no matching overload for _?_:_ applied to condition of type '" +
                        std::string(kind_name(c.kind())) + "'");
  }

 private:
  NodePtr c_, t_, e_;
};

class NotStrictlyFalseNode final : public Node {
 public:
  explicit NotStrictlyFalseNode(NodePtr a) : a_(std::move(a)) {}
  Value eval(Frame& f) const override {
    Value tmp;
    const Value& v = eval_ref(*a_, f, tmp);
    if (v.kind() == Kind::Bool) return v;
    return Value::boolean(true);
  }

 private:
  NodePtr a_;
};

const char* op_text(CmpOp op) {
  switch (op) {
    case CmpOp::Eq:
      return "_==_";
    case CmpOp::Ne:
      return "_!=_";
    case CmpOp::Lt:
      return "_<_";
    case CmpOp::Le:
      return "_<=_";
    case CmpOp::Gt:
      return "_>_";
    case CmpOp::Ge:
      return "_>=_";
  }
  return "?";
}

class CompareNode final : public Node {
 public:
  CompareNode(CmpOp op, NodePtr a, NodePtr b) : op_(op), a_(std::move(a)), b_(std::move(b)) {}
  Value eval(Frame& f) const override {
    Value t1, t2;
    const Value& a = eval_ref(*a_, f, t1);
    if (a.is_error()) return a;
    const Value& b = eval_ref(*b_, f, t2);
    if (b.is_error()) return b;
    // Comparing lists and maps walks them.
    if (!charge(f, 1 + std::min(walk_steps(a), walk_steps(b)), 0)) return budget_error(f);
    std::optional<bool> r;
    switch (op_) {
      case CmpOp::Eq:
        return Value::boolean(a.equals(b));
      case CmpOp::Ne:
        return Value::boolean(!a.equals(b));
      case CmpOp::Lt:
        r = less_than(a, b);
        break;
      case CmpOp::Le:
        r = less_equal(a, b);
        break;
      case CmpOp::Gt:
        r = less_than(b, a);
        break;
      case CmpOp::Ge:
        r = less_equal(b, a);
        break;
    }
    if (!r) return no_matching_overload(op_text(op_), a, b);
    return Value::boolean(*r);
  }

 private:
  CmpOp op_;
  NodePtr a_, b_;
};

// Strict call: arguments are evaluated left to right; the first error is
// the result and the implementation is not called. N > 0 is the arity;
// N == 0 means "any" (arguments in a vector).
template <size_t N>
class CallNode final : public Node {
 public:
  CallNode(std::string name, const FunctionImpl* fn, std::vector<NodePtr> args)
      : name_(std::move(name)), fn_(fn), args_(std::move(args)) {}
  Value eval(Frame& f) const override {
    if constexpr (N > 0) {
      Value buf[N];
      uint64_t steps = 1;
      for (size_t i = 0; i < N; ++i) {
        buf[i] = args_[i]->eval(f);
        if (buf[i].is_error()) return buf[i];
        steps += walk_steps(buf[i]);
      }
      if (!charge(f, steps, 0)) return budget_error(f);
      return charged((*fn_)(std::span<const Value>(buf, N), *f.ctx), f);
    } else {
      std::vector<Value> args(args_.size());
      uint64_t steps = 1;
      for (size_t i = 0; i < args_.size(); ++i) {
        args[i] = args_[i]->eval(f);
        if (args[i].is_error()) return args[i];
        steps += walk_steps(args[i]);
      }
      if (!charge(f, steps, 0)) return budget_error(f);
      return charged((*fn_)(std::span<const Value>(args), *f.ctx), f);
    }
  }

  // The bytes of what the call built (its steps were charged before it ran).
  static Value charged(Value result, const Frame& f) {
    if (!charge(f, 0, built_bytes(result))) return budget_error(f);
    return result;
  }

 private:
  std::string name_;
  const FunctionImpl* fn_;
  std::vector<NodePtr> args_;
};

// `!_`: booleans inline; anything else goes to the registry's `!_`.
class NotNode final : public Node {
 public:
  NotNode(NodePtr a, const FunctionImpl* fallback) : a_(std::move(a)), fallback_(fallback) {}
  Value eval(Frame& f) const override {
    Value tmp;
    const Value& v = eval_ref(*a_, f, tmp);
    if (v.kind() == Kind::Bool) return Value::boolean(!v.as_bool());
    if (v.is_error()) return v;
    return (*fallback_)(std::span<const Value>(&v, 1), *f.ctx);
  }

 private:
  NodePtr a_;
  const FunctionImpl* fallback_;
};

// opt.or(alt) -> opt when it has a value, else alt (evaluated lazily);
// opt.orValue(v) -> the contained value, else v.
class OptOrNode final : public Node {
 public:
  OptOrNode(NodePtr opt, NodePtr alt, bool or_value)
      : opt_(std::move(opt)), alt_(std::move(alt)), or_value_(or_value) {}
  Value eval(Frame& f) const override {
    Value o = opt_->eval(f);
    if (o.is_error()) return o;
    if (o.kind() != Kind::Optional) {
      return Value::error(std::string("no matching overload for ") +
                          (or_value_ ? "orValue" : "or") + " applied to type '" +
                          std::string(kind_name(o.kind())) + "'");
    }
    if (o.optional_has_value()) return or_value_ ? o.optional_value() : o;
    Value alt = alt_->eval(f);
    if (!or_value_ && !alt.is_error() && alt.kind() != Kind::Optional) {
      return Value::error("no matching overload for or: argument of type '" +
                          std::string(kind_name(alt.kind())) + "' is not optional");
    }
    return alt;
  }

 private:
  NodePtr opt_, alt_;
  bool or_value_;
};

}  // namespace

NodePtr make_and(NodePtr a, NodePtr b) {
  return std::make_unique<LogicNode>(std::move(a), std::move(b), false);
}
NodePtr make_or(NodePtr a, NodePtr b) {
  return std::make_unique<LogicNode>(std::move(a), std::move(b), true);
}
NodePtr make_conditional(NodePtr c, NodePtr t, NodePtr e) {
  return std::make_unique<ConditionalNode>(std::move(c), std::move(t), std::move(e));
}
NodePtr make_not_strictly_false(NodePtr a) {
  return std::make_unique<NotStrictlyFalseNode>(std::move(a));
}
NodePtr make_compare(CmpOp op, NodePtr a, NodePtr b) {
  return std::make_unique<CompareNode>(op, std::move(a), std::move(b));
}
NodePtr make_call(std::string name, const FunctionImpl* fn, std::vector<NodePtr> args) {
  if (name == "!_" && args.size() == 1) return std::make_unique<NotNode>(std::move(args[0]), fn);
  switch (args.size()) {
    case 1:
      return std::make_unique<CallNode<1>>(std::move(name), fn, std::move(args));
    case 2:
      return std::make_unique<CallNode<2>>(std::move(name), fn, std::move(args));
    case 3:
      return std::make_unique<CallNode<3>>(std::move(name), fn, std::move(args));
    default:
      return std::make_unique<CallNode<0>>(std::move(name), fn, std::move(args));
  }
}
NodePtr make_opt_or(NodePtr opt, NodePtr alt, bool or_value) {
  return std::make_unique<OptOrNode>(std::move(opt), std::move(alt), or_value);
}

}  // namespace vigil::cel::eval
