// List/map/struct construction and comprehensions.
#include "cel/eval_nodes.h"
#include "cel/value_internal.h"

namespace vigil::cel::eval {

namespace {

Value not_optional(const Value& v) {
  return Value::error("optional entry expected an optional value, got '" +
                      std::string(kind_name(v.kind())) + "'");
}

// Sets the iteration variables for element i of a list or map range.
inline void bind_iteration(Frame& f, const ComprehensionSlots& s, const Value& range, bool is_list,
                           size_t i) {
  if (is_list) {
    if (s.two_vars) {
      f.slots[s.iter] = Value::integer(static_cast<int64_t>(i));
      f.slots[s.iter2] = range.list_at(i);
    } else {
      f.slots[s.iter] = range.list_at(i);
    }
  } else {
    f.slots[s.iter] = range.map_key_at(i);
    if (s.two_vars) f.slots[s.iter2] = range.map_value_at(i);
  }
}

class ListNode final : public Node {
 public:
  ListNode(std::vector<NodePtr> elements, std::vector<bool> optional)
      : elements_(std::move(elements)), optional_(std::move(optional)) {}
  Value eval(Frame& f) const override {
    ValueList items;
    items.reserve(elements_.size());
    for (size_t i = 0; i < elements_.size(); ++i) {
      Value v = elements_[i]->eval(f);
      if (v.is_error()) return v;
      if (optional_[i]) {
        if (v.kind() != Kind::Optional) return not_optional(v);
        if (v.optional_has_value()) items.push_back(v.optional_value());
        continue;
      }
      items.push_back(std::move(v));
    }
    if (!charge(f, 0, items.size() * sizeof(Value))) return budget_error(f);
    return Value::list(std::move(items));
  }

 private:
  std::vector<NodePtr> elements_;
  std::vector<bool> optional_;
};

class MapNode final : public Node {
 public:
  explicit MapNode(std::vector<MapEntryNode> entries) : entries_(std::move(entries)) {}
  Value eval(Frame& f) const override {
    std::vector<MapEntry> out;
    out.reserve(entries_.size());
    for (const MapEntryNode& e : entries_) {
      Value k = e.key->eval(f);
      if (k.is_error()) return k;
      Value v = e.value->eval(f);
      if (v.is_error()) return v;
      if (e.optional) {
        if (v.kind() != Kind::Optional) return not_optional(v);
        if (!v.optional_has_value()) continue;
        out.emplace_back(std::move(k), v.optional_value());
        continue;
      }
      out.emplace_back(std::move(k), std::move(v));
    }
    if (!charge(f, 0, out.size() * 2 * sizeof(Value))) return budget_error(f);
    return build_map(std::move(out));
  }

 private:
  std::vector<MapEntryNode> entries_;
};

class StructNode final : public Node {
 public:
  explicit StructNode(std::string type_name)
      : error_(Value::error(
            "unsupported message type '" + type_name +
            "': message construction needs protobuf types, which Vigil does not provide")) {}
  Value eval(Frame&) const override { return error_; }

 private:
  Value error_;
};

class ComprehensionNode final : public Node {
 public:
  ComprehensionNode(ComprehensionSlots slots, NodePtr range, NodePtr init, NodePtr cond,
                    NodePtr step, NodePtr result)
      : s_(slots),
        range_(std::move(range)),
        init_(std::move(init)),
        cond_(std::move(cond)),
        step_(std::move(step)),
        result_(std::move(result)) {}

  Value eval(Frame& f) const override {
    Value tmp;
    const Value& range = eval_ref(*range_, f, tmp);
    if (range.is_error()) return range;
    const bool is_list = range.kind() == Kind::List;
    if (!is_list && range.kind() != Kind::Map) {
      return Value::error("cannot iterate over a value of type '" +
                          std::string(kind_name(range.kind())) + "' (expected list or map)");
    }
    f.slots[s_.accu] = init_->eval(f);
    const size_t n = is_list ? range.list_size() : range.map_size();
    for (size_t i = 0; i < n; ++i) {
      if (!charge(f, 1, 0)) {
        release(f);
        return budget_error(f);
      }
      bind_iteration(f, s_, range, is_list, i);
      Value c = cond_->eval(f);
      if (c.kind() == Kind::Bool) {
        if (!c.as_bool()) break;
      } else if (c.is_error()) {
        return c;
      } else {
        return Value::error("comprehension loop condition is not a bool but '" +
                            std::string(kind_name(c.kind())) + "'");
      }
      f.slots[s_.accu] = step_->eval(f);
    }
    Value out = result_->eval(f);
    release(f);
    return out;
  }

 private:
  // Releases the loop state: the frame may outlive this comprehension.
  void release(Frame& f) const {
    f.slots[s_.iter] = Value();
    f.slots[s_.iter2] = Value();
    f.slots[s_.accu] = Value();
  }
  ComprehensionSlots s_;
  NodePtr range_, init_, cond_, step_, result_;
};

// cel.@mapInsert(map, key, value) / cel.@mapInsert(map, entries): the step
// of the transformMap macros. Strict; a key already present is an error.
class MapInsertNode final : public Node {
 public:
  explicit MapInsertNode(std::vector<NodePtr> args) : args_(std::move(args)) {}
  Value eval(Frame& f) const override {
    Value m = args_[0]->eval(f);
    if (m.is_error()) return m;
    std::vector<Value> rest;
    for (size_t i = 1; i < args_.size(); ++i) {
      rest.push_back(args_[i]->eval(f));
      if (rest.back().is_error()) return rest.back();
    }
    if (m.kind() != Kind::Map) return Value::error("cel.@mapInsert: expected a map accumulator");
    // The copy is work; only the new entry is retained.
    if (!charge(f, m.map_size(), 2 * sizeof(Value))) return budget_error(f);
    std::vector<MapEntry> entries;
    entries.reserve(m.map_size() + 1);
    for (size_t i = 0; i < m.map_size(); ++i)
      entries.emplace_back(m.map_key_at(i), m.map_value_at(i));
    if (rest.size() == 2) {
      entries.emplace_back(std::move(rest[0]), std::move(rest[1]));
    } else {
      const Value& add = rest[0];
      if (add.kind() != Kind::Map) {
        return Value::error("transformMapEntry: the entry expression must produce a map, got '" +
                            std::string(kind_name(add.kind())) + "'");
      }
      for (size_t i = 0; i < add.map_size(); ++i)
        entries.emplace_back(add.map_key_at(i), add.map_value_at(i));
    }
    return build_map(std::move(entries));
  }

