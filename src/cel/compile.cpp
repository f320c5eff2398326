// AST -> evaluation tree: name resolution (CEL "Name Resolution": longest
// qualified prefix first, container prefixes innermost first), function
// resolution, slot assignment for comprehension variables and lets, and
// materialization of constant literals.
#include "cel/compile.h"

#include "cel/compile_patterns.h"

#include <optional>
#include <unordered_set>

namespace vigil::cel::eval {

namespace {

struct CompileError {
  std::string message;
  uint32_t offset;
  std::string code = "cel.invalid-expression";  // Error::code
  std::string subject = {};                     // the undeclared name
};

Error to_error(const CompileError& err, std::string prefix = {}) {
  return Error::at_offset(prefix + err.message, err.offset)
      .with_kind(Error::Kind::InvalidInput)
      .with_code(err.code)
      .with_subject(err.subject);
}

constexpr std::string_view kBuiltinTypes[] = {
    "int",    "uint", "double", "bool",      "string", "bytes",
    "list",   "map",  "null_type", "type",   "google.protobuf.Timestamp",
    "google.protobuf.Duration", "optional_type"};

// Functions that are pure and cheap to call at compile time on constants.
constexpr std::string_view kFoldable[] = {"duration", "timestamp"};

class Compiler {
 public:
  Compiler(const Env& env, CompiledProgram& out) : env_(env), reg_(*env.functions), out_(out) {}

  // Declares let `name` (already compiled into out_.lets[index]).
  void add_let(const std::string& name, size_t index) {
    lets_.push_back({name, index, next_slot_++});
  }
  size_t slot_count() const { return next_slot_; }

  NodePtr compile(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Constant: return make_const(e.constant);
      case ExprKind::Ident: return ident(e);
      case ExprKind::Select: return select(e);
      case ExprKind::Call: return call(e);
      case ExprKind::List: return list(e);
      case ExprKind::Map: return map(e);
      case ExprKind::Struct: return make_struct(e.name);
      case ExprKind::Comprehension: return comprehension(e);
    }
    throw CompileError{"unsupported expression", e.offset};
  }

 private:
  struct Let {
    std::string name;
    size_t index;
    size_t slot;
  };

  const Expr& child(const ExprPtr& p, const Expr& parent) {
    if (!p) throw CompileError{"malformed expression: missing operand", parent.offset};
    return *p;
  }

  std::optional<size_t> local(std::string_view name) const {
    for (size_t i = scopes_.size(); i-- > 0;) {
      if (scopes_[i].first == name) return scopes_[i].second;
    }
    return std::nullopt;
  }

  // Candidate fully qualified names for `name` in the container, most
  // qualified first; a leading '.' means the name is already absolute.
  std::vector<std::string> candidates(std::string_view name) const {
    if (!name.empty() && name[0] == '.') return {std::string(name.substr(1))};
    std::vector<std::string> out;
    std::string prefix = env_.container;
    while (!prefix.empty()) {
      out.push_back(prefix + "." + std::string(name));
      size_t dot = prefix.rfind('.');
      prefix = dot == std::string::npos ? "" : prefix.substr(0, dot);
    }
    out.emplace_back(name);
    return out;
  }

  bool is_type_name(std::string_view name) const {
    for (auto t : kBuiltinTypes) {
      if (t == name) return true;
    }
    return reg_.has_type(name);
  }

  // A let, variable or type with this (possibly qualified) name, or null.
  NodePtr resolve_global(std::string_view name) {
    for (const std::string& cand : candidates(name)) {
      for (size_t i = lets_.size(); i-- > 0;) {
        if (lets_[i].name == cand) {
          return make_let_ref(lets_[i].slot, lets_[i].index, out_.lets[lets_[i].index].get());
        }
      }
      for (size_t i = 0; i < env_.variables.size(); ++i) {
        if (env_.variables[i] == cand) return make_var(i, cand);
      }
      if (is_type_name(cand)) return make_const(Value::type(cand));
    }
    return nullptr;
  }

