// JsonTree and its conversion to the compact JsonDoc layout (json_doc.h):
// node 0 is the root; a container's children take a contiguous range of
// the node array reserved when the container is visited; string bytes go to
// one string area; both are then copied into the document's one allocation.
#include "core/json_builder.h"
#include "core/json_node_writer.h"

#include <cstring>
#include <unordered_map>

namespace vigil {

JsonTree JsonTree::boolean(bool b) {
  JsonTree t;
  t.kind_ = Kind::Bool;
  t.b_ = b;
  return t;
}
JsonTree JsonTree::integer(int64_t i) {
  JsonTree t;
  t.kind_ = Kind::Int;
  t.i_ = i;
  return t;
}
JsonTree JsonTree::uinteger(uint64_t u) {
  JsonTree t;
  t.kind_ = Kind::Uint;
  t.u_ = u;
  return t;
}
JsonTree JsonTree::dbl(double d) {
  JsonTree t;
  t.kind_ = Kind::Double;
  t.d_ = d;
  return t;
}
JsonTree JsonTree::string(std::string s) {
  JsonTree t;
  t.kind_ = Kind::String;
  t.text_ = std::move(s);
  return t;
}
JsonTree JsonTree::array() {
  JsonTree t;
  t.kind_ = Kind::Array;
  return t;
}
JsonTree JsonTree::object() {
  JsonTree t;
  t.kind_ = Kind::Object;
  return t;
}
JsonTree JsonTree::unavailable(std::string reason) {
  JsonTree t;
  t.kind_ = Kind::Unavailable;
  t.text_ = std::move(reason);
  return t;
}
JsonTree JsonTree::element(simdjson::dom::element e) {
  JsonTree t;
  t.kind_ = Kind::Element;
  t.element_ = e;
  return t;
}

JsonTree JsonTree::copy_of(simdjson::dom::element e) {
  using T = simdjson::dom::element_type;
  switch (e.type()) {
    case T::NULL_VALUE:
      return JsonTree();
    case T::BOOL:
      return boolean(e.get_bool().value_unsafe());
    case T::INT64:
      return integer(e.get_int64().value_unsafe());
    case T::UINT64:
      return uinteger(e.get_uint64().value_unsafe());
    case T::DOUBLE:
      return dbl(e.get_double().value_unsafe());
    case T::STRING:
      return string(std::string(e.get_string().value_unsafe()));
    case T::ARRAY: {
      JsonTree a = array();
      simdjson::dom::array items =
          e.get_array().value_unsafe();  // a local: no temporary in the range
      for (simdjson::dom::element item : items) a.push(copy_of(item));
      return a;
    }
    case T::OBJECT: {
      JsonTree o = object();
      simdjson::dom::object fields = e.get_object().value_unsafe();
      for (auto field : fields) o.add(std::string(field.key), copy_of(field.value));
      return o;
    }
  }
  return JsonTree();
}

JsonTree& JsonTree::push(JsonTree v) {
  items_.push_back(std::move(v));
  return items_.back();
}

JsonTree& JsonTree::add(std::string key, JsonTree v) {
  keys_.push_back(std::move(key));
  items_.push_back(std::move(v));
  return items_.back();
}

JsonTree& JsonTree::set(std::string_view key, JsonTree v) {
  if (JsonTree* existing = find(key)) {
    *existing = std::move(v);
    return *existing;
  }
  return add(std::string(key), std::move(v));
}

JsonTree* JsonTree::find(std::string_view key) {
  for (size_t i = 0; i < keys_.size(); ++i)
    if (keys_[i] == key) return &items_[i];
  return nullptr;
}

void JsonTree::expand() {
  if (kind_ != Kind::Element) return;
  using T = simdjson::dom::element_type;
  simdjson::dom::element e = element_;
  if (e.type() == T::OBJECT) {
    kind_ = Kind::Object;
    simdjson::dom::object fields = e.get_object().value_unsafe();
    for (auto field : fields) add(std::string(field.key), element(field.value));
  } else if (e.type() == T::ARRAY) {
    kind_ = Kind::Array;
    simdjson::dom::array items = e.get_array().value_unsafe();
    for (simdjson::dom::element item : items) push(element(item));
  } else {
    *this = copy_of(e);
  }
}

// build_json_doc's converter: writes a JsonTree through a JsonNodeWriter.
class JsonTreeWriter {
 public:
  Result<JsonDoc> build(const JsonTree& root) {
    w_.start();
    fill_tree(0, root);
    return w_.finish();
  }

  Result<JsonDoc> build(const std::vector<JsonMember>& members) {
    w_.start();
    uint32_t child = w_.reserve(0, JsonKind::Object, members.size());
    for (const JsonMember& m : members) {
      w_.node(child).key = w_.intern(m.key);
      fill_tree(child++, *m.value);
    }
    return w_.finish();
  }

 private:
  void fill_tree(uint32_t slot, const JsonTree& t) {
    using K = JsonTree::Kind;
    JsonDoc::Node& n = w_.node(slot);
    switch (t.kind_) {
      case K::Null:
        n.kind = JsonKind::Null;
        n.u = 0;
        break;
      case K::Bool:
        n.kind = JsonKind::Bool;
        n.u = 0;
        n.b = t.b_;
        break;
      case K::Int:
        n.kind = JsonKind::Int;
        n.i = t.i_;
        break;
      case K::Uint:
        n.kind = JsonKind::Uint;
        n.u = t.u_;
        break;
      case K::Double:
        n.kind = JsonKind::Double;
        n.d = t.d_;
        break;
      case K::String:
        w_.set_string(slot, JsonKind::String, t.text_);
        break;
      case K::Unavailable:
        w_.set_string(slot, JsonKind::Unavailable, t.text_);
        break;
      case K::Element:
        w_.copy(slot, t.element_);
        break;
      case K::Array: {
        uint32_t child = w_.reserve(slot, JsonKind::Array, t.items_.size());
        for (const JsonTree& item : t.items_) fill_tree(child++, item);
        break;
      }
      case K::Object: {
        uint32_t child = w_.reserve(slot, JsonKind::Object, t.items_.size());
        for (size_t i = 0; i < t.items_.size(); ++i) {
          w_.node(child).key = w_.intern(t.keys_[i]);
          fill_tree(child++, t.items_[i]);
        }
        break;
      }
    }
  }

  JsonNodeWriter w_;
};

Result<JsonDoc> build_json_doc(const JsonTree& root) {
  thread_local JsonTreeWriter writer;
  return writer.build(root);
}

Result<JsonDoc> build_json_doc(const std::vector<JsonMember>& root_members) {
  thread_local JsonTreeWriter writer;
  return writer.build(root_members);
}

}  // namespace vigil
