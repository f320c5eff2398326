// See field_reads.h.
#include "policy/field_reads.h"

#include "inventory/field_diff.h"

#include <algorithm>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "cel/parser.h"

namespace vigil {

namespace {

using cel::Expr;
using cel::ExprKind;
using PathSet = std::set<std::string>;

// What a value is known to be, as far as the asset's fields go.
struct Reach {
  PathSet at;            // the asset's value at one of these paths
  PathSet elems;         // a list whose elements are values at these paths
  PathSet strings;       // one of these string constants
  PathSet elem_strings;  // a list of these string constants
};

void merge_into(PathSet& into, const PathSet& from) { into.insert(from.begin(), from.end()); }

Reach union_of(Reach a, const Reach& b) {
  merge_into(a.at, b.at);
  merge_into(a.elems, b.elems);
  merge_into(a.strings, b.strings);
  merge_into(a.elem_strings, b.elem_strings);
  return a;
}

const Expr* reads_string_constant(const Expr* e) {
  return e && e->kind == ExprKind::Constant && e->constant.kind() == cel::Kind::String ? e
                                                                                       : nullptr;
}

class ReadWalker {
 public:
  // Walks `text`; its reads go to `reads`. A text that does not parse reads nothing.
  Reach walk_text(const std::string& text, PathSet& reads) {
    auto parsed = cel::parse(text);
    if (!parsed.ok()) return {};
    reads_ = &reads;
    return walk(*parsed->root);
  }

  void bind(std::string name, Reach value, const PathSet* reads = nullptr) {
    scope_.push_back({std::move(name), std::move(value), reads});
  }

 private:
  struct Binding {
    std::string name;
    Reach value;
    const PathSet* reads;  // a let's: what evaluating it reads
  };

  Reach lookup(const std::string& name) {
    for (auto it = scope_.rbegin(); it != scope_.rend(); ++it)
      if (it->name == name) {
        if (it->reads) merge_into(*reads_, *it->reads);
        return it->value;
      }
    return {};
  }

  Reach step(const Reach& from, const std::vector<std::string>& suffixes) {
    Reach out;
    for (const std::string& p : from.at)
      for (const std::string& s : suffixes) {
        std::string path = s.front() == '[' ? p + s : member_path(p, s);
        reads_->insert(path);
        out.at.insert(std::move(path));
      }
    return out;
  }

  Reach select(const Reach& from, const std::string& field) { return step(from, {field}); }

  // x[key]: members named by constant strings, a constant list index, or any.
  Reach index(const Reach& from, const Expr& key_expr, const Reach& key) {
    std::vector<std::string> suffixes;
    if (const Expr* s = reads_string_constant(&key_expr)) {
      suffixes.emplace_back(s->constant.as_string());
    } else if (key_expr.kind == ExprKind::Constant &&
               (key_expr.constant.kind() == cel::Kind::Int ||
                key_expr.constant.kind() == cel::Kind::Uint)) {
      suffixes.push_back("[" +
                         (key_expr.constant.kind() == cel::Kind::Int
                              ? std::to_string(key_expr.constant.as_int())
                              : std::to_string(key_expr.constant.as_uint())) +
                         "]");
    } else if (!key.strings.empty()) {
      suffixes.assign(key.strings.begin(), key.strings.end());
    } else {
      suffixes.emplace_back("[*]");
    }
    Reach out = step(from, suffixes);
    merge_into(out.at, from.elems);
    merge_into(out.strings, from.elem_strings);
    return out;
  }

  // The elements of a list (or members of a map) `range`.
  static Reach element_of(const Reach& range) {
    Reach out;
    for (const std::string& p : range.at) out.at.insert(p + "[*]");
    merge_into(out.at, range.elems);
    out.strings = range.elem_strings;
    return out;
  }