  // "a.b.c" for a Select chain rooted at an identifier that is not a
  // comprehension variable; nullopt otherwise.
  std::optional<std::string> qualified_name(const Expr& e) const {
    if (e.kind == ExprKind::Ident) {
      if (local(e.name)) return std::nullopt;
      return e.name;
    }
    if (e.kind == ExprKind::Select && !e.test_only && e.target) {
      auto base = qualified_name(*e.target);
      if (!base) return std::nullopt;
      return *base + "." + e.name;
    }
    return std::nullopt;
  }

  // An undeclared identifier or function `name` (code
  // cel.undeclared-reference / cel.undeclared-function, subject `name`).
  NodePtr unresolved(std::string message, uint32_t offset, std::string code, std::string name) {
    if (env_.allow_unresolved) return make_error(std::move(message));
    throw CompileError{std::move(message), offset, std::move(code), std::move(name)};
  }

  NodePtr ident(const Expr& e) {
    if (auto slot = local(e.name)) return make_slot(*slot);
    if (NodePtr n = resolve_global(e.name)) return n;
    return unresolved("undeclared reference to '" + e.name + "'", e.offset,
                      "cel.undeclared-reference", e.name);
  }

  NodePtr select(const Expr& e) {
    const Expr& target = child(e.target, e);
    if (!e.test_only) {
      if (auto q = qualified_name(e)) {
        if (NodePtr n = resolve_global(*q)) return n;
      }
    }
    return make_select(compile(target), e.name, e.test_only);
  }

  NodePtr arg(const Expr& e, size_t i) { return compile(child(e.args[i], e)); }

  NodePtr call(const Expr& e) {
    const std::string& fn = e.name;
    const size_t n = e.args.size();
    if (!e.target) {
      if (NodePtr append = accumulator_append(e)) return append;
      if (NodePtr special = operator_call(e)) return special;
    } else if ((fn == "or" || fn == "orValue") && n == 1) {
      return make_opt_or(compile(*e.target), arg(e, 0), fn == "orValue");
    }
    if (e.target) {
      // `math.greatest(x)` parses as a receiver call on `math`: when the
      // receiver names no variable, try the qualified global function.
      if (auto q = qualified_name(*e.target); q && !resolve_global(*q)) {
        for (const std::string& cand : candidates(*q + "." + fn)) {
          if (const FunctionImpl* impl = reg_.find(cand, CallStyle::Global, n)) {
            return make_call(cand, impl, args_of(e, nullptr));
          }
        }
      }
      if (const FunctionImpl* impl = reg_.find(fn, CallStyle::Receiver, n + 1)) {
        return make_call(fn, impl, args_of(e, e.target.get()));
      }
    } else {
      for (const std::string& cand : candidates(fn)) {
        if (const FunctionImpl* impl = reg_.find(cand, CallStyle::Global, n)) {
          std::vector<NodePtr> args = args_of(e, nullptr);
          const bool constant_args = constants_of(args).has_value();
          NodePtr node = make_call(cand, impl, std::move(args));
          return constant_args ? fold(cand, std::move(node)) : std::move(node);
        }
      }
    }
    std::string message = "undeclared reference to function '" + fn + "'";
    if (reg_.has_name(fn)) {
      message += " with " + std::to_string(n) + " argument(s)" +
                 (e.target ? " in receiver style (target.f(...))" : " in global style (f(...))");
    }
    return unresolved(std::move(message), e.offset, "cel.undeclared-function", fn);
  }

  std::vector<NodePtr> args_of(const Expr& e, const Expr* receiver) {
    std::vector<NodePtr> out;
    if (receiver) out.push_back(compile(*receiver));
    for (size_t i = 0; i < e.args.size(); ++i) out.push_back(arg(e, i));
    return out;
  }

