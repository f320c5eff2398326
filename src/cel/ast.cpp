// to_debug_string: a compact, unambiguous CEL-like rendering of an AST.
//
//   Constant       1  1u  1.5  "s"  b"\x00"  true  null
//   Ident          name
//   Select         operand.field, or operand.field~test-only for has()
//   Call           fn(args) or target.fn(args); operators keep their
//                  canonical names: _+_(a, 1), _[_](m, "k"), _?._(a, "b")
//   List           [a, ?b]        (? marks optional_indices)
//   Map            {k: v, ?k2: v2}
//   Struct         Name{f: v, ?g: w}
//   Comprehension  __comprehension__(iter_var[, iter_var2], iter_range,
//                  accu_var, accu_init, loop_condition, loop_step, result)
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "cel/ast.h"

namespace vigil::cel {

namespace {

void quote(std::string& out, std::string_view s, bool bytes) {
  if (bytes) out += 'b';
  out += '"';
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (u < 0x20 || u == 0x7F || (bytes && u >= 0x80)) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(u));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void constant(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Kind::Null: out += "null"; return;
    case Kind::Bool: out += v.as_bool() ? "true" : "false"; return;
    case Kind::Int: out += std::to_string(v.as_int()); return;
    case Kind::Uint: out += std::to_string(v.as_uint()) + "u"; return;
    case Kind::Double: {
      double d = v.as_double();
      if (std::isnan(d)) {
        out += "NaN";
        return;
      }
      if (std::isinf(d)) {
        out += d > 0 ? "+Inf" : "-Inf";
        return;
      }
      char buf[64];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
      std::string_view text(buf, static_cast<size_t>(end - buf));
      out += text;
      if (text.find_first_of(".e") == std::string_view::npos) out += ".0";
      return;
    }
    case Kind::String: quote(out, v.as_string(), false); return;
    case Kind::Bytes: quote(out, v.as_string(), true); return;
    default: out += v.debug_string(); return;
  }
}

class Printer {
 public:
  std::string out;

  void print(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Constant: constant(out, e.constant); break;
      case ExprKind::Ident: out += e.name; break;
      case ExprKind::Select:
        child(e.target);
        out += '.';
        out += e.name;
        if (e.test_only) out += "~test-only";
        break;
      case ExprKind::Call:
        if (e.target) {
          print(*e.target);
          out += '.';
        }
        out += e.name;
        out += '(';
        list(e.args, {});
        out += ')';
        break;
      case ExprKind::List:
        out += '[';
        list(e.args, e.optional_indices);
        out += ']';
        break;
      case ExprKind::Map:
      case ExprKind::Struct:
        if (e.kind == ExprKind::Struct) out += e.name;
        out += '{';
        for (size_t i = 0; i < e.entries.size(); ++i) {
          const Entry& entry = e.entries[i];
          if (i > 0) out += ", ";
          if (entry.optional) out += '?';
          if (e.kind == ExprKind::Struct) out += entry.field;
          else child(entry.key);
          out += ": ";
          child(entry.value);
        }
        out += '}';
        break;
      case ExprKind::Comprehension:
        out += "__comprehension__(";
        out += e.iter_var;
        if (!e.iter_var2.empty()) out += ", " + e.iter_var2;
        out += ", ";
        child(e.iter_range);
        out += ", " + e.accu_var + ", ";
        child(e.accu_init);
        out += ", ";
        child(e.loop_condition);
        out += ", ";
        child(e.loop_step);
        out += ", ";
        child(e.result);
        out += ')';
        break;
    }
  }

 private:
  void child(const ExprPtr& e) {
    if (e) print(*e);
    else out += "<null>";
  }

  void list(const std::vector<ExprPtr>& items, const std::vector<uint32_t>& optional) {
    for (size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out += ", ";
      if (std::find(optional.begin(), optional.end(), i) != optional.end()) out += '?';
      child(items[i]);
    }
  }
};

}  // namespace

const Expr* appended_element(const Expr& step, const std::string& accu, const Expr** pred) {
  const Expr* s = &step;
  if (pred) *pred = nullptr;
  if (s->kind == ExprKind::Call && s->name == "_?_:_" && s->args.size() == 3) {
    if (pred) *pred = s->args[0].get();
    s = s->args[1].get();
  }
  if (s->kind == ExprKind::Call && s->name == "_+_" && s->args.size() == 2 &&
      s->args[0]->kind == ExprKind::Ident && s->args[0]->name == accu &&
      s->args[1]->kind == ExprKind::List && s->args[1]->args.size() == 1)
    return s->args[1]->args[0].get();
  return nullptr;
}

std::string to_debug_string(const Expr& expr) {
  Printer p;
  p.print(expr);
  return p.out;
}

}  // namespace vigil::cel
