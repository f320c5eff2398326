// Private to the CEL runtime: the compiled evaluation tree.
//
// compile_*.cpp turns an AST into a tree of Nodes: identifiers become
// variable/slot/let references, calls hold resolved FunctionImpl pointers,
// field names are interned once, literals of constants are materialized
// once. Nodes are immutable; all per-evaluation state lives in a Frame on
// the evaluating thread's stack, so one tree serves many threads.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "cel/functions.h"
#include "cel/value.h"

namespace vigil::cel::eval {

class Node;
using NodePtr = std::unique_ptr<Node>;

// Per-evaluation state. slots hold comprehension variables, accumulators
// and lets; let_done[i] says whether let i was evaluated in this frame.
struct Frame {
  std::span<const Value* const> vars;  // by pointer: the caller's values are never copied
  Value* slots = nullptr;
  uint8_t* let_done = nullptr;
  const CallContext* ctx = nullptr;
};

class Node {
 public:
  virtual ~Node() = default;
  virtual Value eval(Frame& f) const = 0;
  // The node's value either by reference to stable storage (constants,
  // variables, slots, fields of owned maps reached through those) or
  // computed into `tmp`; avoids copies (and shared reference counts) on the
  // hot paths. The reference is valid until the frame changes that storage.
  virtual const Value& eval_to(Frame& f, Value& tmp) const {
    tmp = eval(f);
    return tmp;
  }
  // The literal value when the node is a constant (owning its payloads,
  // unlike what eval() returns, which may be a view of it).
  virtual const Value* constant() const { return nullptr; }
};

// Bytes a value built by the evaluation holds itself (its children were
// charged when they were built): see cel/budget.h.
inline uint64_t built_bytes(const Value& v) {
  switch (v.kind()) {
    case Kind::List:
      return v.list_size() * sizeof(Value);
    case Kind::Map:
      return v.map_size() * 2 * sizeof(Value);
    case Kind::String:
    case Kind::Bytes:
      return v.as_string().size();
    default:
      return 0;
  }
}

// The work of reading a value once (CEL's cost model: linear in the size
// of lists and maps, in 16-byte units of strings), for the calls and
// operators that walk their operands.
inline uint64_t walk_steps(const Value& v) {
  switch (v.kind()) {
    case Kind::List:
      return v.list_size();
    case Kind::Map:
      return v.map_size();
    case Kind::String:
    case Kind::Bytes:
      return v.as_string().size() / 16;
    default:
      return 0;
  }
}

// Charges the evaluation's budget (none during constant folding); false once
// it is exhausted, and then the node returns budget_error(f).
inline bool charge(const Frame& f, uint64_t steps, uint64_t bytes) {
  return f.ctx == nullptr || f.ctx->budget == nullptr || f.ctx->budget->charge(steps, bytes);
}
inline Value budget_error(const Frame& f) { return Value::error(f.ctx->budget->message()); }

// Evaluates `n` into a reference, using `tmp` only when the node must compute.
inline const Value& eval_ref(const Node& n, Frame& f, Value& tmp) { return n.eval_to(f, tmp); }

// Leaves.
NodePtr make_const(Value v);
NodePtr make_var(size_t index, std::string name);
NodePtr make_slot(size_t slot);
NodePtr make_let_ref(size_t slot, size_t let_index, const Node* body);
NodePtr make_error(std::string message);  // unresolved reference in unchecked mode

// Field access and indexing (eval_access.cpp).
NodePtr make_select(NodePtr operand, std::string field, bool test_only);
NodePtr make_opt_select(NodePtr operand, std::string field);
NodePtr make_index(NodePtr operand, NodePtr index, bool optional);
NodePtr make_in(NodePtr element, NodePtr container);

// Logic, comparisons and calls (eval_logic.cpp).
NodePtr make_and(NodePtr a, NodePtr b);
NodePtr make_or(NodePtr a, NodePtr b);
NodePtr make_conditional(NodePtr cond, NodePtr then, NodePtr otherwise);
NodePtr make_not_strictly_false(NodePtr a);
enum class CmpOp : uint8_t { Eq, Ne, Lt, Le, Gt, Ge };
NodePtr make_compare(CmpOp op, NodePtr a, NodePtr b);
NodePtr make_call(std::string name, const FunctionImpl* fn, std::vector<NodePtr> args);
NodePtr make_opt_or(NodePtr optional, NodePtr alternative, bool or_value);

// Construction and comprehensions (eval_build.cpp).
NodePtr make_list(std::vector<NodePtr> elements, std::vector<bool> optional);
struct MapEntryNode {
  NodePtr key;
  NodePtr value;
  bool optional = false;
};
NodePtr make_map(std::vector<MapEntryNode> entries);
NodePtr make_struct(std::string type_name);
NodePtr make_map_insert(std::vector<NodePtr> args);  // cel.@mapInsert, 2 or 3 args
// `accu + [elem]` where accu is a comprehension accumulator slot; `concat`
// is the registry's `_+_`, used when the accumulator is not a list.
NodePtr make_accu_append(size_t accu_slot, NodePtr elem, const FunctionImpl* concat);
struct ComprehensionSlots {
  size_t iter;
  size_t iter2;  // == iter when there is no second variable
  bool two_vars;
  size_t accu;
};
NodePtr make_comprehension(ComprehensionSlots slots, NodePtr range, NodePtr init, NodePtr cond,
                           NodePtr step, NodePtr result);

// The exists (exists = true) and all (false) macros, predicate only.
NodePtr make_quantifier(ComprehensionSlots slots, NodePtr range, NodePtr pred, bool exists);

// Shared operations (eval_access.cpp), also used by constant folding.
Value select_field(const Value& v, const std::string& field, uint32_t key_id, bool test_only);
Value optional_select(const Value& v, const std::string& field, uint32_t key_id);
Value index_value(const Value& container, const Value& index, bool optional);
Value in_value(const Value& element, const Value& container);
Value build_map(std::vector<MapEntry> entries);  // validates key types and duplicates

}  // namespace vigil::cel::eval
