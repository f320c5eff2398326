// Leaves, field selection, indexing and `in`.
#include <cmath>

#include "cel/eval_nodes.h"
#include "cel/value_internal.h"
#include "core/json_doc.h"

namespace vigil::cel::eval {

namespace {

class ConstNode final : public Node {
 public:
  explicit ConstNode(Value v) : owned_(std::move(v)) {
    // Strings are handed out as views of owned_ so that evaluating a
    // constant never touches a shared reference count.
    view_ = owned_.kind() == Kind::String ? Value::string_view(owned_.as_string()) : owned_;
  }
  Value eval(Frame&) const override { return view_; }
  const Value& eval_to(Frame&, Value&) const override { return view_; }
  const Value* constant() const override { return &owned_; }

 private:
  Value owned_;
  Value view_;
};

class VarNode final : public Node {
 public:
  VarNode(size_t index, const std::string& name)
      : index_(index),
        unbound_(Value::error("no value bound for variable '" + name +
                              "' (evaluate() got fewer values than Env::variables)")) {}
  Value eval(Frame& f) const override { return get(f); }
  const Value& eval_to(Frame& f, Value&) const override { return get(f); }

 private:
  const Value& get(Frame& f) const { return index_ < f.vars.size() ? *f.vars[index_] : unbound_; }
  size_t index_;
  Value unbound_;
};

class SlotNode final : public Node {
 public:
  explicit SlotNode(size_t slot) : slot_(slot) {}
  Value eval(Frame& f) const override { return f.slots[slot_]; }
  const Value& eval_to(Frame& f, Value&) const override { return f.slots[slot_]; }

 private:
  size_t slot_;
};

class LetRefNode final : public Node {
 public:
  LetRefNode(size_t slot, size_t let_index, const Node* body)
      : slot_(slot), let_(let_index), body_(body) {}
  Value eval(Frame& f) const override { return get(f); }
  const Value& eval_to(Frame& f, Value&) const override { return get(f); }

 private:
  const Value& get(Frame& f) const {
    if (!f.let_done[let_]) {
      f.slots[slot_] = body_->eval(f);
      f.let_done[let_] = 1;
    }
    return f.slots[slot_];
  }

  size_t slot_;
  size_t let_;
  const Node* body_;
};

class ErrorNode final : public Node {
 public:
  explicit ErrorNode(std::string message) : error_(Value::error(std::move(message))) {}
  Value eval(Frame&) const override { return error_; }

 private:
  Value error_;
};

// Field selection. A chain of plain selections (`resource.config.A.B`) is
// one node: over a JSON document it walks node indexes by interned key id
// and materializes a Value only for the last field (or wherever the walk
// leaves JSON objects, from where each step is applied to a Value).
class SelectNode final : public Node {
 public:
  SelectNode(NodePtr operand, std::string field, bool test_only, bool optional)
      : test_only_(test_only), optional_(optional) {
    auto* inner = dynamic_cast<SelectNode*>(operand.get());
    if (!optional && inner && !inner->test_only_ && !inner->optional_) {
      base_ = std::move(inner->base_);
      steps_ = std::move(inner->steps_);
    } else {
      base_ = std::move(operand);
    }
    uint32_t id = KeyTable::instance().intern(field);
    steps_.push_back(Step{std::move(field), id});
  }
  Value eval(Frame& f) const override {
    Value tmp;
    const Value& r = eval_to(f, tmp);
    if (&r == &tmp) return tmp;
    return r;
  }

