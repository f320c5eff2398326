#include "policy/policy_compiler.h"

#include <fmt/format.h>

#include <set>

#include "cel/cost.h"
#include "core/suggest.h"
#include "policy/template_split.h"
#include "policy/vigil_functions.h"
#include "policy/yaml_values.h"

namespace vigil::policy_detail {

namespace {

// One reference to `params.<name>` in an AST.
struct ParamRef {
  std::string name;
  size_t offset;  // of the name in the source
};

// Offset of `field` after `params` at `ident_offset` (`params . field`), or
// `fallback` when the source does not read that way.
size_t field_offset(std::string_view src, size_t ident_offset, std::string_view field,
                    size_t fallback) {
  size_t i = ident_offset + 6;  // strlen("params")
  auto skip = [&] {
    while (i < src.size() && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r'))
      ++i;
  };
  skip();
  if (i < src.size() && src[i] == '.') ++i;
  if (i < src.size() && src[i] == '?') ++i;  // optional select
  skip();
  if (src.substr(i, field.size()) == field) return i;
  return fallback;
}

void collect_param_refs(const cel::Expr* e, std::string_view src, std::vector<ParamRef>& out) {
  if (!e) return;
  using cel::ExprKind;
  auto is_params = [](const cel::Expr* x) {
    return x && x->kind == ExprKind::Ident && x->name == "params";
  };
  switch (e->kind) {
    case ExprKind::Select:
      if (is_params(e->target.get())) {
        out.push_back({e->name, field_offset(src, e->target->offset, e->name, e->offset)});
        return;
      }
      collect_param_refs(e->target.get(), src, out);
      return;
    case ExprKind::Call:
      if ((e->name == "_[_]" || e->name == "_?._" || e->name == "_[?_]") && e->args.size() == 2 &&
          is_params(e->args[0].get()) && e->args[1]->kind == ExprKind::Constant &&
          e->args[1]->constant.kind() == cel::Kind::String) {
        std::string name(e->args[1]->constant.as_string());
        size_t off = e->name == "_?._" ? field_offset(src, e->args[0]->offset, name, e->offset)
                                       : e->args[1]->offset;
        out.push_back({std::move(name), off});
        return;
      }
      collect_param_refs(e->target.get(), src, out);
      for (const auto& a : e->args) collect_param_refs(a.get(), src, out);
      return;
    case ExprKind::List:
      for (const auto& a : e->args) collect_param_refs(a.get(), src, out);
      return;
    case ExprKind::Map:
    case ExprKind::Struct:
      for (const auto& en : e->entries) {
        collect_param_refs(en.key.get(), src, out);
        collect_param_refs(en.value.get(), src, out);
      }
      return;
    case ExprKind::Comprehension: {
      collect_param_refs(e->iter_range.get(), src, out);
      collect_param_refs(e->accu_init.get(), src, out);
      bool shadowed =
          e->iter_var == "params" || e->iter_var2 == "params" || e->accu_var == "params";
      if (!shadowed) {
        collect_param_refs(e->loop_condition.get(), src, out);
        collect_param_refs(e->loop_step.get(), src, out);
        collect_param_refs(e->result.get(), src, out);
      }
      return;
    }
    default:
      return;
  }
}

// "syntax error: expected ..." -> "expected ..." (our message says it already).
std::string strip_prefix(const std::string& message) {
  constexpr std::string_view kPrefix = "syntax error: ";
  if (message.rfind(kPrefix, 0) == 0) return message.substr(kPrefix.size());
  return message;
}

// The diagnostic code of a CEL compile error (its Error::code when it has one).
std::string cel_code(const Error& error) {
  return error.code.empty() ? "cel.invalid-expression" : error.code;
}

class Compiler {
 public:
  Compiler(const Policy& policy, std::vector<Diagnostic>& diags) : policy_(policy), diags_(diags) {
    for (const auto& p : policy.params) param_names_.push_back(p.name);
  }

  size_t errors() const { return errors_; }

  void error(SourcePos pos, std::string message, std::string hint,
             std::string code = "value.invalid") {
    add(Diagnostic::Level::Error, std::move(pos), std::move(message), std::move(hint),
        std::move(code));
    ++errors_;
  }

  void warning(SourcePos pos, std::string message, std::string hint) {
    add(Diagnostic::Level::Warning, std::move(pos), std::move(message), std::move(hint), "advice");
  }

  void add(Diagnostic::Level level, SourcePos pos, std::string message, std::string hint,
           std::string code) {
    Diagnostic d;
    d.level = level;
    d.code = std::move(code);
    d.pos = std::move(pos);
    d.message = std::move(message);
    d.hint = std::move(hint);
    diags_.push_back(std::move(d));
  }

  // Warns when the condition's static cost estimate (cel/cost.h) passes the
  // evaluation budget: its findings would end unknown on large inputs.
  void check_cost(const cel::ParsedExpr& condition, const SourceText& text,
                  const std::vector<cel::NamedExpr>& lets, const Limits& limits) {
    // Every list read from the asset counts as one element: what is left is
    // the cost the condition creates by itself (the ranges and lists it
    // builds), which no input bounds. Data-driven cost is the runtime
    // budget's to stop.
    cel::CostAssumptions sizes;
    sizes.input_size = 1;
    cel::CostEstimate cost = cel::estimate_cost(*condition.root, lets, sizes);
    bool steps = cost.steps > static_cast<double>(limits.evaluation_steps);
    bool bytes = cost.bytes > static_cast<double>(limits.evaluation_bytes);
    if (!steps && !bytes) return;
    std::string what = steps ? fmt::format("{:.1e} evaluation steps (the budget is {})", cost.steps,
                                           limits.evaluation_steps)
                             : fmt::format("{:.0f} MiB of values (the budget is {} MiB)",
                                           cost.bytes / (1 << 20), limits.evaluation_bytes >> 20);
    warning(
        text.position_of(cost.hottest_offset < 0 ? 0 : size_t(cost.hottest_offset)),
        fmt::format("the condition may need up to {} by itself, whatever the asset holds "
                    "(the ranges and lists it builds); past the budget its findings are unknown",
                    what),
        "iterate over the asset's own data rather than large ranges, and avoid nesting "
        "comprehensions; if the cost is intended, raise evaluation_steps or evaluation_bytes "
        "(`limits:` in vigil.yaml, --limit; docs/limits.md)");
  }

  // Reports params.<x> for undeclared x. Returns false when any.
  bool check_params(const cel::Expr& root, const SourceText& text, std::string_view src,
                    size_t base) {
    std::vector<ParamRef> refs;
    collect_param_refs(&root, src, refs);
    bool ok = true;
    for (const auto& r : refs) {
      if (std::find(param_names_.begin(), param_names_.end(), r.name) != param_names_.end())
        continue;
      std::string guess = closest(r.name, param_names_);
      error(text.position_of(base + r.offset),
            fmt::format("undefined parameter 'params.{}'", r.name),
            guess.empty() ? fmt::format("declare it under params: (e.g. `{}: {{type: string, "
                                        "default: ...}}`)",
                                        r.name)
                          : fmt::format("did you mean 'params.{}'?", guess));
      ok = false;
    }
    return ok;
  }

  std::optional<cel::ParsedExpr> parse(const SourceText& text, std::string_view what) {
    auto parsed = cel::parse(text.text);
    if (!parsed.ok()) {
      error(text.position_of(parsed.error().offset),
            fmt::format("CEL syntax error in {}: {}", what, strip_prefix(parsed.error().message)),
            "fix the expression; see docs/policy-language.md for the CEL syntax", "cel.syntax");
      return std::nullopt;
    }
    return std::move(parsed.value());
  }

  // Hint for a compile error such as "undeclared reference to 'resorce'".
  // From the compile error's code and subject (the undeclared name).
  std::string compile_hint(const Error& error, const std::vector<std::string>& names) {
    const bool function = error.code == "cel.undeclared-function";
    if (!function && error.code != "cel.undeclared-reference")
      return "check the expression against docs/policy-language.md";
    const std::string& name = error.subject;
    if (function) {
      static const std::vector<std::string> kFunctions = {
          "size",       "matches",      "startsWith",   "endsWith",    "contains",
          "exists",     "all",          "map",          "filter",      "exists_one",
          "timestamp",  "duration",     "int",          "uint",        "double",
          "string",     "bytes",        "bool",         "type",        "dyn",
          "lowerAscii", "upperAscii",   "split",        "join",        "trim",
          "replace",    "substring",    "indexOf",      "lastIndexOf", "charAt",
          "format",     "ip",           "cidr",         "isIP",        "isCIDR",
          "containsIP", "containsCIDR", "prefixLength", "orValue",     "hasValue",
          "value",      "getFullYear",  "getMonth",     "getDate",     "getDayOfMonth",
          "getHours",   "getMinutes",   "getSeconds",   "related",     "assets",
          "account",    "asset"};
      std::string guess = closest(name, kFunctions);
      if (!guess.empty() && guess != name) return fmt::format("did you mean '{}'?", guess);
      return "check the function's name, argument count and call style (f(x) or x.f()) in "
             "docs/policy-language.md";
    }
    if (std::find(param_names_.begin(), param_names_.end(), name) != param_names_.end()) {
      return fmt::format("'{}' is a parameter: write 'params.{}'", name, name);
    }
    std::string guess = closest(name, names);
    if (!guess.empty()) return fmt::format("did you mean '{}'?", guess);
    return fmt::format("available variables: {}; declare reusable expressions under let:",
                       join(names));
  }

  const Policy& policy_;
  std::vector<Diagnostic>& diags_;
  std::vector<std::string> param_names_;
  size_t errors_ = 0;
};

// Deployment overrides, validated against the declared types: the values
// that replace the defaults. `override_places`: where each was written.
std::map<std::string, cel::Value> effective_overrides(
    Compiler& c, const Policy& policy, const std::map<std::string, cel::Value>& overrides,
    const std::map<std::string, SourcePos>* override_places) {
  auto written_at = [&](const std::string& name, const SourcePos& otherwise) {
    if (override_places)
      if (auto it = override_places->find(name); it != override_places->end()) return it->second;
    return otherwise;
  };
  std::map<std::string, cel::Value> effective;
  for (const auto& entry : overrides) {
    const std::string& name = entry.first;
    const cel::Value& value = entry.second;
    auto it = std::find_if(policy.params.begin(), policy.params.end(),
                           [&name](const Param& p) { return p.name == name; });
    if (it == policy.params.end()) {
      std::string guess = closest(name, c.param_names_);
      c.error(written_at(name, policy.pos),
              fmt::format("parameter override '{}' for policy '{}': no such parameter", name,
                          policy.id),
              guess.empty() ? fmt::format("declared parameters: {}",
                                          c.param_names_.empty() ? "(none)" : join(c.param_names_))
                            : fmt::format("did you mean '{}'?", guess));
      continue;
    }
    auto v = coerce(value, it->type);
    if (!v.ok()) {
      c.error(written_at(name, it->pos),
              fmt::format("parameter override '{}' for policy '{}': {}", name, policy.id,
                          v.error().message),
              fmt::format("give a value of type {}", to_string(it->type)));
      continue;
    }
    effective[name] = std::move(v.value());
  }
  return effective;
}

struct CompiledLets {
  std::vector<cel::NamedExpr> lets;
  bool ok = true;  // every let compiled: what uses them can be compiled
};

// Lets, in order; each compiled on its own so an error names its let. Each
// let's name is added to `names` (the variables a hint may suggest).
CompiledLets compile_lets(Compiler& c, const Policy& policy, const cel::Env& env,
                          std::vector<std::string>& names) {
  CompiledLets out;
  for (const auto& [name, text] : policy.lets) {
    auto parsed = c.parse(text, fmt::format("let '{}'", name));
    if (!parsed) {
      out.ok = false;
      names.push_back(name);
      continue;
    }
    bool params_ok = c.check_params(*parsed->root, text, text.text, 0);
    // After a failed let, later ones would only repeat its error.
    if (params_ok && out.ok) {
      auto program = cel::Program::compile(*parsed, env, out.lets);
      if (!program.ok()) {
        c.error(text.position_of(program.error().offset),
                fmt::format("in let '{}': {}", name, program.error().message),
                c.compile_hint(program.error(), names), cel_code(program.error()));
        out.ok = false;
      }
    } else {
      out.ok = false;
    }
    names.push_back(name);
    out.lets.push_back(cel::NamedExpr{name, std::move(*parsed)});
  }
  return out;
}

std::optional<cel::Program> compile_condition(Compiler& c, const Policy& policy,
                                              const cel::Env& env, const CompiledLets& lets,
                                              const std::vector<std::string>& names,
                                              const Limits& limits) {
  std::optional<cel::Program> condition;
  auto parsed = c.parse(policy.condition, "condition");
  if (!parsed) return condition;
  if (c.check_params(*parsed->root, policy.condition, policy.condition.text, 0) && lets.ok) {
    auto program = cel::Program::compile(*parsed, env, lets.lets);
    if (!program.ok()) {
      c.error(policy.condition.position_of(program.error().offset), program.error().message,
              c.compile_hint(program.error(), names), cel_code(program.error()));
    } else {
      condition.emplace(std::move(program.value()));
      c.check_cost(*parsed, policy.condition, lets.lets, limits);
    }
  }
  return condition;
}

// Parses each {{ expr }} of the message template on its own, for errors at
// their place; true when all parse and name only declared parameters.
bool check_message_pieces(Compiler& c, const SourceText& text) {
  auto pieces = split_template(text.text);
  if (!pieces.ok()) {
    c.error(text.position_of(pieces.error().offset), pieces.error().message,
            "write expressions as {{ expr }}");
    return false;
  }
  bool ok = true;
  for (const auto& piece : pieces.value()) {
    if (!piece.is_expr) continue;
    auto parsed = cel::parse(piece.text);
    if (!parsed.ok()) {
      c.error(text.position_of(piece.offset + parsed.error().offset),
              fmt::format("CEL syntax error in message: {}", strip_prefix(parsed.error().message)),
              "fix the expression inside {{ }}", "cel.syntax");
      ok = false;
      continue;
    }
    if (!c.check_params(*parsed->root, text, piece.text, piece.offset)) ok = false;
  }
  return ok;
}

MessageTemplate compile_message(Compiler& c, const SourceText& text, const cel::Env& env,
                                const CompiledLets& lets, const std::vector<std::string>& names) {
  MessageTemplate message;
  if (!check_message_pieces(c, text) || !lets.ok) return message;
  auto compiled = MessageTemplate::compile(text, env, lets.lets);
  if (!compiled.ok()) {
    c.error(text.position_of(compiled.error().offset),
            fmt::format("in message: {}", compiled.error().message),
            c.compile_hint(compiled.error(), names), cel_code(compiled.error()));
  } else {
    message = std::move(compiled.value());
  }
  return message;
}

}  // namespace

const cel::Env& policy_env() {
  static const cel::Env env = [] {
    cel::Env e;
    e.variables = kPolicyVariables;
    e.functions = &policy_functions();
    return e;
  }();
  return env;
}

cel::Value make_params_value(const std::vector<Param>& params,
                             const std::map<std::string, cel::Value>& overrides) {
  std::vector<cel::MapEntry> entries;
  entries.reserve(params.size());
  for (const auto& p : params) {
    auto it = overrides.find(p.name);
    entries.emplace_back(cel::Value::string(p.name),
                         it == overrides.end() ? p.default_value : it->second);
  }
  return cel::Value::map(std::move(entries));
}

std::unique_ptr<CompiledPolicy> compile_policy(
    Policy policy, const std::map<std::string, cel::Value>* overrides,
    std::vector<Diagnostic>& diagnostics, const std::map<std::string, SourcePos>* override_places,
    const Limits& limits) {
  Compiler c(policy, diagnostics);
  const cel::Env& env = policy_env();
  std::vector<std::string> names = kPolicyVariables;
  std::map<std::string, cel::Value> effective;
  if (overrides) effective = effective_overrides(c, policy, *overrides, override_places);
  CompiledLets lets = compile_lets(c, policy, env, names);
  std::optional<cel::Program> condition = compile_condition(c, policy, env, lets, names, limits);
  MessageTemplate message;
  if (policy.message) message = compile_message(c, *policy.message, env, lets, names);

  if (c.errors() > 0 || !condition) return nullptr;
  cel::Value params = make_params_value(policy.params, effective);
  return std::unique_ptr<CompiledPolicy>(
      new CompiledPolicy{std::move(policy),
                         std::move(*condition),
                         std::move(message),
                         std::move(params),
                         {limits.evaluation_steps, limits.evaluation_bytes}});
}

}  // namespace vigil::policy_detail
