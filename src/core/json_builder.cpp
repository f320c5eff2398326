// JsonTree and its conversion to the compact JsonDoc layout (json_doc.h):
// node 0 is the root; a container's children take a contiguous range of
// the node array reserved when the container is visited; string bytes go to
// one string area; both are then copied into the document's one allocation.
#include "core/json_builder.h"

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

class JsonTreeWriter {
 public:
  Result<JsonDoc> build(const JsonTree& root) {
    start();
    fill_tree(0, root);
    return finish();
  }

  Result<JsonDoc> build(const std::vector<JsonMember>& members) {
    start();
    uint32_t child = reserve(0, JsonKind::Object, members.size());
    for (const JsonMember& m : members) {
      nodes_[child] = JsonDoc::Node{};
      nodes_[child].key = intern(m.key);
      fill_tree(child++, *m.value);
    }
    return finish();
  }

 private:
  void start() {
    nodes_.clear();
    strings_.clear();
    nodes_.resize(1);
    nodes_[0] = JsonDoc::Node{};
  }

  Result<JsonDoc> finish() {
    if (nodes_.size() >= UINT32_MAX || strings_.size() >= UINT32_MAX)
      return Error::at_offset("asset document larger than 4 GiB", 0);
    JsonDoc doc;
    size_t node_bytes = nodes_.size() * sizeof(JsonDoc::Node);
    doc.bytes_ = node_bytes + strings_.size();
    doc.node_count_ = static_cast<uint32_t>(nodes_.size());
    doc.data_ = std::make_unique_for_overwrite<std::byte[]>(doc.bytes_);
    std::memcpy(doc.data_.get(), nodes_.data(), node_bytes);
    if (!strings_.empty())
      std::memcpy(doc.data_.get() + node_bytes, strings_.data(), strings_.size());
    return doc;
  }

  uint32_t intern(std::string_view key) {
    auto it = key_cache_.find(key);
    if (it != key_cache_.end()) return it->second;
    uint32_t id = KeyTable::instance().intern(key);
    key_cache_.emplace(KeyTable::instance().name(id), id);  // KeyTable views live forever
    return id;
  }

  void set_string(uint32_t slot, JsonKind kind, std::string_view text) {
    JsonDoc::Node& n = nodes_[slot];
    n.kind = kind;
    n.span.offset = static_cast<uint32_t>(strings_.size());
    n.span.count = static_cast<uint32_t>(text.size());
    strings_.append(text);
  }

  uint32_t reserve(uint32_t slot, JsonKind kind, size_t count) {
    uint32_t first = static_cast<uint32_t>(nodes_.size());
    nodes_.resize(nodes_.size() + count);
    JsonDoc::Node& n = nodes_[slot];
    n.kind = kind;
    n.span.offset = first;
    n.span.count = static_cast<uint32_t>(count);
    return first;
  }

  void fill_tree(uint32_t slot, const JsonTree& t) {
    using K = JsonTree::Kind;
    JsonDoc::Node& n = nodes_[slot];
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
        set_string(slot, JsonKind::String, t.text_);
        break;
      case K::Unavailable:
        set_string(slot, JsonKind::Unavailable, t.text_);
        break;
      case K::Element:
        fill(slot, t.element_);
        break;
      case K::Array: {
        uint32_t child = reserve(slot, JsonKind::Array, t.items_.size());
        for (const JsonTree& item : t.items_) {
          nodes_[child] = JsonDoc::Node{};
          fill_tree(child++, item);
        }
        break;
      }
      case K::Object: {
        uint32_t child = reserve(slot, JsonKind::Object, t.items_.size());
        for (size_t i = 0; i < t.items_.size(); ++i) {
          nodes_[child] = JsonDoc::Node{};
          nodes_[child].key = intern(t.keys_[i]);
          fill_tree(child++, t.items_[i]);
        }
        break;
      }
    }
  }

  void fill(uint32_t slot, simdjson::dom::element e) {
    using T = simdjson::dom::element_type;
    JsonDoc::Node& n = nodes_[slot];
    switch (e.type()) {
      case T::NULL_VALUE:
        n.kind = JsonKind::Null;
        n.u = 0;
        break;
      case T::BOOL:
        n.kind = JsonKind::Bool;
        n.u = 0;
        n.b = e.get_bool().value_unsafe();
        break;
      case T::INT64:
        n.kind = JsonKind::Int;
        n.i = e.get_int64().value_unsafe();
        break;
      case T::UINT64:
        n.kind = JsonKind::Uint;
        n.u = e.get_uint64().value_unsafe();
        break;
      case T::DOUBLE:
        n.kind = JsonKind::Double;
        n.d = e.get_double().value_unsafe();
        break;
      case T::STRING:
        set_string(slot, JsonKind::String, e.get_string().value_unsafe());
        break;
      case T::ARRAY: {
        simdjson::dom::array a = e.get_array().value_unsafe();
        size_t count = a.size();
        if (count == 0xFFFFFF) {  // simdjson saturates the stored size
          count = 0;
          for (auto it = a.begin(); it != a.end(); ++it) ++count;
        }
        uint32_t child = reserve(slot, JsonKind::Array, count);
        for (simdjson::dom::element item : a) {
          nodes_[child] = JsonDoc::Node{};
          fill(child++, item);
        }
        break;
      }
      case T::OBJECT: {
        simdjson::dom::object o = e.get_object().value_unsafe();
        size_t count = o.size();
        if (count == 0xFFFFFF) {
          count = 0;
          for (auto it = o.begin(); it != o.end(); ++it) ++count;
        }
        uint32_t child = reserve(slot, JsonKind::Object, count);
        for (auto field : o) {
          nodes_[child] = JsonDoc::Node{};
          nodes_[child].key = intern(field.key);
          fill(child++, field.value);
        }
        break;
      }
    }
  }

  std::vector<JsonDoc::Node> nodes_;
  std::string strings_;
  std::unordered_map<std::string_view, uint32_t> key_cache_;
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