  const Value& eval_to(Frame& f, Value& out) const override {
    Value base_tmp;
    const Value* cur = &base_->eval_to(f, base_tmp);
    // `cur` refers to stable storage (a variable, constant, slot or a field
    // of an owned map held there) unless it is one of the temporaries.
    bool stable = cur != &base_tmp;
    const size_t n = steps_.size();
    if (optional_) {
      out = optional_select(*cur, steps_[0].field, steps_[0].key_id);
      return out;
    }
    for (size_t i = 0; i < n; ++i) {
      const bool last = i + 1 == n;
      const bool test = last && test_only_;
      if (cur->kind() == Kind::Map && ValueAccess::borrowed(*cur)) {
        // Walk the JSON objects by node index.
        const JsonDoc* doc = ValueAccess::json_doc(*cur);
        uint32_t obj = ValueAccess::json(*cur).index();
        for (;;) {
          const Step& s = steps_[i];
          const JsonDoc::Node& o = doc->node(obj);
          uint32_t found = 0;
          for (uint32_t c = o.span.offset, end = c + o.span.count; c < end; ++c) {
            if (doc->node(c).key == s.key_id) {
              found = c;
              break;
            }
          }
          const bool at_last = i + 1 == n;
          if (found == 0) {
            out = at_last && test_only_ ? Value::boolean(false)
                                        : Value::error("no such key: " + s.field);
            return out;  // an error propagates through the remaining steps
          }
          if (at_last) {
            if (!test_only_ || ValueAccess::is_unavailable(doc, found)) {
              out = ValueAccess::from_node(doc, found);
            } else {
              out = Value::boolean(true);
            }
            return out;
          }
          if (doc->node(found).kind != JsonKind::Object) {
            out = ValueAccess::from_node(doc, found);
            cur = &out;
            stable = false;
            break;
          }
          obj = found;
          ++i;
        }
        continue;
      }
      const Step& s = steps_[i];
      // A field of an owned map held in stable storage (a variable such as
      // `params`, a constant, a slot) is itself stable: hand it out by
      // reference so that threads sharing the map do not contend on counts.
      if (stable && !test && cur->kind() == Kind::Map) {
        if (const Value* field = ValueAccess::find_owned_field(*cur, s.field)) {
          cur = field;
          continue;
        }
      }
      Value r = select_field(*cur, s.field, s.key_id, test);
      out = std::move(r);
      cur = &out;
      stable = false;
    }
    return *cur;
  }

 private:
  struct Step {
    std::string field;
    uint32_t key_id;
  };
  NodePtr base_;
  std::vector<Step> steps_;
  bool test_only_;
  bool optional_;
};

class IndexNode final : public Node {
 public:
  IndexNode(NodePtr operand, NodePtr index, bool optional)
      : operand_(std::move(operand)), index_(std::move(index)), optional_(optional) {}
  Value eval(Frame& f) const override {
    Value t1, t2;
    const Value& c = eval_ref(*operand_, f, t1);
    if (c.is_error()) return c;
    const Value& i = eval_ref(*index_, f, t2);
    if (i.is_error()) return i;
    return index_value(c, i, optional_);
  }

 private:
  NodePtr operand_;
  NodePtr index_;
  bool optional_;
};

class InNode final : public Node {
 public:
  InNode(NodePtr element, NodePtr container)
      : element_(std::move(element)), container_(std::move(container)) {}
  Value eval(Frame& f) const override {
    Value t1, t2;
    const Value& e = eval_ref(*element_, f, t1);
    if (e.is_error()) return e;
    const Value& c = eval_ref(*container_, f, t2);
    if (c.is_error()) return c;
    // A list is searched element by element; a map is one lookup.
    if (!charge(f, 1 + (c.kind() == Kind::List ? c.list_size() : 0), 0)) return budget_error(f);
    return in_value(e, c);
  }