  // `@result + [x]` inside a comprehension step (map/filter expansions).
  NodePtr accumulator_append(const Expr& e) {
    if (e.name != "_+_" || e.args.size() != 2 || !e.args[0] || !e.args[1]) return nullptr;
    const Expr& lhs = *e.args[0];
    const Expr& rhs = *e.args[1];
    if (lhs.kind != ExprKind::Ident || rhs.kind != ExprKind::List || rhs.args.size() != 1 ||
        !rhs.optional_indices.empty() || !rhs.args[0]) {
      return nullptr;
    }
    auto slot = local(lhs.name);
    const FunctionImpl* concat = reg_.find("_+_", CallStyle::Global, 2);
    if (!slot || !concat || !accumulators_.count(*slot)) return nullptr;
    return make_accu_append(*slot, compile(*rhs.args[0]), concat);
  }

  // Calls the evaluator implements itself (lazy or allocation-free).
  NodePtr operator_call(const Expr& e) {
    const std::string& fn = e.name;
    const size_t n = e.args.size();
    if (n == 2) {
      if (fn == "_&&_") return make_and(arg(e, 0), arg(e, 1));
      if (fn == "_||_") return make_or(arg(e, 0), arg(e, 1));
      if (fn == "_==_") return make_compare(CmpOp::Eq, arg(e, 0), arg(e, 1));
      if (fn == "_!=_") return make_compare(CmpOp::Ne, arg(e, 0), arg(e, 1));
      if (fn == "_<_") return make_compare(CmpOp::Lt, arg(e, 0), arg(e, 1));
      if (fn == "_<=_") return make_compare(CmpOp::Le, arg(e, 0), arg(e, 1));
      if (fn == "_>_") return make_compare(CmpOp::Gt, arg(e, 0), arg(e, 1));
      if (fn == "_>=_") return make_compare(CmpOp::Ge, arg(e, 0), arg(e, 1));
      if (fn == "@in") return make_in(arg(e, 0), arg(e, 1));
      if (fn == "_[_]") return make_index(arg(e, 0), arg(e, 1), false);
      if (fn == "_[?_]") return make_index(arg(e, 0), arg(e, 1), true);
      if (fn == "_?._") {
        const Expr& field = child(e.args[1], e);
        if (field.kind != ExprKind::Constant || field.constant.kind() != Kind::String) {
          throw CompileError{"optional field selection expects a field name", field.offset};
        }
        return make_opt_select(arg(e, 0), std::string(field.constant.as_string()));
      }
    }
    if ((n == 2 || n == 3) && fn == "cel.@mapInsert") return make_map_insert(args_of(e, nullptr));
    if (n == 3 && fn == "_?_:_") return make_conditional(arg(e, 0), arg(e, 1), arg(e, 2));
    if (n == 1 && fn == "@not_strictly_false") return make_not_strictly_false(arg(e, 0));
    return nullptr;
  }

  // Evaluates a call of a pure constructor whose arguments are all
  // constants once, at compile time.
  NodePtr fold(const std::string& fn, NodePtr node) {
    bool foldable = false;
    for (auto f : kFoldable) foldable = foldable || f == fn;
    if (!foldable) return node;
    Frame frame;
    CallContext ctx;
    frame.ctx = &ctx;
    // Only constant arguments: the node needs no variables or slots.
    Value v = node->eval(frame);
    if (v.is_error()) return node;
    return make_const(std::move(v));
  }

  // Constant children's values (owned), or nullopt when one is not constant.
  static std::optional<ValueList> constants_of(const std::vector<NodePtr>& nodes) {
    ValueList out;
    out.reserve(nodes.size());
    for (const auto& n : nodes) {
      const Value* c = n->constant();
      if (!c) return std::nullopt;
      out.push_back(*c);
    }
    return out;
  }

  NodePtr list(const Expr& e) {
    std::vector<NodePtr> elements;
    std::vector<bool> optional(e.args.size(), false);
    for (uint32_t i : e.optional_indices) {
      if (i < optional.size()) optional[i] = true;
    }
    for (size_t i = 0; i < e.args.size(); ++i) elements.push_back(arg(e, i));
    if (e.optional_indices.empty()) {
      if (auto values = constants_of(elements)) return make_const(Value::list(std::move(*values)));
    }
    return make_list(std::move(elements), std::move(optional));
  }

