// See field_check.h.
#include "policy/field_check.h"

#include <fmt/format.h>

#include <set>
#include <tuple>

#include "cel/parser.h"
#include "core/suggest.h"
#include "policy/template_split.h"

namespace vigil {

namespace {

using cel::Expr;
using cel::ExprKind;
using Kind = FieldShape::Kind;

// What an expression is known to be: a shape (null: not known) and how it
// was reached, for messages ("resource.config.CredentialReport").
struct Typed {
  const FieldShape* shape = nullptr;
  std::string path;
  std::string type;  // the asset type the path starts at
};

bool is_string_constant(const Expr* e) {
  return e && e->kind == ExprKind::Constant && e->constant.kind() == cel::Kind::String;
}

// `[]`, `{}`, `null`, or `unknown(...)` (no value: the finding is unknown).
bool is_empty_literal(const Expr& e) {
  return (e.kind == ExprKind::Call && e.name == "unknown" && !e.target) ||
         (e.kind == ExprKind::List && e.args.empty()) ||
         (e.kind == ExprKind::Map && e.entries.empty()) ||
         (e.kind == ExprKind::Constant && e.constant.kind() == cel::Kind::Null);
}

class Walker {
 public:
  Walker(const Policy& policy, const ShapeSource& shapes, std::vector<Diagnostic>& out)
      : policy_(policy), shapes_(shapes), out_(out) {}

  // Walks one CEL text (a let, the condition, a message piece at `base`).
  Typed walk_text(const SourceText& text, std::string_view src, size_t base) {
    auto parsed = cel::parse(src);
    if (!parsed.ok()) return {};  // the loader reports syntax errors
    text_ = &text;
    base_ = base;
    return walk(*parsed->root);
  }

  void bind(std::string name, Typed t) { scope_.emplace_back(std::move(name), std::move(t)); }

 private:
  Typed lookup(const std::string& name) const {
    for (auto it = scope_.rbegin(); it != scope_.rend(); ++it)
      if (it->first == name) return it->second;
    return {};
  }

  void warn(uint32_t offset, std::string message, std::string hint) {
    SourcePos pos = text_->position_of(base_ + offset);
    if (!seen_.emplace(pos.line, pos.column, message).second) return;
    Diagnostic d;
    d.level = Diagnostic::Level::Warning;
    d.code = "field.unknown";
    d.pos = std::move(pos);
    d.message = std::move(message);
    d.hint = std::move(hint);
    out_.push_back(std::move(d));
  }

  // `t`.`name`: the member's shape, or a warning when `t` cannot have it.
  Typed step(const Typed& t, const std::string& name, uint32_t offset) {
    if (!t.shape) return {};
    std::string path = t.path + "." + name;
    switch (t.shape->kind) {
      case Kind::Any:
        return {t.shape, path, t.type};
      case Kind::Map:
        return {t.shape->element, path, t.type};
      case Kind::Object: {
        if (const FieldShape* m = t.shape->member(name)) return {m, path, t.type};
        std::vector<std::string> names;
        for (const auto& entry : t.shape->members) names.push_back(entry.first);
        std::string guess = closest(name, names);
        warn(offset,
             fmt::format("no {} asset has '{}': {} has no such field", t.type, name, t.path),
             !guess.empty() ? fmt::format("did you mean '{}'?", guess)
                            : fmt::format("its fields: {}", join(names)));
        return {};
      }
      case Kind::List:
        warn(offset, fmt::format("{} is a list: it has no field '{}'", t.path, name),
             fmt::format("iterate it ({}.exists(x, x.{} ...)) or index it", t.path, name));
        return {};
      case Kind::Scalar:
        warn(offset,
             fmt::format("{} is {} {}: it has no field '{}'", t.path,
                         std::string_view("aeiou").find(t.shape->scalar.substr(0, 1)) !=
                                 std::string_view::npos
                             ? "an"
                             : "a",
                         t.shape->scalar, name),
             "check the path against the API's output shape");
        return {};
    }
    return {};
  }

  // The element of a list, the value of a map.
  Typed element(const Typed& t, std::string_view suffix) {
    if (!t.shape) return {};
    if (t.shape->kind == Kind::Any) return t;
    if (t.shape->kind == Kind::List || t.shape->kind == Kind::Map)
      return {t.shape->element, t.path + std::string(suffix), t.type};
    return {};
  }

