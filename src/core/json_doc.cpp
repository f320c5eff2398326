// JsonDoc::parse: simdjson DOM -> the compact node layout.
//
// Layout produced (see json_doc.h): node 0 is the root; the children of a
// container occupy a contiguous range of the node array, reserved when the
// container is visited (so siblings are adjacent and each child's own
// children come later). String bytes are appended to one string area. The
// two are then copied into a single allocation: nodes first, then strings.
//
// Unavailable parts are applied during the conversion from a small trie of
// overrides, so the document is built in one pass with no patching.
#include <simdjson.h>

#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/json_doc.h"
#include "core/json_error.h"

namespace vigil {

namespace {

// One level of the Unavailable-parts trie. A node with a reason replaces the
// whole member; a node without one is an object to descend into.
struct Override {
  std::string key;
  uint32_t key_id = 0;
  const std::string* reason = nullptr;
  std::vector<Override> children;
};

Override* child_named(Override& parent, const std::string& key) {
  for (Override& c : parent.children)
    if (c.key == key) return &c;
  return nullptr;
}

Result<Override> build_overrides(const std::vector<UnavailablePart>& parts) {
  Override root;
  for (const UnavailablePart& part : parts) {
    if (part.path.empty()) return Error::at_offset("unavailable part with an empty path (reason: " + part.reason + ")", 0);
    Override* at = &root;
    for (const std::string& key : part.path) {
      if (at->reason) break;  // an enclosing part is already unavailable
      Override* next = child_named(*at, key);
      if (!next) {
        at->children.push_back(Override{key, KeyTable::instance().intern(key), nullptr, {}});
        next = &at->children.back();
      }
      at = next;
    }
    if (!at->reason) {
      at->reason = &part.reason;
      at->children.clear();
    }
  }
  return root;
}

}  // namespace

class JsonDocBuilder {
 public:
  Result<JsonDoc> build(simdjson::dom::element root, const Override* overrides) {
    nodes_.clear();
    strings_.clear();
    nodes_.resize(1);
    nodes_[0] = JsonDoc::Node{};
    if (overrides && !overrides->children.empty()) {
      if (root.type() != simdjson::dom::element_type::OBJECT)
        return Error::at_offset("unavailable parts need an object at the root", 0);
      fill_object(0, root.get_object().value_unsafe(), overrides);
    } else {
      fill(0, root);
    }
    JsonDoc doc;
    size_t node_bytes = nodes_.size() * sizeof(JsonDoc::Node);
    doc.bytes_ = node_bytes + strings_.size();
    doc.node_count_ = static_cast<uint32_t>(nodes_.size());
    doc.data_ = std::make_unique_for_overwrite<std::byte[]>(doc.bytes_);
    std::memcpy(doc.data_.get(), nodes_.data(), node_bytes);
    if (!strings_.empty()) std::memcpy(doc.data_.get() + node_bytes, strings_.data(), strings_.size());
    return doc;
  }