  Reach call(const Expr& e) {
    const std::string& fn = e.name;
    if (fn == "_?._" && e.args.size() == 2 && reads_string_constant(e.args[1].get()))
      return select(walk(*e.args[0]), std::string(e.args[1]->constant.as_string()));
    if ((fn == "_[_]" || fn == "_[?_]") && e.args.size() == 2) {
      Reach target = walk(*e.args[0]);
      Reach key = walk(*e.args[1]);
      return index(target, *e.args[1], key);
    }
    if (fn == "_?_:_" && e.args.size() == 3) {
      walk(*e.args[0]);
      return union_of(walk(*e.args[1]), walk(*e.args[2]));
    }
    if ((fn == "orValue" || fn == "or" || fn == "value") && e.target) {
      Reach out = walk(*e.target);
      for (const auto& a : e.args) out = union_of(std::move(out), walk(*a));
      return out;
    }
    if ((fn == "dyn" || fn == "optional.of") && !e.target && e.args.size() == 1)
      return walk(*e.args[0]);
    if (fn == "_+_" && e.args.size() == 2) {
      // Lists appended: the elements of both (strings and numbers reach nothing).
      Reach a = walk(*e.args[0]), b = walk(*e.args[1]);
      Reach out;
      out.elems = element_of(a).at;
      merge_into(out.elems, element_of(b).at);
      out.elem_strings = a.elem_strings;
      merge_into(out.elem_strings, b.elem_strings);
      return out;
    }
    if (fn == "related" && !e.target && e.args.size() == 1) {
      if (const Expr* relation = reads_string_constant(e.args[0].get()))
        reads_->insert(member_path("relationships", std::string(relation->constant.as_string())));
      return {};  // other assets
    }
    if (e.target) walk(*e.target);
    for (const auto& a : e.args) walk(*a);
    return {};
  }

  Reach comprehension(const Expr& e) {
    Reach range = e.iter_range ? walk(*e.iter_range) : Reach{};
    Reach accu = e.accu_init ? walk(*e.accu_init) : Reach{};  // cel.bind's variable
    size_t depth = scope_.size();
    if (e.iter_var2.empty()) {
      bind(e.iter_var, element_of(range));
    } else {
      bind(e.iter_var, {});  // an index or a key
      bind(e.iter_var2, element_of(range));
    }
    bind(e.accu_var, accu);
    if (e.loop_condition) walk(*e.loop_condition);
    if (e.loop_step) walk(*e.loop_step);
    const Expr* elem = e.loop_step ? cel::appended_element(*e.loop_step, e.accu_var) : nullptr;
    Reach built;
    if (elem) {
      if (elem->kind == ExprKind::Ident && elem->name == e.iter_var) {
        built = range;  // filter: a part of its range
      } else {
        Reach item = walk(*elem);  // map: a list of its transform's values
        built.elems = item.at;
        built.elem_strings = item.strings;
      }
    }
    Reach result = e.result ? walk(*e.result) : Reach{};
    scope_.resize(depth);
    if (elem && e.result && e.result->kind == ExprKind::Ident && e.result->name == e.accu_var)
      return built;
    return result;
  }

  Reach walk(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Constant:
        if (e.constant.kind() == cel::Kind::String)
          return {{}, {}, {std::string(e.constant.as_string())}, {}};
        return {};
      case ExprKind::Ident:
        return lookup(e.name);
      case ExprKind::Select:
        return select(walk(*e.target), e.name);
      case ExprKind::Call:
        return call(e);
      case ExprKind::List: {
        Reach out;
        for (const auto& a : e.args) {
          Reach item = walk(*a);
          merge_into(out.elems, item.at);
          merge_into(out.elem_strings, item.strings);
        }
        return out;
      }
      case ExprKind::Map:
      case ExprKind::Struct:
        for (const auto& en : e.entries) {
          if (en.key) walk(*en.key);
          if (en.value) walk(*en.value);
        }
        return {};
      case ExprKind::Comprehension:
        return comprehension(e);
    }
    return {};
  }

  std::vector<Binding> scope_;
  PathSet* reads_ = nullptr;
};

// Whether `prefix` names an ancestor of `path` ("a.b" of "a.b.c" and "a.b[0]").
bool is_ancestor_path(const std::string& prefix, const std::string& path) {
  return path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
         (path[prefix.size()] == '.' || path[prefix.size()] == '[');
}

}  // namespace

std::vector<std::string> resource_reads(const Policy& policy) {
  ReadWalker walker;
  walker.bind("resource", {{""}, {}, {}, {}});
  // Each let's reads, kept apart: they count only where the let is used.
  std::vector<std::unique_ptr<PathSet>> let_reads;
  for (const auto& [name, text] : policy.lets) {
    let_reads.push_back(std::make_unique<PathSet>());
    Reach value = walker.walk_text(text.text, *let_reads.back());
    walker.bind(name, std::move(value), let_reads.back().get());
  }
  PathSet reads;
  walker.walk_text(policy.condition.text, reads);
  reads.erase("");
  std::vector<std::string> out;
  for (auto it = reads.begin(); it != reads.end(); ++it) {
    auto next = std::next(it);
    // Sorted: a path's descendants follow it ('.' and '[' sort after nothing shorter).
    bool ancestor = false;
    for (auto later = next; later != reads.end() && later->compare(0, it->size(), *it) == 0;
         ++later)
      if (is_ancestor_path(*it, *later)) {
        ancestor = true;
        break;
      }
    if (!ancestor) out.push_back(*it);
  }
  return out;
}

}  // namespace vigil