  Typed call(const Expr& e) {
    const std::string& fn = e.name;
    if ((fn == "_?._") && e.args.size() == 2 && is_string_constant(e.args[1].get())) {
      Typed t = walk(*e.args[0]);
      return step(t, std::string(e.args[1]->constant.as_string()), e.args[1]->offset);
    }
    if ((fn == "_[_]" || fn == "_[?_]") && e.args.size() == 2) {
      Typed t = walk(*e.args[0]);
      walk(*e.args[1]);
      if (t.shape && t.shape->kind == Kind::Object && is_string_constant(e.args[1].get()))
        return step(t, std::string(e.args[1]->constant.as_string()), e.args[1]->offset + 1);
      return element(t, t.shape && t.shape->kind == Kind::List ? "[]" : "[*]");
    }
    if (fn == "_?_:_" && e.args.size() == 3) {
      walk(*e.args[0]);
      Typed a = walk(*e.args[1]), b = walk(*e.args[2]);
      // `has(x.p) ? x.p : {}`: an empty literal (or unknown()) stands for "none of it".
      if (a.shape == b.shape || is_empty_literal(*e.args[2])) return a;
      return is_empty_literal(*e.args[1]) ? b : Typed{};
    }
    if ((fn == "orValue" || fn == "value") && e.target) {
      Typed t = walk(*e.target);
      for (const auto& a : e.args) walk(*a);
      return t;
    }
    if (fn == "dyn" && !e.target && e.args.size() == 1) return walk(*e.args[0]);
    if (fn == "account" && !e.target && e.args.empty())
      return {shapes_.shape_of("aws.account"), "account()", "aws.account"};
    if ((fn == "assets" || fn == "related") && !e.target && e.args.size() == 1 &&
        is_string_constant(e.args[0].get())) {
      std::string arg(e.args[0]->constant.as_string());
      std::string type = fn == "assets"         ? arg
                         : shapes_.related_type ? shapes_.related_type(policy_.resource, arg)
                                                : "";
      const FieldShape* asset = type.empty() ? nullptr : shapes_.shape_of(type);
      if (!asset) return {};
      return {arena_.list_of(asset), fmt::format("{}(\"{}\")", fn, arg), type};
    }
    if (e.target) walk(*e.target);
    for (const auto& a : e.args) walk(*a);
    return {};
  }

  Typed comprehension(const Expr& e) {
    Typed range = e.iter_range ? walk(*e.iter_range) : Typed{};
    Typed accu = e.accu_init ? walk(*e.accu_init) : Typed{};  // cel.bind's variable
    size_t depth = scope_.size();
    bool is_list = range.shape && range.shape->kind == Kind::List;
    Typed value =
        is_list || (range.shape && range.shape->kind == Kind::Any) ? element(range, "[]") : Typed{};
    if (range.shape && range.shape->kind == Kind::Map && !e.iter_var2.empty())
      value = element(range, "[*]");
    if (e.iter_var2.empty()) {
      bind(e.iter_var, value);  // a map's keys are strings: nothing to follow
    } else {
      bind(e.iter_var, {});
      bind(e.iter_var2, value);
    }
    bind(e.accu_var, accu);
    if (e.loop_condition) walk(*e.loop_condition);
    const Expr* pred = nullptr;
    const Expr* elem =
        e.loop_step ? cel::appended_element(*e.loop_step, e.accu_var, &pred) : nullptr;
    Typed built;
    if (elem) {
      if (pred) walk(*pred);
      Typed item = walk(*elem);
      bool filter = elem->kind == ExprKind::Ident && elem->name == e.iter_var;
      if (filter && is_list)
        built = range;
      else if (item.shape)
        built = {arena_.list_of(item.shape), item.path + " (mapped)", item.type};
    } else if (e.loop_step) {
      walk(*e.loop_step);
    }
    Typed result = e.result ? walk(*e.result) : Typed{};
    scope_.resize(depth);
    if (elem && e.result && e.result->kind == ExprKind::Ident && e.result->name == e.accu_var)
      return built;
    return result;
  }

  Typed walk(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Ident:
        return lookup(e.name);
      case ExprKind::Select:
        return step(walk(*e.target), e.name, e.offset);
      case ExprKind::Call:
        return call(e);
      case ExprKind::List:
        for (const auto& a : e.args) walk(*a);
        return {};
      case ExprKind::Map:
      case ExprKind::Struct:
        for (const auto& en : e.entries) {
          if (en.key) walk(*en.key);
          if (en.value) walk(*en.value);
        }
        return {};
      case ExprKind::Comprehension:
        return comprehension(e);
      default:
        return {};
    }
  }

  const Policy& policy_;
  const ShapeSource& shapes_;
  std::vector<Diagnostic>& out_;
  FieldShapes arena_;
  std::vector<std::pair<std::string, Typed>> scope_;
  std::set<std::tuple<int, int, std::string>> seen_;
  const SourceText* text_ = nullptr;
  size_t base_ = 0;
};

}  // namespace

std::vector<Diagnostic> check_resource_fields(const Policy& policy, const ShapeSource& shapes) {
  std::vector<Diagnostic> out;
  const FieldShape* resource = shapes.shape_of(policy.resource);
  if (!resource) return out;
  Walker w(policy, shapes, out);
  w.bind("resource", {resource, "resource", policy.resource});
  for (const auto& [name, text] : policy.lets) w.bind(name, w.walk_text(text, text.text, 0));
  w.walk_text(policy.condition, policy.condition.text, 0);
  if (policy.message) {
    auto pieces = policy_detail::split_template(policy.message->text);
    if (pieces.ok())
      for (const auto& piece : pieces.value())
        if (piece.is_expr) w.walk_text(*policy.message, piece.text, piece.offset);
  }
  for (Diagnostic& d : out) d.source_line = read_source_line(d.pos.file, d.pos.line);
  return out;
}

}  // namespace vigil