 private:
  std::vector<NodePtr> args_;
};

// The `exists` and `all` macros without the accumulator machinery:
// exists is true as soon as one predicate is true, all is false as soon as
// one is false; otherwise the first error (or non-bool) is the result, as
// the expansion `@result || p` / `@result && p` would give.
class QuantifierNode final : public Node {
 public:
  QuantifierNode(ComprehensionSlots slots, NodePtr range, NodePtr pred, bool exists)
      : s_(slots), range_(std::move(range)), pred_(std::move(pred)), exists_(exists) {}
  Value eval(Frame& f) const override {
    Value tmp;
    const Value& range = eval_ref(*range_, f, tmp);
    if (range.is_error()) return range;
    const bool is_list = range.kind() == Kind::List;
    if (!is_list && range.kind() != Kind::Map) {
      return Value::error("cannot iterate over a value of type '" +
                          std::string(kind_name(range.kind())) + "' (expected list or map)");
    }
    const size_t n = is_list ? range.list_size() : range.map_size();
    Value error;
    bool failed = false;
    for (size_t i = 0; i < n; ++i) {
      if (!charge(f, 1, 0)) {
        release(f);
        return budget_error(f);
      }
      bind_iteration(f, s_, range, is_list, i);
      Value v = pred_->eval(f);
      if (v.kind() == Kind::Bool) {
        if (v.as_bool() == exists_) {
          release(f);
          return v;
        }
      } else if (!failed) {
        failed = true;
        error = v.is_error() ? std::move(v)
                             : Value::error(std::string("no matching overload for ") +
                                            (exists_ ? "_||_" : "_&&_") + " applied to (bool, " +
                                            std::string(kind_name(v.kind())) + ")");
      }
    }
    release(f);
    if (failed) return error;
    return Value::boolean(!exists_);
  }

 private:
  void release(Frame& f) const {
    f.slots[s_.iter] = Value();
    f.slots[s_.iter2] = Value();
  }
  ComprehensionSlots s_;
  NodePtr range_, pred_;
  bool exists_;
};

// `@result + [elem]` in a comprehension step (the map and filter macros):
// appends in place when this frame holds the only reference to the
// accumulator list, so building a list of n elements is O(n), not O(n^2).
class AccuAppendNode final : public Node {
 public:
  AccuAppendNode(size_t accu, NodePtr elem, const FunctionImpl* concat)
      : accu_(accu), elem_(std::move(elem)), concat_(concat) {}
  Value eval(Frame& f) const override {
    Value& acc = f.slots[accu_];
    if (acc.is_error()) return acc;
    Value e = elem_->eval(f);
    if (e.is_error()) return e;
    if (!charge(f, 0, sizeof(Value))) return budget_error(f);
    if (ListData* list = ValueAccess::unique_list(acc)) {
      list->items.push_back(std::move(e));
      return acc;
    }
    if (acc.kind() == Kind::List) {
      if (!charge(f, acc.list_size(), 0)) return budget_error(f);
      ValueList items;
      items.reserve(acc.list_size() * 2 + 1);
      for (size_t i = 0; i < acc.list_size(); ++i) items.push_back(acc.list_at(i));
      items.push_back(std::move(e));
      return Value::list(std::move(items));
    }
    Value args[2] = {acc, Value::list({std::move(e)})};
    return (*concat_)(std::span<const Value>(args, 2), *f.ctx);
  }

 private:
  size_t accu_;
  NodePtr elem_;
  const FunctionImpl* concat_;
};

}  // namespace

NodePtr make_quantifier(ComprehensionSlots slots, NodePtr range, NodePtr pred, bool exists) {
  return std::make_unique<QuantifierNode>(slots, std::move(range), std::move(pred), exists);
}

NodePtr make_accu_append(size_t accu_slot, NodePtr elem, const FunctionImpl* concat) {
  return std::make_unique<AccuAppendNode>(accu_slot, std::move(elem), concat);
}

NodePtr make_map_insert(std::vector<NodePtr> args) {
  return std::make_unique<MapInsertNode>(std::move(args));
}

NodePtr make_list(std::vector<NodePtr> elements, std::vector<bool> optional) {
  return std::make_unique<ListNode>(std::move(elements), std::move(optional));
}
NodePtr make_map(std::vector<MapEntryNode> entries) {
  return std::make_unique<MapNode>(std::move(entries));
}
NodePtr make_struct(std::string type_name) {
  return std::make_unique<StructNode>(std::move(type_name));
}
NodePtr make_comprehension(ComprehensionSlots slots, NodePtr range, NodePtr init, NodePtr cond,
                           NodePtr step, NodePtr result) {
  return std::make_unique<ComprehensionNode>(slots, std::move(range), std::move(init),
                                             std::move(cond), std::move(step), std::move(result));
}

}  // namespace vigil::cel::eval