 private:
  NodePtr element_;
  NodePtr container_;
};

std::string no_overload(std::string_view op, const Value& a, const Value& b) {
  return "no such overload: " + std::string(kind_name(a.kind())) + std::string(op) +
         std::string(kind_name(b.kind())) + (op == "[" ? "]" : "");
}

bool valid_key_kind(Kind k) {
  return k == Kind::Bool || k == Kind::Int || k == Kind::Uint || k == Kind::String;
}

}  // namespace

NodePtr make_const(Value v) { return std::make_unique<ConstNode>(std::move(v)); }
NodePtr make_var(size_t index, std::string name) { return std::make_unique<VarNode>(index, name); }
NodePtr make_slot(size_t slot) { return std::make_unique<SlotNode>(slot); }
NodePtr make_let_ref(size_t slot, size_t let_index, const Node* body) {
  return std::make_unique<LetRefNode>(slot, let_index, body);
}
NodePtr make_error(std::string message) { return std::make_unique<ErrorNode>(std::move(message)); }
NodePtr make_select(NodePtr operand, std::string field, bool test_only) {
  return std::make_unique<SelectNode>(std::move(operand), std::move(field), test_only, false);
}
NodePtr make_opt_select(NodePtr operand, std::string field) {
  return std::make_unique<SelectNode>(std::move(operand), std::move(field), false, true);
}
NodePtr make_index(NodePtr operand, NodePtr index, bool optional) {
  return std::make_unique<IndexNode>(std::move(operand), std::move(index), optional);
}
NodePtr make_in(NodePtr element, NodePtr container) {
  return std::make_unique<InNode>(std::move(element), std::move(container));
}

Value select_field(const Value& v, const std::string& field, uint32_t key_id, bool test_only) {
  switch (v.kind()) {
    case Kind::Map: {
      auto found = v.map_find_field(field, key_id);
      if (!found) {
        if (test_only) return Value::boolean(false);
        return Value::error("no such key: " + field);
      }
      // A part whose collection failed is neither present nor absent.
      if (found->is_error()) return *found;
      return test_only ? Value::boolean(true) : std::move(*found);
    }
    case Kind::Optional:
      // Selecting on an optional chains: none stays none, has() is false.
      if (test_only) {
        if (!v.optional_has_value()) return Value::boolean(false);
        return select_field(v.optional_value(), field, key_id, true);
      }
      return optional_select(v, field, key_id);
    case Kind::Error:
      return v;
    default:
      return Value::error("type '" + std::string(kind_name(v.kind())) +
                          "' does not support field selection (field '" + field + "')");
  }
}

Value optional_select(const Value& v, const std::string& field, uint32_t key_id) {
  const Value* target = &v;
  if (v.kind() == Kind::Optional) {
    if (!v.optional_has_value()) return v;
    target = &v.optional_value();
  }
  if (target->kind() == Kind::Map) {
    auto found = target->map_find_field(field, key_id);
    if (!found) return Value::optional_none();
    if (found->is_error()) return *found;
    return Value::optional_of(std::move(*found));
  }
  return select_field(*target, field, key_id, false);
}

Value index_value(const Value& c, const Value& k, bool optional) {
  const Value* target = &c;
  if (c.kind() == Kind::Optional) {
    if (!c.optional_has_value()) return c;
    target = &c.optional_value();
    optional = true;
  }
  switch (target->kind()) {
    case Kind::List: {
      int64_t i = 0;
      if (k.kind() == Kind::Int) {
        i = k.as_int();
      } else if (k.kind() == Kind::Uint && k.as_uint() <= static_cast<uint64_t>(INT64_MAX)) {
        i = static_cast<int64_t>(k.as_uint());
      } else if (k.kind() == Kind::Double && std::trunc(k.as_double()) == k.as_double() &&
                 std::abs(k.as_double()) < 9.2e18) {
        i = static_cast<int64_t>(k.as_double());
      } else if (k.kind() == Kind::Uint) {
        i = INT64_MAX;
      } else {
        return Value::error(no_overload("[", *target, k));
      }
      size_t n = target->list_size();
      if (i < 0 || static_cast<uint64_t>(i) >= n) {
        if (optional) return Value::optional_none();
        return Value::error("index out of range: " + std::to_string(i) + " (list size " +
                            std::to_string(n) + ")");
      }
      Value e = target->list_at(static_cast<size_t>(i));
      if (optional && !e.is_error()) return Value::optional_of(std::move(e));
      return e;
    }
    case Kind::Map: {
      if (!valid_key_kind(k.kind()) && k.kind() != Kind::Double) {
        return Value::error("unsupported key type: " + std::string(kind_name(k.kind())));
      }
      auto found = target->map_find(k);
      if (!found) {
        if (optional) return Value::optional_none();
        return Value::error("no such key: " + k.debug_string());
      }
      if (optional && !found->is_error()) return Value::optional_of(std::move(*found));
      return std::move(*found);
    }
    case Kind::Error:
      return *target;
    default:
      return Value::error(no_overload("[", *target, k));
  }
}

Value in_value(const Value& e, const Value& c) {
  if (c.kind() == Kind::List) {
    if (!ValueAccess::borrowed(c)) {
      // By reference: constant lists are shared by every evaluating thread,
      // copying their elements would contend on reference counts.
      for (const Value& item : ValueAccess::list(c).items) {
        if (item.equals(e)) return Value::boolean(true);
      }
      return Value::boolean(false);
    }
    size_t n = c.list_size();
    for (size_t i = 0; i < n; ++i) {
      if (c.list_at(i).equals(e)) return Value::boolean(true);
    }
    return Value::boolean(false);
  }
  if (c.kind() == Kind::Map) return Value::boolean(c.map_find(e).has_value());
  return Value::error(no_overload(" in ", e, c));
}

Value build_map(std::vector<MapEntry> entries) {
  for (size_t i = 0; i < entries.size(); ++i) {
    const Value& key = entries[i].first;
    if (!valid_key_kind(key.kind())) {
      return Value::error("unsupported key type: " + std::string(kind_name(key.kind())) +
                          " (map keys must be int, uint, bool or string)");
    }
    for (size_t j = 0; j < i; ++j) {
      if (map_key_equal(entries[j].first, key)) {
        return Value::error("duplicate map key: " + key.debug_string());
      }
    }
  }
  return Value::map(std::move(entries));
}

}  // namespace vigil::cel::eval