  NodePtr map(const Expr& e) {
    std::vector<MapEntryNode> entries;
    bool constant = true;
    for (const Entry& en : e.entries) {
      MapEntryNode m;
      m.key = compile(child(en.key, e));
      m.value = compile(child(en.value, e));
      m.optional = en.optional;
      constant = constant && !m.optional && m.key->constant() && m.value->constant();
      entries.push_back(std::move(m));
    }
    if (constant) {
      std::vector<MapEntry> values;
      for (const auto& m : entries) values.emplace_back(*m.key->constant(), *m.value->constant());
      return make_const(build_map(std::move(values)));
    }
    return make_map(std::move(entries));
  }

  NodePtr comprehension(const Expr& e) {
    bool exists = false;
    if (const Expr* pred = quantifier_predicate(e, exists)) {  // see compile_patterns.h
      NodePtr range = compile(child(e.iter_range, e));
      ComprehensionSlots s{};
      s.accu = next_slot_++;
      s.iter = next_slot_++;
      s.two_vars = !e.iter_var2.empty();
      s.iter2 = s.two_vars ? next_slot_++ : s.iter;
      const size_t depth = scopes_.size();
      scopes_.emplace_back(e.iter_var, s.iter);
      if (s.two_vars) scopes_.emplace_back(e.iter_var2, s.iter2);
      NodePtr p = compile(*pred);
      scopes_.resize(depth);
      return make_quantifier(s, std::move(range), std::move(p), exists);
    }
    NodePtr range = compile(child(e.iter_range, e));
    NodePtr init = compile(child(e.accu_init, e));
    ComprehensionSlots s{};
    s.accu = next_slot_++;
    accumulators_.insert(s.accu);
    s.iter = next_slot_++;
    s.two_vars = !e.iter_var2.empty();
    s.iter2 = s.two_vars ? next_slot_++ : s.iter;
    const size_t depth = scopes_.size();
    scopes_.emplace_back(e.accu_var, s.accu);
    scopes_.emplace_back(e.iter_var, s.iter);
    if (s.two_vars) scopes_.emplace_back(e.iter_var2, s.iter2);
    NodePtr cond = compile(child(e.loop_condition, e));
    NodePtr step = compile(child(e.loop_step, e));
    scopes_.resize(depth);
    scopes_.emplace_back(e.accu_var, s.accu);
    NodePtr result = compile(child(e.result, e));
    scopes_.resize(depth);
    return make_comprehension(s, std::move(range), std::move(init), std::move(cond), std::move(step),
                              std::move(result));
  }

  const Env& env_;
  const FunctionRegistry& reg_;
  CompiledProgram& out_;
  std::vector<std::pair<std::string, size_t>> scopes_;
  std::vector<Let> lets_;
  std::unordered_set<size_t> accumulators_;  // slots of comprehension accumulators
  size_t next_slot_ = 0;
};

}  // namespace

Result<CompiledProgram> compile_program(const Expr& root, const Env& env, const std::vector<NamedExpr>& lets) {
  CompiledProgram out;
  if (!env.functions) return Error::at_offset("no function registry in the CEL environment", 0);
  Compiler compiler(env, out);
  std::unordered_set<std::string> seen;
  for (size_t i = 0; i < lets.size(); ++i) {
    const NamedExpr& let = lets[i];
    if (!seen.insert(let.name).second) {
      return Error::at_offset("let '" + let.name + "' is defined twice", 0);
    }
    if (!let.expr.root) return Error::at_offset("let '" + let.name + "' has no expression", 0);
    try {
      out.lets.push_back(compiler.compile(*let.expr.root));
    } catch (const CompileError& err) {
      return to_error(err, "in let '" + let.name + "': ");
    }
    compiler.add_let(let.name, i);
  }
  try {
    out.root = compiler.compile(root);
  } catch (const CompileError& err) {
    return to_error(err);
  }
  out.slot_count = compiler.slot_count();
  return out;
}

}  // namespace vigil::cel::eval