 private:
  uint32_t intern(std::string_view key) {
    auto it = key_cache_.find(key);
    if (it != key_cache_.end()) return it->second;
    uint32_t id = KeyTable::instance().intern(key);
    // Views into the KeyTable are valid forever, so they can key the cache.
    key_cache_.emplace(KeyTable::instance().name(id), id);
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

  void fill(uint32_t slot, simdjson::dom::element e) {
    using T = simdjson::dom::element_type;
    JsonDoc::Node& n = nodes_[slot];
    switch (e.type()) {
      case T::NULL_VALUE: n.kind = JsonKind::Null; n.u = 0; break;
      case T::BOOL: n.kind = JsonKind::Bool; n.u = 0; n.b = e.get_bool().value_unsafe(); break;
      case T::INT64: n.kind = JsonKind::Int; n.i = e.get_int64().value_unsafe(); break;
      case T::UINT64: n.kind = JsonKind::Uint; n.u = e.get_uint64().value_unsafe(); break;
      case T::DOUBLE: n.kind = JsonKind::Double; n.d = e.get_double().value_unsafe(); break;
      case T::STRING: set_string(slot, JsonKind::String, e.get_string().value_unsafe()); break;
      case T::ARRAY: fill_array(slot, e.get_array().value_unsafe()); break;
      case T::OBJECT: fill_object(slot, e.get_object().value_unsafe(), nullptr); break;
    }
  }

  void fill_array(uint32_t slot, simdjson::dom::array a) {
    size_t count = a.size();
    if (count == 0xFFFFFF) {  // simdjson saturates the stored size
      count = 0;
      for (auto it = a.begin(); it != a.end(); ++it) ++count;
    }
    uint32_t child = reserve(slot, JsonKind::Array, count);
    for (simdjson::dom::element e : a) {
      nodes_[child] = JsonDoc::Node{};
      fill(child++, e);
    }
  }

  void fill_object(uint32_t slot, simdjson::dom::object o, const Override* ov) {
    size_t count = o.size();
    if (count == 0xFFFFFF) {
      count = 0;
      for (auto it = o.begin(); it != o.end(); ++it) ++count;
    }
    // Overrides whose key the object lacks become extra members at the end.
    std::vector<bool> used;
    size_t extra = 0;
    if (ov) {
      used.assign(ov->children.size(), false);
      for (const Override& c : ov->children) {
        bool present = false;
        for (auto field : o)
          if (field.key == c.key) { present = true; break; }
        if (!present) ++extra;
      }
    }
    uint32_t child = reserve(slot, JsonKind::Object, count + extra);
    for (auto field : o) {
      nodes_[child] = JsonDoc::Node{};
      nodes_[child].key = intern(field.key);
      const Override* match = nullptr;
      if (ov) {
        for (size_t i = 0; i < ov->children.size(); ++i)
          if (!used[i] && ov->children[i].key == field.key) {
            used[i] = true;  // duplicate keys: only the first (the one read) is replaced
            match = &ov->children[i];
            break;
          }
      }
      if (!match) {
        fill(child, field.value);
      } else if (match->reason) {
        set_string(child, JsonKind::Unavailable, *match->reason);
      } else if (field.value.type() == simdjson::dom::element_type::OBJECT) {
        fill_object(child, field.value.get_object().value_unsafe(), match);
      } else {
        fill_created(child, *match);
      }
      ++child;
    }
    if (ov) {
      for (size_t i = 0; i < ov->children.size(); ++i) {
        if (used[i]) continue;
        nodes_[child] = JsonDoc::Node{};
        nodes_[child].key = ov->children[i].key_id;
        if (ov->children[i].reason)
          set_string(child, JsonKind::Unavailable, *ov->children[i].reason);
        else
          fill_created(child, ov->children[i]);
        ++child;
      }
    }
  }

  // An object that exists only to hold unavailable parts.
  void fill_created(uint32_t slot, const Override& ov) {
    uint32_t child = reserve(slot, JsonKind::Object, ov.children.size());
    for (const Override& c : ov.children) {
      nodes_[child] = JsonDoc::Node{};
      nodes_[child].key = c.key_id;
      if (c.reason)
        set_string(child, JsonKind::Unavailable, *c.reason);
      else
        fill_created(child, c);
      ++child;
    }
  }

  std::vector<JsonDoc::Node> nodes_;
  std::string strings_;
  std::unordered_map<std::string_view, uint32_t> key_cache_;
};

Result<JsonDoc> JsonDoc::parse(std::string_view json_text, const std::vector<UnavailablePart>& unavailable) {
  thread_local simdjson::dom::parser parser;
  thread_local JsonDocBuilder builder;
  simdjson::dom::element root;
  if (json_text.size() >= UINT32_MAX) return Error::at_offset("JSON text larger than 4 GiB", 0);
  auto error = parser.parse(json_text.data(), json_text.size()).get(root);
  std::string reread;  // owns the slow path's text while `root` points into the parser
  if (error) {
    Result<std::string> again = detail::reread_json(json_text, simdjson::error_message(error));
    if (!again.ok()) return again.error();
    reread = std::move(again).value();
    if (auto e2 = parser.parse(reread.data(), reread.size()).get(root))
      return Error::at_offset(std::string("invalid JSON: ") + simdjson::error_message(e2), 0);
  }
  if (unavailable.empty()) return builder.build(root, nullptr);
  Result<Override> overrides = build_overrides(unavailable);
  if (!overrides.ok()) return overrides.error();
  return builder.build(root, &overrides.value());
}

}  // namespace vigil
