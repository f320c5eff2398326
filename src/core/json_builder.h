// JsonTree: a small mutable JSON tree for assembling a JsonDoc from parts
// (connectors build assets from several parsed API outputs) without writing
// JSON text and parsing it again.
//
// Contract
// - A JsonTree node is null, bool, int, uint, double, string, array, object,
//   unavailable (see JsonKind::Unavailable; its text is the reason) or a
//   *borrowed* simdjson element. A borrowed element is copied only when the
//   tree is frozen by build_json_doc(): the simdjson document it points into
//   must outlive that call.
// - Object members keep insertion order; set() replaces an existing member,
//   add() appends without looking (callers that know the key is new).
// - build_json_doc() produces exactly the layout JsonDoc::parse produces for
//   the equivalent text (children contiguous, keys interned, strings packed).
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_doc.h"

namespace vigil {

class JsonTree {
 public:
  enum class Kind : uint8_t {
    Null,
    Bool,
    Int,
    Uint,
    Double,
    String,
    Array,
    Object,
    Unavailable,
    Element
  };

  JsonTree() = default;
  static JsonTree boolean(bool b);
  static JsonTree integer(int64_t i);
  static JsonTree uinteger(uint64_t u);
  static JsonTree dbl(double d);
  static JsonTree string(std::string s);
  static JsonTree array();
  static JsonTree object();
  static JsonTree unavailable(std::string reason);
  static JsonTree element(simdjson::dom::element e);
  // A deep, owned copy of `e` (no reference into its document remains).
  static JsonTree copy_of(simdjson::dom::element e);

  Kind kind() const { return kind_; }
  bool is_object() const { return kind_ == Kind::Object; }
  const std::string& text() const { return text_; }  // String, Unavailable
  simdjson::dom::element borrowed() const { return element_; }

  // Arrays.
  JsonTree& push(JsonTree v);
  // Objects.
  JsonTree& add(std::string key, JsonTree v);
  JsonTree& set(std::string_view key, JsonTree v);
  JsonTree* find(std::string_view key);
  size_t size() const { return items_.size(); }
  JsonTree& at(size_t i) { return items_[i]; }
  const JsonTree& at(size_t i) const { return items_[i]; }
  const std::string& key_at(size_t i) const { return keys_[i]; }

  // Turns a borrowed object/array element into an Object/Array node whose
  // children are borrowed elements, so one member can be replaced without
  // copying the rest. No-op for other kinds.
  void expand();

 private:
  friend class JsonTreeWriter;
  Kind kind_ = Kind::Null;
  union {
    bool b_;
    int64_t i_;
    uint64_t u_;
    double d_ = 0;
  };
  std::string text_;
  std::vector<std::string> keys_;  // Object: member keys, parallel to items_
  std::vector<JsonTree> items_;
  simdjson::dom::element element_;
};

// Freezes a tree into a JsonDoc. Fails only on documents too large for the
// 32-bit node layout.
Result<JsonDoc> build_json_doc(const JsonTree& root);

// The same for a root object given as its members, in order, without
// copying the member trees into one root first.
struct JsonMember {
  std::string_view key;
  const JsonTree* value;
};
Result<JsonDoc> build_json_doc(const std::vector<JsonMember>& root_members);

}  // namespace vigil
